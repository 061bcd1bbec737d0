-- Withdrawn records in OAI-PMH. A record that anonymous readers could see and then no
-- longer can (made restricted, or embargoed again) must not simply vanish from the OAI-PMH
-- lists: harvesters that copied it would keep it forever. With deletedRecord=persistent
-- (OAI-PMH 2.0 section 2.5.1) it is reported as deleted, header only, from the write that
-- withdrew it. A record that was never visible stays invisible: reporting it, even as
-- deleted, would reveal that it exists.
--
-- `withdrawn` is set by the write that takes a record out of anonymous sight and cleared
-- by the write that brings it back; writes that leave access alone keep it. Only an UPDATE
-- that changes the access columns can do either, so the trigger fires for those alone (its
-- WHEN clause is checked without calling the function): inserts and the many updates that
-- leave access alone cost nothing (a trigger on every row cost ~30 us per INSERT).
-- The condition is the anonymous part of READ_POLICY (src/access/policy.ts):
-- test/oai-pmh/withdrawn.test.ts checks the trigger against canRead for every pair of
-- access levels and embargo dates, so the two cannot drift apart unnoticed.
ALTER TABLE records ADD COLUMN withdrawn boolean NOT NULL DEFAULT false;

CREATE FUNCTION granary_records_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_visible boolean := OLD.access_level = 'public'
    OR (OLD.access_level = 'embargoed' AND OLD.embargo_until <= CURRENT_DATE);
  is_visible boolean := NEW.access_level = 'public'
    OR (NEW.access_level = 'embargoed' AND NEW.embargo_until <= CURRENT_DATE);
BEGIN
  IF is_visible THEN
    NEW.withdrawn := false;
  ELSIF was_visible THEN
    NEW.withdrawn := true;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER records_withdrawn
  BEFORE UPDATE ON records
  FOR EACH ROW
  WHEN (OLD.access_level IS DISTINCT FROM NEW.access_level OR OLD.embargo_until IS DISTINCT FROM NEW.embargo_until)
  EXECUTE FUNCTION granary_records_withdrawn();

-- Withdrawn records in OAI-PMH. A record that anonymous readers could once see and now
-- cannot (made restricted, or embargoed again) must not simply vanish from the OAI-PMH
-- lists: harvesters that copied it would keep it forever. With deletedRecord=persistent
-- (OAI-PMH 2.0 section 2.5.1) it is reported as deleted, header only, from the write that
-- withdrew it. A record that was never visible stays invisible: reporting it, even as
-- deleted, would reveal that it exists.
--
-- `exposed` remembers "anonymous readers have seen this record". It is kept by a trigger,
-- so every write path (the store, bulk import, harvest upserts, embargo lifting) keeps it
-- alike. The condition is the anonymous part of READ_POLICY (src/access/policy.ts):
-- test/oai-pmh/withdrawn.test.ts checks the trigger against canRead for every access
-- level and embargo date, so the two cannot drift apart unnoticed.
ALTER TABLE records ADD COLUMN exposed boolean NOT NULL DEFAULT false;

CREATE FUNCTION granary_records_exposed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.exposed := (TG_OP = 'UPDATE' AND OLD.exposed)
    OR NEW.access_level = 'public'
    OR (NEW.access_level = 'embargoed' AND NEW.embargo_until <= CURRENT_DATE);
  RETURN NEW;
END
$$;

CREATE TRIGGER records_exposed
  BEFORE INSERT OR UPDATE ON records
  FOR EACH ROW EXECUTE FUNCTION granary_records_exposed();

-- Records stored before this migration: those readable now have been seen.
UPDATE records SET exposed = true
 WHERE access_level = 'public' OR (access_level = 'embargoed' AND embargo_until <= CURRENT_DATE);

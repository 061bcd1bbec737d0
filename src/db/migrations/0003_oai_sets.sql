-- OAI-PMH sets: definitions and materialized membership.
--
-- A set is static (an explicit list of records, oai_set_static_members) or a query set
-- (a search query in the core query syntax, evaluated against the search columns of
-- 0002_search.sql). Membership is materialized in oai_set_records at write time by the
-- record write hook (src/sets/membership.ts), and recomputed set-wise when a definition
-- changes (src/sets/recompute.ts), so a selective harvest is an index lookup.
--
-- oai_set_records holds the expanded membership: a record in `a:b` has a row for `a:b`
-- and one for `a`, because an item in a child set is in its parent too (OAI-PMH 2.0
-- section 2.7.2). Headers list only the minimal specs (src/sets/spec.ts).
-- There is no foreign key to oai_sets on purpose: removing a set's rows must also bump the
-- records' datestamps, which a cascade would skip.

CREATE TABLE oai_sets (
  spec        text PRIMARY KEY,
  name        text NOT NULL,
  description text,
  -- NULL for a static set; the query string for a query set.
  query       text,
  created     timestamptz NOT NULL DEFAULT now(),
  updated     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oai_set_static_members (
  set_spec  text NOT NULL REFERENCES oai_sets (spec) ON DELETE CASCADE,
  record_id text NOT NULL,
  PRIMARY KEY (set_spec, record_id)
);
CREATE INDEX oai_set_static_members_record ON oai_set_static_members (record_id);

CREATE TABLE oai_set_records (
  set_spec  text NOT NULL,
  record_id text NOT NULL,
  PRIMARY KEY (set_spec, record_id)
);
CREATE INDEX oai_set_records_record ON oai_set_records (record_id);

-- Core tables: records, revisions, PIDs, the transactional outbox and API tokens.
-- Migrations are never destructive: later files only add.

CREATE TABLE records (
  id              text PRIMARY KEY,                 -- the recid
  json            jsonb NOT NULL,                   -- the full record, system fields included
  schema          text NOT NULL,                    -- its $schema
  revision        integer NOT NULL,
  created         timestamptz NOT NULL,
  updated         timestamptz NOT NULL,
  -- The OAI-PMH datestamp: bumped whenever the record's OAI view changes (metadata,
  -- deletion, set membership). Lists page over (datestamp, id).
  datestamp       timestamptz NOT NULL,
  deleted_at      timestamptz,
  deletion_reason text,
  doi             text,
  -- Access facts, materialized from json.access for the SQL read filter.
  access_level    text NOT NULL DEFAULT 'public' CHECK (access_level IN ('public', 'restricted', 'embargoed')),
  embargo_until   date,
  owners          text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX records_datestamp_id ON records (datestamp, id);
CREATE INDEX records_updated_id ON records (updated, id);

CREATE TABLE record_revisions (
  record_id  text NOT NULL REFERENCES records (id),
  revision   integer NOT NULL,
  json       jsonb NOT NULL,
  created    timestamptz NOT NULL,
  PRIMARY KEY (record_id, revision)
);

-- Persistent identifiers. status: R registered, D deleted (tombstone, 410), M merged or
-- redirected (301 to redirect_to).
CREATE TABLE pids (
  scheme      text NOT NULL,
  value       text NOT NULL,
  record_id   text NOT NULL,
  status      char(1) NOT NULL DEFAULT 'R' CHECK (status IN ('R', 'D', 'M')),
  redirect_to text,
  created     timestamptz NOT NULL DEFAULT now(),
  updated     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scheme, value)
);
CREATE INDEX pids_record ON pids (record_id);

-- Transactional outbox: one row per record change, written in the change's transaction.
CREATE TABLE outbox (
  id          bigserial PRIMARY KEY,
  type        text NOT NULL,                        -- record.created, record.updated, record.deleted, ...
  record_id   text,
  revision    integer,
  payload     jsonb NOT NULL DEFAULT '{}',
  created     timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL;

CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'curator')),
  secret_hash text NOT NULL,
  created     timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Harvesting: configured sources, per-scope incremental state, runs and per-record failures.
-- A page's records, its checkpoint (harvest_state) and its run counters are written in one
-- transaction, so a crash at any point resumes exactly after the last stored page.

CREATE TABLE harvest_sources (
  id          text PRIMARY KEY,
  json        jsonb NOT NULL,                       -- the source, valid against local://harvest/source-v1.0.0.json
  created     timestamptz NOT NULL DEFAULT now(),
  updated     timestamptz NOT NULL DEFAULT now()
);

-- One row per (source, scope). A scope is an OAI-PMH set spec ('' for the whole repository),
-- or '' for the API feeds.
CREATE TABLE harvest_state (
  source_id       text NOT NULL REFERENCES harvest_sources (id) ON DELETE CASCADE,
  scope           text NOT NULL,
  -- The next run's lower bound: the previous successful run's start, on the server's clock.
  next_from       text,
  -- In-progress run, kept until the scope completes; a restarted run resumes from here.
  run_started     text,                             -- server clock at the run's start (becomes next_from)
  run_from        text,                             -- the lower bound this run started with
  window_from     text,                             -- the date window being harvested
  token           text,                             -- the last resumption token / cursor whose page is stored
  checkpoint      text,                             -- the latest datestamp stored in this run
  ordered         boolean NOT NULL DEFAULT true,    -- were datestamps non-decreasing so far?
  updated         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, scope)
);

CREATE TABLE harvest_runs (
  id              bigserial PRIMARY KEY,
  source_id       text NOT NULL REFERENCES harvest_sources (id) ON DELETE CASCADE,
  status          text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  started         timestamptz NOT NULL DEFAULT now(),
  finished        timestamptz,
  heartbeat       timestamptz NOT NULL DEFAULT now(),
  host            text,
  pid             integer,
  pages           integer NOT NULL DEFAULT 0,
  records         integer NOT NULL DEFAULT 0,       -- records seen (stored, unchanged, deleted, failed)
  created_count   integer NOT NULL DEFAULT 0,
  updated_count   integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  deleted_count   integer NOT NULL DEFAULT 0,
  failed_count    integer NOT NULL DEFAULT 0,
  complete_list_size integer,
  last_error      text,
  log             jsonb NOT NULL DEFAULT '[]'       -- notable events: retries, restarts, windows
);
CREATE INDEX harvest_runs_source ON harvest_runs (source_id, id DESC);
-- At most one running run per source: two `run` commands cannot harvest the same source at once.
CREATE UNIQUE INDEX harvest_runs_one_running ON harvest_runs (source_id) WHERE status = 'running';

CREATE TABLE harvest_failures (
  id          bigserial PRIMARY KEY,
  run_id      bigint NOT NULL REFERENCES harvest_runs (id) ON DELETE CASCADE,
  source_id   text NOT NULL,
  identifier  text NOT NULL,
  reason      text NOT NULL,
  created     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX harvest_failures_run ON harvest_failures (run_id);

-- The durable in-process job runner (embedded default, and PostgreSQL without Redis).
-- Jobs are rows: they survive a restart, and the outbox relay can enqueue in the same
-- transaction that marks an event dispatched.

CREATE TABLE jobs (
  id            text PRIMARY KEY,                  -- caller's jobId (dedupe key) or a random uuid
  name          text NOT NULL,                     -- handler name
  data          jsonb NOT NULL DEFAULT '{}',
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'dead')),
  attempts      integer NOT NULL DEFAULT 0,        -- runs started so far; also the fencing token of a run
  max_attempts  integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  run_at        timestamptz NOT NULL DEFAULT now(),
  -- Lease of a running job: a worker that dies stops renewing it, and the job is retaken
  -- once it lapses.
  locked_until  timestamptz,
  last_error    text,
  created       timestamptz NOT NULL DEFAULT now(),
  updated       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_dead ON jobs (updated) WHERE state = 'dead';
CREATE INDEX jobs_done ON jobs (updated) WHERE state = 'done';

-- Cron schedules: each due schedule enqueues one job per fire time (deduplicated by key
-- and time, so two workers never double-fire).
CREATE TABLE job_schedules (
  key          text PRIMARY KEY,
  cron         text NOT NULL,
  name         text NOT NULL,
  data         jsonb NOT NULL DEFAULT '{}',
  next_run_at  timestamptz NOT NULL,
  updated      timestamptz NOT NULL DEFAULT now()
);

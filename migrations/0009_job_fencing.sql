-- Every outcome of a job (done, retry, failed) is written only by the worker that
-- holds it: its `locked_by` is unique per claim, and each update checks it. A job
-- whose runs all ended without an outcome (the worker died each time) fails once
-- `attempts` reaches `max_attempts`. `completions` counts the runs that finished the
-- job: fencing keeps it at one, and an operator (or a test) can check that.
ALTER TABLE background_jobs ADD COLUMN completions BIGINT NOT NULL DEFAULT 0;
-- Leases that ran out are looked for on every claim.
CREATE INDEX background_jobs_lease_idx ON background_jobs (status, locked_until);

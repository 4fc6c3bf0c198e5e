-- Failed logins per email (its SHA-256, not the address itself), shared by every
-- node on the database: after `failures` reach the limit inside the window that
-- began at `first_failure_at` (Unix seconds), logins for that email answer 429.
CREATE TABLE login_failures (
  email_hash TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  first_failure_at BIGINT NOT NULL
);
CREATE INDEX login_failures_first_idx ON login_failures (first_failure_at);

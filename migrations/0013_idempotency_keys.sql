-- Idempotency-Key (API.md, "Idempotency-Key"): one row per key of a caller (`scope`:
-- "user:<id>" or "invitation:<id>"), shared by every node on the database. A row is
-- claimed by one request (`holder`, until `locked_until_ms`, renewed while it runs; a
-- claim past its deadline is taken over), then holds the response (`status` not NULL,
-- `holder` NULL) until `expires_ms` (24 hours after the first request). Times are Unix
-- milliseconds. A response that was not stored (a 5xx) leaves no row. The key itself is
-- not kept: `idem_key` is a digest of it, `fingerprint` an HMAC under a secret derived
-- from it, and `headers` and `body` are sealed (AES-256-GCM, base64) under another
-- (app/idempotency.hpp).
CREATE TABLE idempotency_keys (
  id {{id}},
  scope TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  holder TEXT,
  locked_until_ms BIGINT,
  status BIGINT,
  content_type TEXT NOT NULL DEFAULT '',
  headers TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX idempotency_keys_scope_key ON idempotency_keys (scope, idem_key);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_ms);

-- Resumable uploads (tus 1.0.0). An upload is a multipart write in the store
-- (storage::Storage::begin_multipart): its parts (tus_upload_parts) are sent as the
-- bytes arrive, each at least the store's minimum part size but the last; bytes that do
-- not make a part yet wait as objects of their own (tus_upload_pending), so that any
-- node can take the next PATCH. `writer` / `writer_until_ms` mark the one PATCH that
-- may write at a time. The public id (in the URL) is random; the row stays after the
-- upload ends (`finished`, `used` by an answer, `deleted` or `expired`) so that
-- its id answers 404 for good.
CREATE TABLE tus_uploads (
  id {{id}},
  public_id TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
  invitation_id BIGINT,
  attempt_id BIGINT,
  object_key TEXT NOT NULL,
  multipart_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '',
  upload_length BIGINT,
  upload_offset BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'finished', 'used', 'deleted', 'expired')),
  writer TEXT,
  writer_until_ms BIGINT,
  started_ms BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  finished_at TEXT,
  answer_id BIGINT REFERENCES answers(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX tus_uploads_public_id ON tus_uploads (public_id);
CREATE INDEX tus_uploads_answer_idx ON tus_uploads (answer_id) WHERE answer_id IS NOT NULL;

CREATE TABLE tus_upload_parts (
  upload_id BIGINT NOT NULL REFERENCES tus_uploads(id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  etag TEXT NOT NULL,
  size BIGINT NOT NULL,
  PRIMARY KEY (upload_id, number)
);

CREATE TABLE tus_upload_pending (
  upload_id BIGINT NOT NULL REFERENCES tus_uploads(id) ON DELETE CASCADE,
  start_offset BIGINT NOT NULL,
  object_key TEXT NOT NULL,
  size BIGINT NOT NULL,
  PRIMARY KEY (upload_id, start_offset)
);

-- Background jobs about an upload (its expiry) name it here.
ALTER TABLE background_jobs ADD COLUMN upload_id BIGINT REFERENCES tus_uploads(id) ON DELETE CASCADE;

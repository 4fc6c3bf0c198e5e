-- Keys handed out by get-upload-presigned-url/. Only these may be named as an answer's
-- video_key, each by one answer at most: used_at is set in the transaction that creates
-- that answer and never cleared, so a key is never taken twice (answer_id only says
-- which answer took it, while that answer exists).
CREATE TABLE uploads (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  object_key TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content_length BIGINT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  answer_id BIGINT REFERENCES answers(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uploads_object_key ON uploads (object_key);
CREATE INDEX uploads_answer_idx ON uploads (answer_id) WHERE answer_id IS NOT NULL;

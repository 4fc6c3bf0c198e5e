-- Question sets and questions, screenings (answer sets), answers with their
-- media, and the durable queue of background jobs.

CREATE TABLE question_sets (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  service_id BIGINT REFERENCES services(id) ON DELETE RESTRICT,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX question_sets_org_idx ON question_sets (org_id, id);

-- Questions are deleted softly (is_deleted): answers keep their question.
CREATE TABLE questions (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  question_set_id BIGINT NOT NULL REFERENCES question_sets(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  type TEXT NOT NULL
    CHECK (type IN ('text', 'single_choice', 'multiple_choice', 'rating', 'video', 'audio')),
  options TEXT NOT NULL DEFAULT '[]',
  position BIGINT NOT NULL DEFAULT 0,
  is_required INTEGER NOT NULL DEFAULT 1,
  time_limit_seconds BIGINT,
  think_time_seconds BIGINT,
  max_retakes BIGINT,
  is_deleted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX questions_set_idx ON questions (question_set_id, is_deleted, position, id);
CREATE INDEX questions_org_idx ON questions (org_id, is_deleted, id);

CREATE TABLE screenings (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES interview_modules(id) ON DELETE CASCADE,
  service_id BIGINT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
  question_set_id BIGINT NOT NULL REFERENCES question_sets(id) ON DELETE RESTRICT,
  status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'submitted')),
  created_at TEXT NOT NULL,
  submitted_at TEXT
);
CREATE INDEX screenings_org_idx ON screenings (org_id, id);
CREATE INDEX screenings_candidate_idx ON screenings (org_id, candidate_id, job_id, service_id);

-- One answer per question in a screening (answers_screening_question_key).
-- Media columns describe an uploaded video/audio file and what processing made of it.
CREATE TABLE answers (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  screening_id BIGINT NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE RESTRICT,
  text TEXT,
  choices TEXT,
  rating BIGINT,
  media_status TEXT CHECK (media_status IN ('pending', 'processing', 'ready', 'failed')),
  media_content_type TEXT,
  media_size BIGINT,
  media_duration DOUBLE PRECISION,
  media_error TEXT,
  video_key TEXT,
  audio_key TEXT,
  audio_content_type TEXT,
  thumbnail_key TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX answers_screening_question_key ON answers (screening_id, question_id);
CREATE UNIQUE INDEX answers_video_key ON answers (video_key) WHERE video_key IS NOT NULL;
CREATE INDEX answers_org_idx ON answers (org_id, id);

-- The durable job queue: claimed with a lease (locked_until), retried with
-- backoff (run_after), `failed` with last_error after max_attempts.
CREATE TABLE background_jobs (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  answer_id BIGINT REFERENCES answers(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  max_attempts BIGINT NOT NULL DEFAULT 3,
  run_after TEXT NOT NULL,
  locked_until TEXT,
  locked_by TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX background_jobs_ready_idx ON background_jobs (status, run_after, id);

-- Interview modules (ordered services with preferences), the candidates' steps
-- through them, every status change of a step, and feedback.

CREATE TABLE interview_modules (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  job_id BIGINT REFERENCES jobs(id) ON DELETE SET NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT
);
CREATE INDEX interview_modules_org_idx ON interview_modules (org_id, id);
CREATE INDEX interview_modules_job_idx ON interview_modules (job_id, id);

-- `position` is the service's order in the module (ORDER is a reserved word).
CREATE TABLE module_services (
  id {{id}},
  module_id BIGINT NOT NULL REFERENCES interview_modules(id) ON DELETE CASCADE,
  service_id BIGINT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
  position BIGINT NOT NULL CHECK (position > 0),
  preferences TEXT NOT NULL DEFAULT '{}',
  -- The preferences' question_set_id, kept in a column so that its uses can be found.
  question_set_id BIGINT
);
CREATE UNIQUE INDEX module_services_service_key ON module_services (module_id, service_id);
CREATE UNIQUE INDEX module_services_position_key ON module_services (module_id, position);
CREATE INDEX module_services_question_set_idx ON module_services (question_set_id);

CREATE TABLE interview_steps (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES interview_modules(id) ON DELETE CASCADE,
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE RESTRICT,
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  service_id BIGINT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
  position BIGINT NOT NULL CHECK (position > 0),
  status TEXT NOT NULL DEFAULT 'Pending'
    CHECK (status IN ('Pending', 'In Progress', 'Completed', 'Shortlisted', 'Rejected',
                      'On Hold', 'Skipped')),
  started_at TEXT,
  completed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX interview_steps_key
  ON interview_steps (module_id, job_id, candidate_id, service_id);
CREATE INDEX interview_steps_candidate_idx ON interview_steps (org_id, candidate_id, id);
CREATE INDEX interview_steps_job_idx ON interview_steps (org_id, job_id, id);
CREATE INDEX interview_steps_status_idx ON interview_steps (org_id, status, id);

CREATE TABLE step_history (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  step_id BIGINT NOT NULL REFERENCES interview_steps(id) ON DELETE CASCADE,
  from_status TEXT,
  to_status TEXT NOT NULL,
  changed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX step_history_step_idx ON step_history (step_id, id);

CREATE TABLE feedback (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  step_id BIGINT REFERENCES interview_steps(id) ON DELETE CASCADE,
  author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
  recommendation TEXT NOT NULL CHECK (recommendation IN ('strong_yes', 'yes', 'no', 'strong_no')),
  comments TEXT NOT NULL DEFAULT '',
  scores TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- One feedback per author and step, or per author, job and candidate without a step.
CREATE UNIQUE INDEX feedback_author_step_key ON feedback (author_id, step_id)
  WHERE step_id IS NOT NULL;
CREATE UNIQUE INDEX feedback_author_job_candidate_key ON feedback (author_id, job_id, candidate_id)
  WHERE step_id IS NULL;
CREATE INDEX feedback_job_candidate_idx ON feedback (org_id, job_id, candidate_id, created_at);

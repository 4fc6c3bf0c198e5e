-- Invitations: a link that lets a candidate answer one screening through the candidate
-- API (/api/v1/candidate/). Only the SHA-256 of the link's token is kept (token_hash);
-- a reissue replaces it, so an older link names nothing. `status` is what happened
-- last (sent, opened, completed, revoked); `expired` is never stored, it is what a sent
-- or opened invitation is once expires_at has passed. A timeline event and each of the
-- candidate's attempts at a question are rows of their own.
CREATE TABLE invitations (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES interview_modules(id) ON DELETE CASCADE,
  service_id BIGINT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
  screening_id BIGINT NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'sent'
    CHECK (status IN ('sent', 'opened', 'completed', 'revoked')),
  expires_at TEXT NOT NULL,
  time_multiplier DOUBLE PRECISION NOT NULL DEFAULT 1,
  extra_retakes BIGINT NOT NULL DEFAULT 0,
  consent_at TEXT,
  consent_address TEXT,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  opened_at TEXT,
  completed_at TEXT,
  revoked_at TEXT
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_org_idx ON invitations (org_id, id);
CREATE INDEX invitations_candidate_idx ON invitations (candidate_id, org_id, id);
CREATE INDEX invitations_job_idx ON invitations (job_id, org_id, id);
-- The foreign keys' lookups when a screening or a module is deleted.
CREATE INDEX invitations_screening_idx ON invitations (screening_id);
CREATE INDEX invitations_module_idx ON invitations (module_id);

-- One row per attempt at a question, numbered from 1 per (invitation, question); the
-- unique index decides between two attempts started at once. Times are Unix
-- milliseconds: the limits are enforced to the millisecond and shown to the second.
-- The limits are those of the moment the attempt started (accommodations included),
-- so that a question edited later does not move a running attempt's deadlines.
CREATE TABLE invitation_attempts (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  invitation_id BIGINT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
  number BIGINT NOT NULL CHECK (number > 0),
  started_ms BIGINT NOT NULL,
  think_seconds BIGINT,
  time_limit_seconds BIGINT,
  answer_id BIGINT REFERENCES answers(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX invitation_attempts_number_key
  ON invitation_attempts (invitation_id, question_id, number);
CREATE INDEX invitation_attempts_answer_idx ON invitation_attempts (answer_id)
  WHERE answer_id IS NOT NULL;

-- The invitation's timeline, written in the transaction of the change it records.
CREATE TABLE invitation_events (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  invitation_id BIGINT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('sent', 'reissued', 'revoked', 'opened', 'consent',
                                     'attempt_started', 'answered', 'submitted')),
  question_id BIGINT,
  attempt_id BIGINT,
  detail TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX invitation_events_invitation_idx ON invitation_events (invitation_id, org_id, id);

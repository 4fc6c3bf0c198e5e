-- Organizations, users, tokens, jobs, candidates, applications, services.
-- `{{id}}` is the dialect's auto-increment primary key. Timestamps are RFC 3339
-- UTC text; booleans are 0/1 integers; the same schema serves SQLite and PostgreSQL.

CREATE TABLE organizations (
  id {{id}},
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'recruiter', 'interviewer')),
  password_hash TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_org_idx ON users (org_id, id);

CREATE TABLE auth_tokens (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE UNIQUE INDEX auth_tokens_key_hash_key ON auth_tokens (key_hash);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);

CREATE TABLE jobs (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_org_idx ON jobs (org_id, id);

CREATE TABLE candidates (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  resume_url TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX candidates_org_email_key ON candidates (org_id, email);
CREATE INDEX candidates_org_idx ON candidates (org_id, id);

CREATE TABLE applications (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'applied'
    CHECK (status IN ('applied', 'shortlisted', 'in_process', 'rejected', 'hired', 'withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX applications_job_candidate_key ON applications (job_id, candidate_id);
CREATE INDEX applications_candidate_idx ON applications (candidate_id);

-- Built-in services have no organization; an organization's own names are
-- unique within it and may not reuse a built-in name (checked by the service).
CREATE TABLE services (
  id {{id}},
  org_id BIGINT REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('resume_screening', 'questionnaire', 'personality',
                                     'video_interview', 'live_interview', 'assessment')),
  description TEXT NOT NULL DEFAULT '',
  is_builtin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX services_org_name_key ON services (COALESCE(org_id, 0), name);

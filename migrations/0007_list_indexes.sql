-- Indexes for the lists and lookups narrower than an organization (one candidate, job,
-- screening, question set, question or module), so that they reach their rows through
-- that narrower column even on a SQLite database without statistics (one filled
-- through the API and not analyzed yet). SQLite then guesses that an equality on an
-- index's first column keeps 10 rows, on its first two 9, whatever the columns: an
-- index is preferred to the organization's own (org_id, id) only when it matches more
-- equalities, and it saves a sort when id follows them. Those that lead with the
-- narrower column also serve the foreign key checks when the row it names is deleted.
-- tests/unit/query_plan_test.cpp checks the plan of every read.

-- A screening's answers (answers::list, screenings::has_answers and media_keys), and
-- a question's (questions::has_answers, the check before a question goes).
CREATE INDEX answers_screening_idx ON answers (screening_id, org_id, id);
CREATE INDEX answers_question_idx ON answers (question_id, org_id);

-- Screenings of a candidate, of a job, on a question set.
CREATE INDEX screenings_of_candidate_idx ON screenings (candidate_id, org_id, id);
CREATE INDEX screenings_job_idx ON screenings (job_id, org_id, id);
CREATE INDEX screenings_question_set_idx ON screenings (question_set_id, org_id);

-- A question set's questions: with org_id, it beats questions_org_idx.
DROP INDEX questions_set_idx;
CREATE INDEX questions_set_idx ON questions (question_set_id, org_id, is_deleted, position, id);

-- The built-in services (org_id NULL) and an organization's own, also by name: the
-- unique index on (COALESCE(org_id, 0), name) serves neither `org_id IS NULL OR
-- org_id = ?` nor a lookup by name.
CREATE INDEX services_org_idx ON services (org_id, name);

-- Steps in a module (with a status too: the status is checked on the module's steps,
-- so that a step's status change touches one index fewer).
CREATE INDEX interview_steps_module_idx ON interview_steps (org_id, module_id, id);

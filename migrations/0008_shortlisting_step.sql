-- Which step's shortlisting created a step, so that unshortlisting removes only the
-- steps that the shortlisting added (API.md, Workflow), never a recruiter's own.
-- NULL: made another way (POST interview-steps/, or the next step of a Complete or
-- Skip). Deleting the shortlisted step forgets the link.
ALTER TABLE interview_steps
  ADD COLUMN shortlisting_step_id BIGINT REFERENCES interview_steps(id) ON DELETE SET NULL;
-- The foreign key's lookup when a step is deleted.
CREATE INDEX interview_steps_shortlisting_idx ON interview_steps (shortlisting_step_id);

-- Steps made before this column: a shortlisting wrote the shortlisted step's history
-- row and the next step's first one (Pending) in one transaction, so by the same user
-- at the same time, for the same candidate, module and job.
UPDATE interview_steps SET shortlisting_step_id = (
  SELECT s.id FROM interview_steps s
  JOIN step_history hs ON hs.step_id = s.id
  JOIN step_history hn ON hn.step_id = interview_steps.id
  WHERE s.module_id = interview_steps.module_id AND s.job_id = interview_steps.job_id
    AND s.candidate_id = interview_steps.candidate_id AND s.id <> interview_steps.id
    AND hs.to_status = 'Shortlisted' AND hn.from_status IS NULL AND hn.to_status = 'Pending'
    AND hs.changed_at = hn.changed_at AND hs.changed_by = hn.changed_by
  ORDER BY s.id DESC LIMIT 1);

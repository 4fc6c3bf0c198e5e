-- The five built-in services every organization can use.
INSERT INTO services (org_id, name, kind, description, is_builtin, created_at) VALUES
  (NULL, 'Resume Screening', 'resume_screening', 'Review of the candidate''s resume against the job.', 1, '2026-01-01T00:00:00Z'),
  (NULL, 'Personality Test', 'personality', 'A questionnaire on work style and preferences.', 1, '2026-01-01T00:00:00Z'),
  (NULL, 'Video Interview', 'video_interview', 'Recorded video answers to the interview questions.', 1, '2026-01-01T00:00:00Z'),
  (NULL, 'Technical Assessment', 'assessment', 'A graded test of the skills the job needs.', 1, '2026-01-01T00:00:00Z'),
  (NULL, 'Live Interview', 'live_interview', 'A scheduled conversation with the hiring panel.', 1, '2026-01-01T00:00:00Z');

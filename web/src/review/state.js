// What one view learnt that the next may use without asking again: the applications
// seen in a job's candidate list (the candidate's own endpoint has none).
export const applications = new Map();

export function applicationKey(jobId, candidateId) {
  return `${jobId}/${candidateId}`;
}

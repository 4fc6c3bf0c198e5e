// The candidate's invitations to this job, each with its timeline
// (GET interview/invitations/?candidate_id=&job_id=, then invitations/{id}/timeline/).
import { all } from '../api.js';
import { h, time, words } from '../dom.js';

const kKinds = {
  sent: 'Invitation sent',
  reissued: 'Link reissued',
  revoked: 'Link revoked',
  opened: 'Opened by the candidate',
  consent: 'Consent given',
  attempt_started: 'Attempt started',
  answered: 'Answer recorded',
  submitted: 'Interview submitted',
};

export async function loadInvitations(candidateId, jobId, signal) {
  const invitations = await all(`/interview/invitations/?candidate_id=${candidateId}&job_id=${jobId}`, { signal });
  await Promise.all(
    invitations.map(async (inv) => {
      inv.timeline = await all(`/interview/invitations/${inv.id}/timeline/`, { signal });
    }),
  );
  return invitations;
}

export function timelineSection(data) {
  const questionLabel = (id) => {
    const q = data.questions.get(id);
    return q ? `“${q.text.length > 60 ? `${q.text.slice(0, 59)}…` : q.text}”` : `question ${id}`;
  };
  return h(
    'section',
    { class: 'invitations', 'aria-labelledby': 'invitations-title' },
    h('h2', { id: 'invitations-title' }, 'Invitations'),
    data.invitations.length
      ? h(
          'ul',
          { class: 'cards' },
          data.invitations.map((inv) =>
            h(
              'li',
              { class: 'card invitation' },
              h('h3', {}, `Invitation to ${data.serviceName(inv.module, inv.service)} `, h('span', { class: `badge badge-${inv.status}` }, words(inv.status))),
              h('p', { class: 'meta' }, 'Expires ', time(inv.expires_at)),
              h(
                'ol',
                { class: 'timeline', 'aria-label': `Timeline of invitation ${inv.id}` },
                inv.timeline.map((e) =>
                  h(
                    'li',
                    { 'data-kind': e.kind },
                    time(e.at),
                    ' ',
                    h('span', { class: 'event' }, kKinds[e.kind] || words(e.kind)),
                    e.question ? ` · ${questionLabel(e.question)}` : null,
                    e.attempt ? ` · attempt ${e.attempt}` : null,
                    e.detail ? h('span', { class: 'muted' }, ` · ${e.detail}`) : null,
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No invitation has been sent to this candidate for this job.'),
  );
}

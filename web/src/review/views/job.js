// #/jobs/{job}: the job's candidates, each with their application and their step in
// every service of the job's modules.
import { all, get, page } from '../api.js';
import { fill, h } from '../dom.js';
import { applicationKey, applications } from '../state.js';
import { applicationBadge, serviceSlots, stepBadge, stepOf } from './steps.js';

export async function jobView(ctx) {
  const [jobId] = ctx.params;
  const { signal } = ctx;
  const [job, modules, steps] = await Promise.all([
    get(`/jobs/${jobId}/`, { signal }),
    all(`/interview/job/${jobId}/interview-modules/`, { signal }),
    all(`/interview/interview-steps/?job_id=${jobId}`, { signal }),
  ]);
  ctx.title(job.title);
  const slots = serviceSlots(modules);
  const byCandidate = new Map();
  for (const step of steps) {
    if (!byCandidate.has(step.candidate)) byCandidate.set(step.candidate, []);
    byCandidate.get(step.candidate).push(step);
  }

  const list = h('ul', { class: 'cards', id: 'candidates' });
  const count = h('p', { class: 'muted', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn' }, 'Show more candidates');
  let loaded = 0;
  const load = async () => {
    more.disabled = true;
    const chunk = await page(`/jobs/${jobId}/candidates/`, { offset: loaded, limit: 100, signal });
    loaded += chunk.items.length;
    for (const candidate of chunk.items) {
      applications.set(applicationKey(jobId, candidate.id), candidate.application);
      list.append(candidateItem(jobId, candidate, slots, byCandidate.get(candidate.id) || []));
    }
    count.textContent = chunk.total
      ? `${loaded} of ${chunk.total} candidate${chunk.total === 1 ? '' : 's'} shown.`
      : 'No candidate has applied to this job yet.';
    more.hidden = loaded >= chunk.total;
    more.disabled = false;
  };
  more.addEventListener('click', () => load().catch((err) => {
    count.textContent = err.message;
    more.disabled = false;
  }));
  await load();

  fill(
    ctx.main,
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('ol', {}, h('li', {}, h('a', { href: '#/jobs' }, 'Jobs')), h('li', {}, h('span', { 'aria-current': 'page' }, job.title)))),
    h('h1', {}, job.title),
    job.description ? h('p', { class: 'description' }, job.description) : null,
    slots.length ? null : h('p', { class: 'muted' }, 'No interview module is attached to this job.'),
    h('h2', {}, 'Candidates'),
    count,
    list,
    more,
  );
}

function candidateItem(jobId, candidate, slots, steps) {
  return h(
    'li',
    { class: 'card candidate' },
    h('h3', {}, h('a', { href: `#/jobs/${jobId}/candidates/${candidate.id}` }, candidate.name || `Candidate ${candidate.id}`)),
    h('p', { class: 'meta' }, candidate.email || '', ' ', applicationBadge(candidate.application)),
    slots.length
      ? h(
          'dl',
          { class: 'steps' },
          slots.map((slot) => h('div', {}, h('dt', {}, slot.label), h('dd', {}, stepBadge(stepOf(steps, slot))))),
        )
      : null,
  );
}

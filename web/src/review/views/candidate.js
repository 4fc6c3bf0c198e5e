// #/jobs/{job}/candidates/{candidate}: everything about one candidate for one job on one
// page: their steps with the workflow actions, their answers with media, scores and
// notes, other reviewers' feedback, and their invitations' timelines.
import { ApiError, all, get, page } from '../api.js';
import { fill, h } from '../dom.js';
import { BlobUrls, LazyLoader } from '../media.js';
import { applicationKey, applications } from '../state.js';
import { answersSection } from './answers.js';
import { applicationBadge, serviceSlots, stepOf } from './steps.js';
import { loadInvitations, timelineSection } from './timeline.js';
import { workflowSection } from './workflow.js';

// The candidate's application to the job: known from the job's list, or looked up in
// it (the candidate's own endpoint does not carry it).
async function applicationOf(jobId, candidateId, signal, cached = true) {
  const key = applicationKey(jobId, candidateId);
  if (cached && applications.has(key)) return applications.get(key);
  for (let offset = 0; ; offset += 1000) {
    const chunk = await page(`/jobs/${jobId}/candidates/`, { offset, limit: 1000, signal });
    const found = chunk.items.find((c) => c.id === candidateId);
    if (found) return found.application;
    if (!chunk.items.length || offset + chunk.items.length >= chunk.total) return null;
  }
}

// Questions by id (deleted ones are not listed: their answers say so).
async function questionsOf(ids, signal) {
  const out = new Map();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    const items = await all(`/interview/questions/?question_ids=${chunk.join(',')}`, { signal });
    for (const q of items) out.set(q.id, q);
  }
  return out;
}

async function feedbackOf(jobId, candidateId, signal) {
  try {
    return await all(`/interview/feedbacks/${jobId}/${candidateId}/`, { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];  // "Feedback not found."
    throw err;
  }
}

async function usersOf(me, signal) {
  const names = new Map([[me.id, me.name || me.email]]);
  if (me.role !== 'admin') return names;  // only admins may list users
  for (const u of await all('/users/', { signal })) names.set(u.id, u.name || u.email);
  return names;
}

async function load(ctx, jobId, candidateId) {
  const { signal } = ctx;
  const me = await get('/auth/me/', { signal });
  const user = me.user || me;
  const [job, candidate, modules, steps, screenings, answers, feedback, users, invitations, application] = await Promise.all([
    get(`/jobs/${jobId}/`, { signal }),
    get(`/candidates/${candidateId}/`, { signal }),
    all(`/interview/job/${jobId}/interview-modules/`, { signal }),
    all(`/interview/interview-steps/?candidate_id=${candidateId}&job_id=${jobId}`, { signal }),
    all(`/interview/screenings/?candidate_id=${candidateId}&job_id=${jobId}`, { signal }),
    all(`/interview/candidate/${candidateId}/answers/`, { signal }),
    feedbackOf(jobId, candidateId, signal),
    usersOf(user, signal),
    loadInvitations(candidateId, jobId, signal),
    applicationOf(jobId, candidateId, signal),
  ]);
  const screeningIds = new Set(screenings.map((s) => s.id));
  const ours = answers.filter((a) => screeningIds.has(a.screening));
  const questionIds = [...ours.map((a) => a.question), ...invitations.flatMap((i) => i.timeline.map((e) => e.question)).filter(Boolean)];
  const questions = await questionsOf(questionIds, signal);
  const slots = serviceSlots(modules);
  const data = {
    me: user,
    staff: user.role === 'admin' || user.role === 'recruiter',
    job,
    candidate,
    application,
    modules,
    slots,
    steps,
    screenings,
    answers: ours,
    questions,
    feedback,
    users,
    invitations,
    urls: new BlobUrls(signal),
    loader: new LazyLoader(signal),
    thumbs: new Map(),
    serviceName(moduleId, serviceId) {
      const slot = slots.find((s) => s.module.id === moduleId && s.service.id === serviceId);
      return slot ? slot.label : `Service ${serviceId}`;
    },
    reloadApplication() {
      return applicationOf(jobId, candidateId, signal, false);
    },
    stepOfScreening(screening) {
      const slot = slots.find((s) => s.module.id === screening.module && s.service.id === screening.service);
      return slot ? stepOf(this.steps, slot) : null;
    },
  };
  ctx.onCleanup(() => data.urls.revokeAll());
  return data;
}

export async function candidateView(ctx) {
  const [jobId, candidateId] = ctx.params;
  const data = await load(ctx, jobId, candidateId);
  const name = data.candidate.name || `Candidate ${data.candidate.id}`;
  ctx.title(`${name} · ${data.job.title}`);

  const badge = h('span', { class: 'application' });
  const showApplication = () => {
    applications.set(applicationKey(jobId, candidateId), data.application);
    fill(badge, data.application ? ['Application: ', applicationBadge(data.application)] : 'Not applied to this job');
  };
  showApplication();
  const refreshFeedback = async () => {
    data.feedback = await feedbackOf(jobId, candidateId, ctx.signal);
  };
  const [answers, others] = answersSection(ctx, data, refreshFeedback);
  fill(
    ctx.main,
    h(
      'nav',
      { 'aria-label': 'Breadcrumb', class: 'crumbs' },
      h(
        'ol',
        {},
        h('li', {}, h('a', { href: '#/jobs' }, 'Jobs')),
        h('li', {}, h('a', { href: `#/jobs/${jobId}` }, data.job.title)),
        h('li', {}, h('span', { 'aria-current': 'page' }, name)),
      ),
    ),
    h('h1', {}, name),
    h(
      'p',
      { class: 'meta contact' },
      data.candidate.email ? h('a', { href: `mailto:${data.candidate.email}` }, data.candidate.email) : null,
      data.candidate.phone ? ` · ${data.candidate.phone}` : null,
      ' · ',
      badge,
    ),
    workflowSection(ctx, data, showApplication),
    answers,
    others,
    timelineSection(data),
  );
}

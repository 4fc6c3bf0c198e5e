// The candidate's steps in every service of the job's modules, with the workflow
// actions (shortlist, unshortlist, update-step, update-status) for admins and
// recruiters. Interviewers see the steps only: the API refuses them the actions (403).
import { all, patch, post } from '../api.js';
import { fill, h, time } from '../dom.js';
import { stepBadge, stepOf } from './steps.js';

const kStatuses = ['Pending', 'In Progress', 'Completed', 'Shortlisted', 'Rejected', 'On Hold', 'Skipped'];

// The update-step actions a step's status allows (the API answers 409 to the others).
const kStepActions = [
  { action: 'Start', from: ['Pending', 'On Hold'] },
  { action: 'Complete', from: ['In Progress'] },
  { action: 'Skip', from: ['Pending'] },
  { action: 'Hold', from: ['Pending', 'In Progress'] },
  { action: 'Reopen', from: ['Completed', 'Skipped', 'Rejected'] },
];

function target(data, slot) {
  return {
    candidate_id: data.candidate.id,
    job_id: data.job.id,
    module_id: slot.module.id,
    service: { id: slot.service.id },
  };
}

// The section; `changed()` runs after an action changed the steps or the application.
export function workflowSection(ctx, data, changed) {
  const list = h('ul', { class: 'slots' });
  const section = h(
    'section',
    { class: 'workflow', 'aria-labelledby': 'steps-title' },
    h('h2', { id: 'steps-title' }, 'Steps'),
    data.staff
      ? null
      : h('p', { class: 'muted', id: 'workflow-note' }, 'Moving candidates through the steps is for recruiters and admins. You can read the steps and give your feedback below.'),
    data.slots.length ? list : h('p', { class: 'muted' }, 'No interview module is attached to this job.'),
  );

  const render = (focusSlot) => {
    fill(list, data.slots.map((slot, i) => slotItem(ctx, data, slot, i, run)));
    if (focusSlot !== undefined) list.querySelector(`#slot-${focusSlot}-title`)?.focus();
  };

  // Sends one workflow request, then reloads the steps; errors stay beside the slot.
  async function run(index, label, request) {
    const item = list.querySelector(`#slot-${index}`);
    const error = item.querySelector('.error');
    error.hidden = true;
    for (const b of item.querySelectorAll('button, select')) b.disabled = true;
    try {
      const answer = await request();
      // shortlist, unshortlist and update-status answer with the candidate's application;
      // update-step does not, and may change it (Start: in process).
      data.application = answer?.candidate?.application ?? (await data.reloadApplication());
      data.steps = await all(`/interview/interview-steps/?candidate_id=${data.candidate.id}&job_id=${data.job.id}`, { signal: ctx.signal });
      render(index);
      const now = stepOf(data.steps, data.slots[index]);
      ctx.announce(`${label}: ${data.slots[index].label} is now ${now ? now.status : 'without a step'}.`);
      changed();
    } catch (err) {
      if (err.name === 'AbortError') return;
      for (const b of item.querySelectorAll('button, select')) b.disabled = false;
      error.textContent = `${label} failed: ${err.message}`;
      error.hidden = false;
    }
  }

  render();
  return section;
}

function slotItem(ctx, data, slot, index, run) {
  const step = stepOf(data.steps, slot);
  const titleId = `slot-${index}-title`;
  const error = h('p', { class: 'error', role: 'alert' });
  error.hidden = true;
  return h(
    'li',
    { class: 'card slot', id: `slot-${index}`, 'data-service': slot.service.name },
    h('h3', { id: titleId, tabindex: '-1' }, slot.label, ' ', stepBadge(step)),
    step
      ? h('p', { class: 'meta' }, 'Started ', time(step.started_at), ' · Completed ', time(step.completed_at), ' · Updated ', time(step.updated_at))
      : h('p', { class: 'meta' }, 'No step yet in this service.'),
    data.staff ? actions(data, slot, step, index, run, titleId) : null,
    error,
  );
}

function actions(data, slot, step, index, run, titleId) {
  const status = step?.status ?? null;
  const buttons = [];
  const button = (label, request) =>
    buttons.push(h('button', { type: 'button', class: 'btn', onclick: () => run(index, label, request) }, label));
  if (status === 'Shortlisted') {
    button('Unshortlist', () => post('/interview/unshortlist-candidate/', target(data, slot)));
  } else {
    button('Shortlist', () => post('/interview/shortlist-candidate/', target(data, slot)));
  }
  if (status) {
    for (const { action, from } of kStepActions) {
      if (from.includes(status)) {
        button(action, () => post('/interview/update-step/', { ...target(data, slot), action }));
      }
    }
  }
  const selectId = `slot-${index}-status`;
  const select = h(
    'select',
    { id: selectId },
    kStatuses.map((s) => h('option', { value: s, selected: s === status }, s)),
  );
  const set = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: () =>
        run(index, 'Setting the status', () =>
          patch('/interview/update-status/', { ...target(data, slot), status: select.value })),
    },
    'Set status',
  );
  return h(
    'div',
    { class: 'slot-actions' },
    h('div', { class: 'actions', role: 'group', 'aria-labelledby': titleId }, buttons),
    h('div', { class: 'set-status' }, h('label', { for: selectId }, 'Status'), select, set),
  );
}

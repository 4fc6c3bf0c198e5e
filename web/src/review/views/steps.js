// The services of a job's modules in order, and a candidate's step in each: what the
// job's list and the candidate's screen both show.
import { h, words } from '../dom.js';

// [{module, service, order, label}] for every service of every module, modules by id.
export function serviceSlots(modules) {
  const slots = [];
  const many = modules.length > 1;
  for (const module of [...modules].sort((a, b) => a.id - b.id)) {
    for (const entry of module.services || []) {
      slots.push({
        module,
        service: entry.service,
        order: entry.order,
        label: many ? `${module.name} · ${entry.service.name}` : entry.service.name,
      });
    }
  }
  return slots;
}

export function stepOf(steps, slot) {
  return steps.find((s) => s.module === slot.module.id && s.service?.id === slot.service.id) || null;
}

export function stepBadge(step) {
  if (!step) return h('span', { class: 'badge badge-none' }, 'No step');
  const cls = step.status.toLowerCase().replace(/\s+/g, '-');
  return h('span', { class: `badge badge-${cls}` }, step.status);
}

export function applicationBadge(application) {
  if (!application) return null;
  return h('span', { class: `badge badge-${application.status}` }, words(application.status));
}

// #/jobs: the organization's jobs, newest last (the API's order), 100 at a time.
import { page } from '../api.js';
import { fill, h, time, words } from '../dom.js';

export async function jobsView(ctx) {
  ctx.title('Jobs');
  const list = h('ul', { class: 'cards', id: 'jobs' });
  const more = h('button', { type: 'button', class: 'btn' }, 'Show more jobs');
  const count = h('p', { class: 'muted', role: 'status' });
  let loaded = 0;
  const load = async () => {
    more.disabled = true;
    const chunk = await page('/jobs/', { offset: loaded, limit: 100, signal: ctx.signal });
    loaded += chunk.items.length;
    for (const job of chunk.items) list.append(jobItem(job));
    count.textContent = chunk.total
      ? `${loaded} of ${chunk.total} job${chunk.total === 1 ? '' : 's'} shown.`
      : 'There are no jobs yet.';
    more.hidden = loaded >= chunk.total;
    more.disabled = false;
  };
  more.addEventListener('click', () => load().catch((err) => {
    count.textContent = err.message;
    more.disabled = false;
  }));
  await load();
  fill(ctx.main, h('h1', {}, 'Jobs'), count, list, more);
}

function jobItem(job) {
  return h(
    'li',
    { class: 'card' },
    h('h2', {}, h('a', { href: `#/jobs/${job.id}` }, job.title)),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: `badge badge-${job.status}` }, words(job.status)),
      ' Created ',
      time(job.created_at),
    ),
    job.description ? h('p', { class: 'description' }, job.description) : null,
  );
}

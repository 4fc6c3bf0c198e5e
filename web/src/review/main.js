// The reviewers' page (/review/): a shell (header, main, a live region) and a router over
// the URL's hash, so that every view is a link that survives a reload:
//
//   #/sign-in                          email and password
//   #/jobs                             the organization's jobs
//   #/jobs/{job}                       a job's candidates with their steps
//   #/jobs/{job}/candidates/{cand}     one candidate: answers, feedback, workflow, timeline
//
// It calls only the public API (api.js), with the token kept in sessionStorage.
import './page.css';

import { ApiError, onUnauthorized, post, session } from './api.js';
import { fill, h } from './dom.js';
import { candidateView } from './views/candidate.js';
import { jobView } from './views/job.js';
import { jobsView } from './views/jobs.js';
import { signInView } from './views/sign_in.js';

const kRoutes = [
  { pattern: /^#\/sign-in$/, view: signInView, open: true },
  { pattern: /^#\/jobs$/, view: jobsView },
  { pattern: /^#\/jobs\/(\d+)$/, view: jobView },
  { pattern: /^#\/jobs\/(\d+)\/candidates\/(\d+)$/, view: candidateView },
];
const kAppName = 'Review interviews';

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
let current = null;
let firstView = true;
// Where to go after signing in, and what the sign-in view says first.
let afterSignIn = null;
let signInNotice = '';

// Says `text` in the polite live region (also when it is the same text again).
function announce(text) {
  announcer.textContent = '';
  window.setTimeout(() => {
    announcer.textContent = text;
  }, 30);
}

function updateHeader() {
  const nav = document.getElementById('nav');
  const user = session.user;
  nav.hidden = !session.token;
  if (user) {
    fill(document.getElementById('who'), `${user.name || user.email} (${user.role})`);
  }
}

function errorView(err, retry) {
  const notFound = err instanceof ApiError && err.status === 404;
  document.title = `${notFound ? 'Not found' : 'Something went wrong'} — ${kAppName}`;
  fill(
    main,
    h('h1', { tabindex: '-1' }, notFound ? 'Not found' : 'Something went wrong'),
    h('p', { class: 'error', role: 'alert' }, err.message || String(err)),
    h(
      'p',
      {},
      h('a', { href: '#/jobs' }, 'Back to the jobs'),
      ' ',
      notFound ? null : h('button', { type: 'button', class: 'btn', onclick: retry }, 'Try again'),
    ),
  );
}

function notFoundView() {
  document.title = `Not found — ${kAppName}`;
  fill(
    main,
    h('h1', { tabindex: '-1' }, 'Not found'),
    h('p', {}, 'This page of the review has no such view. ', h('a', { href: '#/jobs' }, 'Go to the jobs'), '.'),
  );
}

function stopCurrent() {
  if (!current) return;
  current.controller.abort();
  for (const fn of current.cleanups) {
    try {
      fn();
    } catch {
      // a cleanup that fails leaves nothing worse than not running it
    }
  }
  current = null;
}

// A redirect that the router will render, or null when `hash` may be shown as it is.
function redirectFor(hash) {
  if (!session.token) {
    if (hash === '#/sign-in') return null;
    if (hash && hash !== '#/' && hash.startsWith('#/')) afterSignIn = hash;
    return '#/sign-in';
  }
  if (hash === '' || hash === '#' || hash === '#/' || hash === '#/sign-in') return '#/jobs';
  return null;
}

async function render() {
  const hash = location.hash;
  const redirect = redirectFor(hash);
  if (redirect) {
    location.replace(redirect);  // a new hash: hashchange renders it
    return;
  }
  stopCurrent();
  updateHeader();
  const controller = new AbortController();
  const cleanups = [];
  const me = { controller, cleanups };
  current = me;
  const route = kRoutes.find((r) => r.pattern.test(hash));
  if (!route) {
    notFoundView();
    focusHeading();
    return;
  }
  const params = route.pattern.exec(hash).slice(1).map(Number);
  const ctx = {
    main,
    params,
    signal: controller.signal,
    onCleanup: (fn) => cleanups.push(fn),
    announce,
    title: (text) => {
      document.title = `${text} — ${kAppName}`;
    },
    notice: signInNotice,
    signedIn: () => {
      signInNotice = '';
      const next = afterSignIn || '#/jobs';
      afterSignIn = null;
      location.hash = next;
    },
  };
  main.setAttribute('aria-busy', 'true');
  fill(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await route.view(ctx);
  } catch (err) {
    if (current !== me || err.name === 'AbortError') return;
    if (err instanceof ApiError && err.status === 401) return;
    errorView(err, render);
  } finally {
    if (current === me) main.removeAttribute('aria-busy');
  }
  if (current === me) focusHeading();
}

// After the first view, each new view takes the focus to its heading, so that a keyboard
// or screen reader user starts reading at the new content.
function focusHeading() {
  if (firstView) {
    firstView = false;
    return;
  }
  const active = document.activeElement;
  if (active && active !== main && main.contains(active)) return;  // the view chose
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

onUnauthorized(() => {
  if (location.hash === '#/sign-in') return;
  afterSignIn = location.hash;
  signInNotice = 'Your session has ended. Sign in again to continue.';
  location.hash = '#/sign-in';
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await post('/auth/logout/', {});
  } catch {
    // Signed out here whatever the service says: the token is forgotten below.
  }
  session.clear();
  afterSignIn = null;
  signInNotice = 'You have signed out.';
  location.hash = '#/sign-in';
});

// The skip link would change the hash, which names the view: move the focus instead.
document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);
render();

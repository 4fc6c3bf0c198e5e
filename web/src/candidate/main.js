// The candidate's page (/i/{token}): welcome and consent, a camera and microphone check,
// a practice question that is not stored, each question (its attempt, think time,
// recording or form, time limit, re-takes), then the submission. Recordings go up while
// they are made and resume after a reload (recorder.js). Only the candidate API and tus
// of this origin are called.
import './page.css';
import * as api from './api.js';
import { Recording, pickMimeType, resumeKept, sha256Hex } from './recorder.js';
import * as store from './store.js';
import { announce, banner, brand, h, megabytes, overall, seconds, show, sleep, spoken } from './ui.js';
import { deviceCheck, practice, stopStream } from './devices.js';

const S = { session: null, key: null, stream: null, practiced: false };
const kMedia = new Set(['video', 'audio']);

const questions = () => S.session.questions;
const allowance = (q) => 1 + (q.retakes_allowed || 0);
const left = (q) => allowance(q) - (q.attempts_used || 0);
const needsMedia = () => questions().some((q) => kMedia.has(q.type));
const needsVideo = () => questions().some((q) => q.type === 'video');

function progress(current) {
  const qs = questions();
  const answered = qs.filter((q) => q.answered).length;
  const label = current == null ? `${answered} of ${qs.length} answered` : `Question ${current + 1} of ${qs.length}`;
  overall(answered, qs.length, label);
}

// What the test (and a curious developer) can read of the last recording.
function exposeRecording(info) {
  const d = document.documentElement.dataset;
  d.recordingQuestion = String(info.question);
  d.recordingAttempt = String(info.attempt);
  d.recordingSha256 = info.sha256 || '';
  d.recordingDurationMs = info.durationMs == null ? '' : String(Math.round(info.durationMs));
  d.recordingSize = String(info.size || 0);
}

window.addEventListener('offline', () => banner('You are offline. Your answers are kept and will be sent when the connection is back.'));
window.addEventListener('online', () => banner(''));
api.setOfflineHandler((offline) => {
  if (offline) banner('The connection is lost. Trying again…');
  else if (navigator.onLine) banner('');
});

// --- Pages for a link that cannot be used ---------------------------------------------

function showProblem(err) {
  const detail = (err && err.message) || 'Something went wrong.';
  overall(0, 0, '');
  if (err instanceof api.ApiError && err.status === 401) {
    const expired = /expired/i.test(detail);
    document.documentElement.dataset.problem = expired ? 'expired' : 'invalid';
    return show(
      expired ? 'This interview link has expired' : 'This interview link is not valid',
      h('p', { class: 'error' }, detail),
      h('p', {}, expired
        ? 'The time to take this interview is over. If you still want to take it, ask the person who invited you for a new link.'
        : 'The link may be mistyped, replaced by a newer one, or withdrawn. Check the address, or ask the person who invited you for a new link.'),
    );
  }
  if (err instanceof api.ApiError && err.status === 409 && /submitted/i.test(detail)) {
    return showCompleted();
  }
  document.documentElement.dataset.problem = 'error';
  return show('Something went wrong', h('p', { class: 'error' }, detail),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => window.location.reload() }, 'Try again')));
}

function showCompleted() {
  document.documentElement.dataset.problem = 'completed';
  overall(0, 0, '');
  return show('This interview is already complete',
    h('p', {}, 'Your answers have been submitted. There is nothing more to do with this link.'),
    h('p', {}, 'Thank you for your time.'));
}

// --- Welcome and consent --------------------------------------------------------------

function limitText(values, unit, none) {
  const known = values.filter((v) => v != null && v > 0);
  if (!known.length) return none;
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const fmt = (v) => (unit === 's' ? spoken(v) : String(v));
  return lo === hi ? fmt(lo) : `${fmt(lo)} to ${fmt(hi)}, depending on the question`;
}

function showWelcome() {
  const s = S.session;
  const qs = questions();
  progress(null);
  const consentBox = h('input', { type: 'checkbox', id: 'consent', required: true, checked: !s.consent_required });
  const problem = h('p', { class: 'error', id: 'consent-error', role: 'alert' });
  const start = async () => {
    if (!consentBox.checked) {
      problem.textContent = 'Please tick the box to agree before you start.';
      consentBox.setAttribute('aria-invalid', 'true');
      consentBox.focus();
      return;
    }
    startButton.disabled = true;
    try {
      if (s.consent_required) await api.consent();
      s.consent_required = false;
      afterWelcome();
    } catch (err) {
      startButton.disabled = false;
      problem.textContent = err.message;
    }
  };
  const startButton = h('button', { type: 'button', onclick: start }, s.consent_required ? 'Agree and start' : 'Continue');
  show(
    `Welcome to your interview for ${s.job.title}`,
    h('p', {}, `${s.organization.name} invites you to answer ${qs.length} question${qs.length === 1 ? '' : 's'}.`),
    s.job.description ? h('p', { class: 'muted' }, s.job.description) : null,
    h('h2', {}, 'How it works'),
    h('dl', { class: 'limits' },
      h('dt', {}, 'Questions'), h('dd', {}, String(qs.length)),
      h('dt', {}, 'Time to think'), h('dd', {}, limitText(qs.map((q) => q.think_time_seconds), 's', 'As long as you need')),
      h('dt', {}, 'Time to answer'), h('dd', {}, limitText(qs.map((q) => q.time_limit_seconds), 's', 'No limit')),
      h('dt', {}, 'Re-takes'), h('dd', {}, limitText(qs.map((q) => q.retakes_allowed), 'n', 'None: your first answer counts')),
      s.expires_at ? [h('dt', {}, 'Link valid until'), h('dd', {}, new Date(s.expires_at).toLocaleString())] : null),
    h('p', {}, 'Each question starts when you choose. Its time to think is counted down, then the recording starts by itself; it stops by itself at the time limit. Your recording is sent while you speak, and if the connection drops it continues where it stopped.'),
    h('h2', {}, 'Your privacy'),
    h('p', {}, `Your answers, including video and sound recordings, are sent to ${s.organization.name} and kept to assess your application for ${s.job.title}. They are seen only by the people who review it. The practice question is never sent. You can ask ${s.organization.name} to see or delete your data.`),
    h('div', { class: 'consent' }, consentBox,
      h('label', { for: 'consent' }, `I agree that ${s.organization.name} records and keeps my answers for this application.`)),
    problem,
    h('div', { class: 'actions' }, startButton),
  );
}

async function afterWelcome() {
  if (!needsMedia()) return nextQuestion();
  const stream = await deviceCheck({ video: needsVideo(), show, progress: () => progress(null) });
  S.stream = stream;
  if (!S.practiced && sessionStorage.getItem('practiced') !== '1') {
    await practice({ stream, video: needsVideo(), show });
    S.practiced = true;
    sessionStorage.setItem('practiced', '1');
  }
  nextQuestion();
}

async function ensureStream(kind) {
  const live = S.stream && S.stream.getTracks().every((t) => t.readyState === 'live');
  if (live && (kind !== 'video' || S.stream.getVideoTracks().length)) return S.stream;
  S.stream = await deviceCheck({ video: needsVideo(), show, progress: () => progress(null) });
  return S.stream;
}

// --- Questions ------------------------------------------------------------------------

function nextQuestion() {
  const i = questions().findIndex((q) => !q.answered && left(q) > 0);
  if (i < 0) return showFinish();
  return showQuestion(i);
}

function kindText(q) {
  switch (q.type) {
    case 'video': return 'Answer on camera';
    case 'audio': return 'Answer with your voice';
    case 'text': return 'Answer in writing';
    case 'single_choice': return 'Choose one option';
    case 'multiple_choice': return 'Choose one or more options';
    case 'rating': return 'Give a rating from 1 to 5';
    default: return q.type;
  }
}

function limitsList(q) {
  return h('dl', { class: 'limits' },
    h('dt', {}, 'Type'), h('dd', {}, kindText(q)),
    h('dt', {}, 'Time to think'), h('dd', {}, q.think_time_seconds ? spoken(q.think_time_seconds) : 'None'),
    h('dt', {}, 'Time to answer'), h('dd', {}, q.time_limit_seconds ? spoken(q.time_limit_seconds) : 'No limit'),
    h('dt', {}, 'Attempts left'), h('dd', {}, `${left(q)} of ${allowance(q)}`));
}

function showQuestion(i) {
  const q = questions()[i];
  progress(i);
  const go = h('button', { type: 'button', onclick: () => runAttempt(i) }, 'Show the question');
  show(`Question ${i + 1} of ${questions().length}`,
    h('p', {}, kMedia.has(q.type)
      ? 'When you press the button the question appears and the time to think starts. Then the recording starts.'
      : 'When you press the button the question appears and the time to answer starts.'),
    limitsList(q),
    h('div', { class: 'actions' }, go));
}

async function runAttempt(i) {
  const q = questions()[i];
  let started;
  try {
    if (kMedia.has(q.type)) await ensureStream(q.type);
    started = await api.startAttempt(q.id);
  } catch (err) {
    if (err instanceof api.ApiError && (err.status === 401 || /submitted/i.test(err.message))) return showProblem(err);
    return show(`Question ${i + 1}`, h('p', { class: 'error', role: 'alert' }, err.message),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: nextQuestion }, 'Continue')));
  }
  q.attempts_used = started.number || (q.attempts_used || 0) + 1;
  // The service's deadlines as times of this device's clock (which may be off).
  const now = Date.now();
  const span = (end) => Date.parse(end) - Date.parse(started.started_at);
  const kept = { question: q.id, attempt: started.attempt, thinkEnd: now + span(started.think_deadline), answerEnd: now + span(started.answer_deadline) };
  keepAttempt(kept);
  return continueAttempt(i, kept);
}

function continueAttempt(i, kept) {
  const shift = performance.now() - Date.now();
  const clock = { thinkEnd: kept.thinkEnd + shift, answerEnd: kept.answerEnd + shift };
  const started = { attempt: kept.attempt };
  if (kMedia.has(questions()[i].type)) return runMedia(i, started, clock);
  return runForm(i, started, clock);
}

// The attempt under way, kept for this tab until its recording starts or its answer is
// sent, so that a reload comes back to it while its time lasts.
const attemptKey = () => `attempt:${S.key}`;
const keepAttempt = (a) => sessionStorage.setItem(attemptKey(), JSON.stringify(a));
const dropAttempt = () => sessionStorage.removeItem(attemptKey());

function keptAttempt() {
  try {
    return JSON.parse(sessionStorage.getItem(attemptKey()) || 'null');
  } catch {
    return null;
  }
}

async function resumeAttempt() {
  const kept = keptAttempt();
  const i = kept ? questions().findIndex((q) => q.id === kept.question) : -1;
  if (i < 0) return false;
  const q = questions()[i];
  const media = kMedia.has(q.type);
  if (Date.now() >= (media ? kept.thinkEnd - 1000 : kept.answerEnd)) {
    dropAttempt();
    return false;
  }
  if (media) await ensureStream(q.type);
  continueAttempt(i, kept);
  return true;
}

// A countdown shown every second, spoken at its milestones (polite live region).
function countdown(el, endAt, say) {
  let lastSpoken = null;
  const update = () => {
    const remaining = (endAt - performance.now()) / 1000;
    el.textContent = seconds(remaining);
    const s = Math.ceil(remaining);
    if (s > 0 && s !== lastSpoken && (s === 30 || s === 10 || s === 5 || s % 60 === 0)) {
      lastSpoken = s;
      announce(say(s));
    }
    return remaining;
  };
  update();
  return update;
}

function questionPanel(q) {
  return h('div', { class: 'panel' }, h('p', { class: 'question-text', id: 'question-text' }, q.text));
}

async function runMedia(i, started, clock) {
  const q = questions()[i];
  const timer = h('p', { class: 'countdown', role: 'timer', 'aria-live': 'off', id: 'think-timer' });
  let begin;
  const begun = new Promise((resolve) => {
    begin = resolve;
  });
  const go = h('button', { type: 'button', onclick: () => begin() }, 'Start recording now');
  show(`Question ${i + 1} of ${questions().length}`,
    questionPanel(q),
    h('p', { id: 'think-label' }, 'Time to think. The recording starts in'),
    timer,
    h('div', { class: 'actions' }, go));
  timer.setAttribute('aria-labelledby', 'think-label');
  announce(`Question ${i + 1}: ${q.text}. You have ${spoken(q.think_time_seconds || 0)} to think.`);
  const update = countdown(timer, clock.thinkEnd, (s) => `${spoken(s)} until the recording starts`);
  // The recording must start (its upload be created) before the think deadline.
  const tick = setInterval(() => {
    if (update() <= 1) begin();
  }, 250);
  if (!q.think_time_seconds) begin();
  await begun;
  clearInterval(tick);
  return record(i, started);
}

function record(i, started) {
  const q = questions()[i];
  dropAttempt();  // from here on the recording is kept (IndexedDB)
  const limitMs = q.time_limit_seconds ? q.time_limit_seconds * 1000 : 0;
  const preview = h('video', { muted: true, autoplay: true, playsInline: true, 'aria-label': 'Your camera while you record' });
  preview.srcObject = S.stream;
  const elapsed = h('p', { class: 'countdown', role: 'timer', id: 'record-timer', 'aria-live': 'off' });
  const timeBar = h('progress', { max: limitMs || 1, value: 0, 'aria-labelledby': 'record-label' });
  const uploadText = h('p', { id: 'upload-status', 'aria-live': 'polite' }, 'Starting the upload…');
  const uploadBar = h('progress', { max: 1, value: 0, 'aria-labelledby': 'upload-label' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const stopButton = h('button', { type: 'button', class: 'stop', onclick: () => rec.stop() }, 'Stop recording');
  let recorded = 0;
  let accepted = 0;
  let stoppedInfo = null;
  let spokenAt = null;
  const refresh = () => {
    uploadBar.max = Math.max(recorded, 1);
    uploadBar.value = Math.min(accepted, recorded);
    document.documentElement.dataset.uploadAccepted = String(accepted);
    document.documentElement.dataset.uploadRecorded = String(recorded);
    const text = stoppedInfo
      ? `Sending the rest: ${megabytes(accepted)} of ${megabytes(recorded)} sent.`
      : `${megabytes(accepted)} of ${megabytes(recorded)} sent while you record.`;
    uploadText.textContent = text;
  };
  const rec = new Recording({
    key: S.key, stream: S.stream, mimeType: pickMimeType(q.type), kind: q.type,
    attempt: started.attempt, question: q.id, timeLimitMs: limitMs,
    events: {
      tick: (ms) => {
        const remaining = limitMs ? (limitMs - ms) / 1000 : ms / 1000;
        elapsed.textContent = limitMs ? `${seconds(remaining)} left` : seconds(remaining);
        timeBar.value = limitMs ? Math.min(ms, limitMs) : 0;
        const s = Math.ceil(remaining);
        if (limitMs && s !== spokenAt && (s === 30 || s === 10)) {
          spokenAt = s;
          announce(`${spoken(s)} left`);
        }
      },
      recorded: (n) => { recorded = n; refresh(); },
      accepted: (n) => { accepted = n; refresh(); },
      offline: (offline) => {
        if (offline) banner('The connection is lost. The recording goes on and is kept; it is sent when the connection is back.');
        else if (navigator.onLine) banner('');
      },
      stopped: (info) => {
        stoppedInfo = info;
        exposeRecording({ ...info, question: q.id, attempt: started.attempt });
        stopButton.disabled = true;
        stopButton.hidden = true;
        status.textContent = 'Recording stopped.';
        announce('Recording stopped. Sending the rest of your answer.');
        refresh();
      },
      success: async () => {
        await store.forget(S.key).catch(() => {});
        q.answered = true;
        announce('Your answer is saved.');
        showAnswered(i, 'Your recorded answer is saved.');
      },
      failure: (err) => {
        rec.cancel();
        uploadFailed(i, err, problem);
      },
    },
  });
  const status = h('p', { class: 'recording', id: 'record-label' }, 'Recording');
  show(`Question ${i + 1} of ${questions().length}`,
    questionPanel(q),
    q.type === 'video' ? preview : null,
    status,
    elapsed,
    timeBar,
    h('div', { class: 'actions' }, stopButton),
    h('h2', { id: 'upload-label' }, 'Upload'),
    uploadBar,
    uploadText,
    problem);
  rec.start().then(
    () => announce(limitMs ? `Recording. You have ${spoken(limitMs / 1000)}.` : 'Recording.'),
    (err) => uploadFailed(i, err, problem),
  );
  stopButton.focus();
}

async function uploadFailed(i, err, where) {
  const q = questions()[i];
  await store.forget(S.key).catch(() => {});
  // A recording that reached the service whole but whose answer was not heard of (the
  // page reloaded at that moment) reads as a missing upload: the session tells.
  try {
    const fresh = await api.session();
    const now = fresh.questions.find((x) => x.id === q.id);
    if (now) Object.assign(q, { answered: now.answered, attempts_used: now.attempts_used });
  } catch {
    // Keep what we knew.
  }
  if (err && err.status === 404 && q.answered) return showAnswered(i, 'Your recorded answer is saved.');
  const message = `${(err && err.message) || 'The recording could not be saved.'}`;
  if (where) where.textContent = message;
  showAnswered(i, null, message);
}

// --- Text, choice and rating questions ------------------------------------------------

function formControl(q) {
  if (q.type === 'text') {
    const area = h('textarea', { id: 'answer', name: 'answer', rows: 8, 'aria-describedby': 'answer-error' });
    return { node: [h('label', { for: 'answer' }, 'Your answer'), area], value: () => (area.value.trim() ? { text: area.value } : null) };
  }
  const multiple = q.type === 'multiple_choice';
  const options = q.type === 'rating' ? ['1', '2', '3', '4', '5'] : q.options || [];
  const inputs = options.map((o, n) => h('input', { type: multiple ? 'checkbox' : 'radio', name: 'answer', id: `option-${n}`, value: o }));
  const label = (o) => (q.type === 'rating' ? (o === '1' ? '1 (lowest)' : o === '5' ? '5 (highest)' : o) : o);
  const node = h('fieldset', { 'aria-describedby': 'answer-error' },
    h('legend', {}, q.type === 'rating' ? 'Your rating' : multiple ? 'Choose one or more' : 'Choose one'),
    options.map((o, n) => h('div', { class: 'choice' }, inputs[n], h('label', { for: `option-${n}` }, label(o)))));
  const value = () => {
    const chosen = inputs.filter((x) => x.checked).map((x) => x.value);
    if (!chosen.length) return null;
    return q.type === 'rating' ? { rating: Number(chosen[0]) } : { choices: chosen };
  };
  return { node, value };
}

function runForm(i, started, clock) {
  const q = questions()[i];
  const control = formControl(q);
  const timer = h('p', { class: 'countdown', role: 'timer', 'aria-live': 'off', 'aria-labelledby': 'answer-time-label' });
  const problem = h('p', { class: 'error', id: 'answer-error', role: 'alert' });
  let sent = false;
  const send = async (auto) => {
    if (sent) return;
    const body = control.value();
    if (!body) {
      if (!auto) problem.textContent = q.type === 'text' ? 'Write your answer first.' : 'Choose an answer first.';
      return;
    }
    sent = true;
    save.disabled = true;
    try {
      await api.answer(started.attempt, body);
      dropAttempt();
      q.answered = true;
      clearInterval(tick);
      announce('Your answer is saved.');
      showAnswered(i, 'Your answer is saved.');
    } catch (err) {
      sent = false;
      save.disabled = false;
      problem.textContent = err.message;
    }
  };
  const save = h('button', { type: 'submit' }, 'Save my answer');
  const form = h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); send(false); } },
    control.node, problem, h('div', { class: 'actions' }, save));
  const hasLimit = Boolean(q.time_limit_seconds || q.think_time_seconds);
  const update = hasLimit ? countdown(timer, clock.answerEnd, (s) => `${spoken(s)} left to answer`) : () => 1;
  const tick = setInterval(() => {
    if (update() > 0) return;
    clearInterval(tick);
    if (control.value()) send(true);
    else if (!sent) {
      dropAttempt();
      problem.textContent = 'The time to answer is over.';
      showAnswered(i, null, 'The time to answer this question is over.');
    }
  }, 500);
  show(`Question ${i + 1} of ${questions().length}`,
    questionPanel(q),
    hasLimit ? [h('p', { id: 'answer-time-label' }, 'Time left to answer'), timer] : null,
    form);
  announce(`Question ${i + 1}: ${q.text}`);
}

// --- After an answer ------------------------------------------------------------------

function showAnswered(i, saved, failed) {
  const q = questions()[i];
  progress(i);
  const more = left(q);
  const last = questions().every((x, n) => n === i || x.answered || left(x) <= 0);
  const again = kMedia.has(q.type) ? 'Record again' : 'Answer again';
  show(saved ? `Question ${i + 1}: answer saved` : `Question ${i + 1}: not saved`,
    saved ? h('p', { class: 'ok', id: 'answer-saved' }, saved) : null,
    failed ? h('p', { class: 'error', role: 'alert' }, failed) : null,
    more > 0
      ? h('p', {}, `You may answer this question again: ${more} attempt${more === 1 ? '' : 's'} left. A new answer replaces the one before.`)
      : h('p', { class: 'muted', id: 'no-retake' }, 'No more attempts are left for this question.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: last ? showFinish : nextQuestion }, last ? 'Go to the end' : 'Next question'),
      more > 0 ? h('button', { type: 'button', class: 'secondary', id: 'retake', onclick: () => runAttempt(i) }, `${again} (${more} left)`) : null));
}

// --- A recording kept through a reload ------------------------------------------------

async function resumeRecording(rec) {
  const i = questions().findIndex((q) => q.id === rec.question);
  if (i < 0 || !rec.uploadUrl) {
    await store.forget(S.key);
    return null;
  }
  progress(i);
  const bar = h('progress', { max: 1, value: 0, 'aria-labelledby': 'resume-label' });
  const text = h('p', { 'aria-live': 'polite', id: 'upload-status' }, 'Asking the service where the upload stands…');
  const problem = h('p', { class: 'error', role: 'alert' });
  show(`Question ${i + 1} of ${questions().length}`,
    h('p', { id: 'resume-label' }, 'Sending the rest of your recording, from where it stopped.'),
    bar, text, problem);
  let recorded = 0;
  const { blob } = await resumeKept(rec, {
    recorded: (n) => { recorded = n; bar.max = Math.max(n, 1); },
    accepted: (n) => {
      bar.value = n;
      document.documentElement.dataset.uploadAccepted = String(n);
      text.textContent = `${megabytes(n)} of ${megabytes(recorded)} sent.`;
    },
    offline: (offline) => banner(offline ? 'The connection is lost. Your recording is kept; it is sent when the connection is back.' : ''),
    success: async () => {
      await store.forget(S.key);
      questions()[i].answered = true;
      announce('Your answer is saved.');
      showAnswered(i, 'Your recorded answer is saved.');
    },
    failure: (err) => uploadFailed(i, err, problem),
  });
  exposeRecording({ ...rec, sha256: rec.sha256 || (await sha256Hex(blob)) });
  return true;
}

// --- The end --------------------------------------------------------------------------

function showFinish() {
  const qs = questions();
  const answered = qs.filter((q) => q.answered).length;
  progress(null);
  const problem = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button', onclick: async () => {
    button.disabled = true;
    try {
      await api.submit();
      showDone();
    } catch (err) {
      if (err instanceof api.ApiError && /submitted/i.test(err.message)) return showDone();
      button.disabled = false;
      problem.textContent = err.message;
    }
  } }, 'Submit my interview');
  show('Ready to submit',
    h('p', {}, `You answered ${answered} of ${qs.length} question${qs.length === 1 ? '' : 's'}.`),
    answered < qs.length ? h('p', {}, 'Questions without an answer stay unanswered once you submit.') : null,
    h('p', {}, 'Once submitted, your answers cannot be changed.'),
    problem,
    h('div', { class: 'actions' }, button));
}

function showDone() {
  stopStream(S.stream);
  S.stream = null;
  sessionStorage.removeItem('practiced');
  overall(questions().length, questions().length, 'Submitted');
  document.documentElement.dataset.problem = '';
  show('Thank you, your interview is submitted',
    h('p', {}, `${S.session.organization.name} has your answers for ${S.session.job.title}.`),
    h('p', {}, 'You can close this page now.'));
}

// --- Start ----------------------------------------------------------------------------

async function boot() {
  if (!api.token) return showProblem(new api.ApiError(401, { detail: 'This invitation link is not valid.' }));
  try {
    S.key = await store.keyOf(api.token);
    S.session = await api.session();
  } catch (err) {
    return showProblem(err);
  }
  brand(`${S.session.organization.name} · ${S.session.job.title}`);
  if (S.session.status === 'completed') return showCompleted();
  const kept = await store.recording(S.key).catch(() => null);
  if (kept && !S.session.consent_required && (await resumeRecording(kept))) return null;
  if (!S.session.consent_required && (await resumeAttempt())) return null;
  return showWelcome();
}

boot().catch(showProblem);

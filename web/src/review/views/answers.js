// A candidate's answers for the job, grouped by screening (one per module service),
// each with its question, the candidate's response, its media and processing state,
// and the reviewer's score and notes; a strip of the answers' thumbnails on top; the
// reviewer's overall feedback per group, and what other reviewers wrote (as far as the
// API shows it: an interviewer sees others' feedback only once they have saved their
// own). The mapping to the feedback object is in feedback_format.js.
import { ApiError, get, patch, post } from '../api.js';
import { bytes, duration, fill, h, time, uid, words } from '../dom.js';
import { formatComments, meanRating, parseComments, scoreKey } from '../feedback_format.js';
import { audioTrack, player } from '../media.js';

const kRecommendations = [
  ['strong_yes', 'Strong yes'],
  ['yes', 'Yes'],
  ['no', 'No'],
  ['strong_no', 'Strong no'],
];
const kTypes = {
  text: 'Text',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  rating: 'Rating',
  video: 'Video',
  audio: 'Audio',
};
const kMediaStates = {
  pending: 'Waiting to be processed',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Processing failed',
};
const kPollMs = 3000;

// [{screening, label, answers: [{answer, question, number}]}], screenings by id and
// answers by their question's order; numbers run across the page.
export function answerGroups(data) {
  let number = 0;
  return [...data.screenings]
    .sort((a, b) => a.id - b.id)
    .map((screening) => {
      const answers = data.answers
        .filter((a) => a.screening === screening.id)
        .map((answer) => ({ answer, question: data.questions.get(answer.question) || null }))
        .sort((x, y) => (x.question?.order ?? 1e9) - (y.question?.order ?? 1e9) || x.answer.id - y.answer.id)
        .map((entry) => ({ ...entry, number: ++number }));
      return { screening, label: data.serviceName(screening.module, screening.service), answers };
    });
}

function authorName(data, id) {
  if (id === data.me.id) return 'You';
  return data.users.get(id) || `Reviewer ${id}`;
}

function mine(data) {
  return data.feedback.filter((f) => f.author === data.me.id);
}

// The reviewer's feedback that holds this group's scores and notes: the one that already
// names one of its answers, else the one on the group's step (or without a step when
// the candidate has no step in that service), else none yet.
function feedbackOf(data, group) {
  const own = mine(data);
  const ids = group.answers.map((e) => e.answer.id);
  const holds = (f) => ids.some((id) => scoreKey(id) in (f.scores || {}) || parseComments(f.comments).notes.has(id));
  const step = data.stepOfScreening(group.screening);
  return own.find(holds) || own.find((f) => (step ? f.step === step.id : f.step === null)) || null;
}

function questionText(entry) {
  return entry.question ? entry.question.text : 'This question was deleted from its set after it was answered.';
}

function responseOf(entry) {
  const { answer, question } = entry;
  const out = [];
  if (answer.text) out.push(h('blockquote', { class: 'response' }, answer.text));
  if (Array.isArray(answer.choices)) {
    out.push(
      h('p', { class: 'response' }, 'Chose: ', h('strong', {}, answer.choices.join(', ') || 'nothing')),
      question?.options?.length ? h('p', { class: 'muted' }, `Options: ${question.options.join(', ')}`) : null,
    );
  }
  if (answer.rating !== null && answer.rating !== undefined) {
    out.push(h('p', { class: 'response' }, 'Rated: ', h('strong', {}, String(answer.rating))));
  }
  if (!out.length && !answer.media) out.push(h('p', { class: 'muted' }, 'No response was recorded.'));
  return out;
}

// The thumbnail's blob: URL (or null), fetched once per answer.
function thumbnail(data, answer) {
  if (!answer.media?.thumbnail_url) return Promise.resolve(null);
  if (!data.thumbs.has(answer.id)) {
    data.thumbs.set(answer.id, data.urls.load(`/interview/answers/${answer.id}/thumbnail/`).catch(() => null));
  }
  return data.thumbs.get(answer.id);
}

function mediaBlock(data, entry) {
  const { answer } = entry;
  const m = answer.media;
  if (!m) return null;
  const label = `answer ${entry.number}`;
  const audioOnly = (m.content_type || '').startsWith('audio/');
  const facts = [m.duration_seconds ? duration(m.duration_seconds) : null, m.size ? bytes(m.size) : null].filter(Boolean);
  return h(
    'div',
    { class: 'media', 'data-answer': answer.id, 'data-status': m.status },
    h(
      'p',
      { class: `state state-${m.status}` },
      h('span', { class: 'state-label' }, kMediaStates[m.status] || words(m.status)),
      facts.length ? ` · ${facts.join(' · ')}` : '',
      m.status === 'failed' && m.error ? h('span', { class: 'state-error' }, ` — ${m.error}`) : null,
    ),
    m.video_url
      ? player({
          path: `/interview/answers/${answer.id}/video/`,
          kind: audioOnly ? 'audio' : 'video',
          size: m.size,
          label,
          urls: data.urls,
          loader: data.loader,
          poster: thumbnail(data, answer),
        })
      : null,
    !audioOnly && m.audio_url ? audioTrack({ path: `/interview/answers/${answer.id}/audio/`, label, urls: data.urls }) : null,
  );
}

function scoreField(entry, value) {
  const name = `score-${entry.answer.id}`;
  const options = [['', 'None'], ...[1, 2, 3, 4, 5].map((n) => [String(n), String(n)])];
  return h(
    'fieldset',
    { class: 'score' },
    h('legend', {}, `Your score for answer ${entry.number} (1 to 5)`),
    h(
      'div',
      { class: 'choices-row' },
      options.map(([v, text]) => {
        const id = uid('score');
        return h(
          'span',
          { class: 'choice' },
          h('input', { type: 'radio', id, name, value: v, checked: String(value ?? '') === v }),
          h('label', { for: id }, text),
        );
      }),
    ),
  );
}

function othersOnAnswer(data, answerId) {
  const out = [];
  for (const f of data.feedback) {
    if (f.author === data.me.id) continue;
    const score = f.scores?.[scoreKey(answerId)];
    const notes = parseComments(f.comments).notes.get(answerId);
    if (score === undefined && !notes) continue;
    out.push(
      h(
        'li',
        {},
        h('strong', {}, authorName(data, f.author)),
        score !== undefined ? `: ${score} / 5` : '',
        notes ? h('span', { class: 'notes' }, ` — ${notes}`) : null,
      ),
    );
  }
  return out;
}

function saveRow(text) {
  const status = h('p', { class: 'save-status', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  error.hidden = true;
  return h('div', { class: 'save-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, text), status, error);
}

function answerCard(data, entry, own) {
  const { answer } = entry;
  const notesId = uid('notes');
  const titleId = `answer-${answer.id}-title`;
  const type = entry.question ? kTypes[entry.question.type] || words(entry.question.type) : 'Deleted question';
  return h(
    'article',
    { class: 'answer card', id: `answer-${answer.id}`, 'aria-labelledby': titleId },
    h('h4', { id: titleId, tabindex: '-1' }, `Answer ${entry.number} `, h('span', { class: 'type' }, `(${type})`)),
    h('p', { class: 'question' }, questionText(entry)),
    responseOf(entry),
    mediaBlock(data, entry),
    h(
      'div',
      { class: 'review' },
      scoreField(entry, own?.scores?.[scoreKey(answer.id)]),
      h('div', { class: 'field' }, h('label', { for: notesId }, `Your notes on answer ${entry.number}`), h('textarea', { id: notesId, name: `notes-${answer.id}`, rows: 3, value: parseComments(own?.comments).notes.get(answer.id) || '' })),
      saveRow('Save feedback'),
    ),
    h('div', { class: 'others', 'data-answer': answer.id }),
  );
}

function overallFields(data, group, own) {
  const ratingName = 'rating';
  const recommendationId = uid('recommendation');
  const generalId = uid('general');
  const hintId = uid('hint');
  return h(
    'fieldset',
    { class: 'overall card' },
    h('legend', {}, `Your overall feedback on ${group.label}`),
    h(
      'fieldset',
      { class: 'score', 'aria-describedby': hintId },
      h('legend', {}, 'Overall rating (1 to 5)'),
      h(
        'div',
        { class: 'choices-row' },
        [1, 2, 3, 4, 5].map((n) => {
          const id = uid('rating');
          return h('span', { class: 'choice' }, h('input', { type: 'radio', id, name: ratingName, value: String(n), checked: own?.rating === n }), h('label', { for: id }, String(n)));
        }),
      ),
      h('p', { class: 'hint', id: hintId }, 'Left empty, it is the mean of your scores for the answers.'),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: recommendationId }, 'Recommendation'),
      h(
        'select',
        { id: recommendationId, name: 'recommendation' },
        h('option', { value: '' }, 'Choose…'),
        kRecommendations.map(([v, text]) => h('option', { value: v, selected: own?.recommendation === v }, text)),
      ),
    ),
    h('div', { class: 'field' }, h('label', { for: generalId }, 'General notes'), h('textarea', { id: generalId, name: 'general', rows: 3, value: parseComments(own?.comments).general })),
    saveRow('Save feedback'),
    h('p', { class: 'muted saved-at' }, own ? ['Last saved ', time(own.updated_at)] : 'Not saved yet.'),
  );
}

// Reads the form into the feedback body, merged into `existing` (which may hold other
// groups' answers too). Returns {body} or {error, field}.
function feedbackBody(data, group, form, existing) {
  const scores = { ...(existing?.scores || {}) };
  const parsed = parseComments(existing?.comments || '');
  const titles = new Map();
  for (const entry of data.groups.flatMap((g) => g.answers)) titles.set(entry.answer.id, entry.question?.text || '');
  for (const { answer } of group.answers) {
    const value = form.elements[`score-${answer.id}`].value;
    if (value) scores[scoreKey(answer.id)] = Number(value);
    else delete scores[scoreKey(answer.id)];
    const notes = form.elements[`notes-${answer.id}`].value.trim();
    if (notes) parsed.notes.set(answer.id, notes);
    else parsed.notes.delete(answer.id);
  }
  parsed.general = form.elements.general.value;
  const chosen = form.elements.rating.value;
  const rating = chosen ? Number(chosen) : meanRating(group.answers.map(({ answer }) => scores[scoreKey(answer.id)]));
  if (!rating) {
    return { error: 'Give an overall rating, or a score to at least one answer.', field: form.querySelector('input[name="rating"]') };
  }
  const recommendation = form.elements.recommendation.value;
  if (!recommendation) return { error: 'Choose a recommendation.', field: form.elements.recommendation };
  return { body: { rating, recommendation, comments: formatComments(parsed, titles), scores } };
}

async function save(ctx, data, group, form, submitter, refresh) {
  const row = submitter.closest('.save-row');
  const status = row.querySelector('.save-status');
  const error = row.querySelector('.error');
  for (const e of form.querySelectorAll('.save-row .error')) e.hidden = true;
  const existing = feedbackOf(data, group);
  const read = feedbackBody(data, group, form, existing);
  if (read.error) {
    error.textContent = read.error;
    error.hidden = false;
    read.field?.focus();
    return;
  }
  for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = true;
  status.textContent = 'Saving…';
  try {
    if (existing) {
      await patch(`/interview/feedbacks/${existing.id}/`, read.body, { signal: ctx.signal });
    } else {
      const step = data.stepOfScreening(group.screening);
      await post(
        '/interview/feedbacks/',
        { job: data.job.id, candidate: data.candidate.id, ...(step ? { step: step.id } : {}), ...read.body },
        { signal: ctx.signal },
      );
    }
    await refresh();
    status.textContent = 'Feedback saved.';
    const own = feedbackOf(data, group);
    fill(form.querySelector('.saved-at'), 'Last saved ', time(own?.updated_at));
  } catch (err) {
    if (err.name === 'AbortError') return;
    status.textContent = '';
    error.textContent = err instanceof ApiError ? `Not saved: ${err.message}` : `Not saved: ${err}`;
    error.hidden = false;
  } finally {
    for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = false;
  }
}

function thumbStrip(data) {
  const entries = data.groups.flatMap((g) => g.answers);
  if (!entries.length) return null;
  return h(
    'nav',
    { class: 'strip-nav', 'aria-label': 'Answers at a glance' },
    h(
      'ol',
      { class: 'strip' },
      entries.map((entry) => {
        const picture = h('span', { class: 'thumb-picture', 'aria-hidden': 'true' }, entry.question ? kTypes[entry.question.type] || '' : '');
        thumbnail(data, entry.answer).then((url) => {
          if (url) fill(picture, h('img', { src: url, alt: '', class: 'thumb-img', 'data-answer': entry.answer.id }));
        });
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'thumb',
              onclick: () => {
                const heading = document.getElementById(`answer-${entry.answer.id}-title`);
                heading?.scrollIntoView({ block: 'start' });
                heading?.focus({ preventScroll: true });
              },
            },
            picture,
            h('span', { class: 'thumb-label' }, `Answer ${entry.number}`),
            h('span', { class: 'visually-hidden' }, `: ${entry.question ? kTypes[entry.question.type] : 'deleted question'}`),
          ),
        );
      }),
    ),
  );
}

function othersSection(data) {
  const others = data.feedback.filter((f) => f.author !== data.me.id);
  const own = mine(data);
  const hidden = data.me.role === 'interviewer' && own.length === 0;
  const stepLabel = (id) => {
    const step = data.steps.find((s) => s.id === id);
    return step ? data.serviceName(step.module, step.service.id) : 'the whole application';
  };
  let content;
  if (hidden) {
    content = h('p', { class: 'notice', id: 'others-hidden' }, 'Other reviewers’ feedback is shown once you have saved your own: you give your view before you read theirs.');
  } else if (!others.length) {
    content = h('p', { class: 'muted' }, 'No other reviewer has given feedback yet.');
  } else {
    content = h(
      'ul',
      { class: 'cards' },
      others.map((f) => {
        const general = parseComments(f.comments).general;
        return h(
          'li',
          { class: 'card feedback', 'data-author': f.author },
          h('h3', {}, `${authorName(data, f.author)} on ${f.step ? stepLabel(f.step) : 'the whole application'}`),
          h('p', {}, 'Rating ', h('strong', {}, `${f.rating} / 5`), ' · ', h('strong', {}, words(f.recommendation))),
          general ? h('p', { class: 'notes' }, general) : null,
          h('p', { class: 'meta' }, 'Updated ', time(f.updated_at)),
        );
      }),
    );
  }
  return [h('h2', { id: 'others-title' }, 'Feedback from other reviewers'), content];
}

// Redraws what depends on the feedback list (after a save: the API may show more now).
function renderOthers(data, section) {
  fill(section, othersSection(data));
  for (const box of document.querySelectorAll('.others[data-answer]')) {
    const items = othersOnAnswer(data, Number(box.dataset.answer));
    fill(box, items.length ? [h('p', { class: 'others-title' }, 'Other reviewers'), h('ul', {}, items)] : []);
  }
}

export function answersSection(ctx, data, refreshFeedback) {
  data.groups = answerGroups(data);
  const others = h('section', { class: 'others-feedback', 'aria-labelledby': 'others-title' });
  const refresh = async () => {
    await refreshFeedback();
    renderOthers(data, others);
  };
  const groups = data.groups.map((group) => {
    const own = feedbackOf(data, group);
    const headingId = `screening-${group.screening.id}-title`;
    const form = h(
      'form',
      { class: 'feedback-form', novalidate: true, 'aria-labelledby': headingId },
      group.answers.length ? group.answers.map((entry) => answerCard(data, entry, own)) : h('p', { class: 'muted' }, 'No answers yet.'),
      group.answers.length ? overallFields(data, group, own) : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save(ctx, data, group, form, event.submitter || form.querySelector('button[type="submit"]'), refresh);
    });
    return h(
      'section',
      { class: 'screening', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, group.label, ' ', h('span', { class: `badge badge-${group.screening.status}` }, words(group.screening.status))),
      form,
    );
  });
  const section = h(
    'section',
    { class: 'answers', 'aria-labelledby': 'answers-title' },
    h('h2', { id: 'answers-title' }, 'Answers'),
    thumbStrip(data),
    groups.length ? groups : h('p', { class: 'muted' }, 'This candidate has no answers for this job yet.'),
  );
  renderOthers(data, others);
  pollProcessing(ctx, data, section);
  return [section, others];
}

// While a video is still being processed, asks for its answer every few seconds and
// redraws its media when the state changes.
function pollProcessing(ctx, data, section) {
  const busy = () => data.answers.filter((a) => a.media && (a.media.status === 'pending' || a.media.status === 'processing'));
  if (!busy().length) return;
  const timer = window.setInterval(async () => {
    const waiting = busy();
    if (!waiting.length) {
      window.clearInterval(timer);
      return;
    }
    for (const answer of waiting) {
      try {
        const fresh = await get(`/interview/answers/${answer.id}/`, { signal: ctx.signal });
        if (fresh.media?.status === answer.media.status) continue;
        answer.media = fresh.media;
        const entry = data.groups.flatMap((g) => g.answers).find((e) => e.answer.id === answer.id);
        const old = section.querySelector(`.media[data-answer="${answer.id}"]`);
        if (old && entry) old.replaceWith(mediaBlock(data, entry));
        ctx.announce(`Answer ${entry?.number ?? ''}: ${kMediaStates[fresh.media.status] || fresh.media.status}.`);
        if (fresh.media.status === 'ready') {
          const picture = section.querySelectorAll('.thumb-picture')[(entry?.number ?? 0) - 1];
          thumbnail(data, answer).then((url) => {
            if (url && picture) fill(picture, h('img', { src: url, alt: '', class: 'thumb-img' }));
          });
        }
      } catch (err) {
        if (err.name === 'AbortError') return;
      }
    }
  }, kPollMs);
  ctx.onCleanup(() => window.clearInterval(timer));
}

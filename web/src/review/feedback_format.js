// How the page keeps per-answer scores and notes in the API's feedback object
// (docs/review-page.md says the same for other clients):
//
// - one feedback per reviewer and step: the candidate's step for the screening's module
//   and service (`step`), or, when the candidate has no such step, the reviewer's one
//   feedback on the (job, candidate) without a step;
// - `scores` holds one entry per scored answer, keyed `answer:<answer id>`, 1–5;
// - `comments` is plain text: the reviewer's general notes first, then one section per
//   answer with notes, each opened by a line `[answer <id>] <question text>`:
//
//       Clear and structured.
//
//       [answer 12] Tell us about a project you led
//       Good on scope, vague on the outcome.
//
//   A notes line that itself begins with `[answer ` is written with a `\` before it
//   (one more for each `\` already there), so that it cannot open a section;
// - `rating` is the reviewer's overall rating (by default the rounded mean of the
//   answers' scores) and `recommendation` theirs, both required by the API.

export function scoreKey(answerId) {
  return `answer:${answerId}`;
}

// The answer id of a `scores` key, or null for another criterion.
export function answerOfKey(key) {
  const m = /^answer:(\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
}

const kSection = /^\[answer (\d+)\](?: .*)?$/;
const kEscaped = /^(\\*)\[answer /;

function escapeLine(line) {
  return kEscaped.test(line) ? `\\${line}` : line;
}
function unescapeLine(line) {
  const m = kEscaped.exec(line);
  return m && m[1].length > 0 ? line.slice(1) : line;
}

// comments → {general, notes: Map(answer id → text)}.
export function parseComments(comments) {
  const notes = new Map();
  const general = [];
  let current = general;
  for (const line of String(comments || '').split(/\r?\n/)) {
    const m = kSection.exec(line);
    if (m) {
      current = [];
      notes.set(Number(m[1]), current);
      continue;
    }
    current.push(unescapeLine(line));
  }
  const text = (lines) => lines.join('\n').trim();
  const out = new Map();
  for (const [id, lines] of notes) {
    const t = text(lines);
    if (t) out.set(id, t);
  }
  return { general: text(general), notes: out };
}

// {general, notes: Map(answer id → text)} → comments. `titles` maps an answer id to its
// question's text, written after the marker for people reading the feedback elsewhere.
export function formatComments({ general, notes }, titles = new Map()) {
  const blocks = [];
  const body = (text) => String(text).trim().split(/\r?\n/).map(escapeLine).join('\n');
  if (general && general.trim()) blocks.push(body(general));
  const ids = [...notes.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const text = notes.get(id);
    if (!text || !text.trim()) continue;
    const title = String(titles.get(id) || '').replace(/\s+/g, ' ').trim().slice(0, 80);
    blocks.push(`[answer ${id}]${title ? ` ${title}` : ''}\n${body(text)}`);
  }
  return blocks.join('\n\n');
}

// The overall rating a reviewer gave no value for: the rounded mean of the scores.
export function meanRating(scores) {
  const values = scores.filter((s) => Number.isInteger(s) && s >= 1 && s <= 5);
  if (!values.length) return null;
  return Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}

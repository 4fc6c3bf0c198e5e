// Small DOM helpers: elements built from data (never HTML from strings), one view at a
// time in <main> with its heading focused, and a polite live region for announcements.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (typeof v !== 'string' && typeof v !== 'number' && k in el) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const main = () => document.getElementById('main');

// Replaces the page's content: a heading (focused, so that a screen reader says where
// the candidate is and the keyboard starts here) and the rest.
export function show(title, ...content) {
  const heading = h('h1', { tabindex: '-1' }, title);
  main().replaceChildren(heading, ...content.flat(Infinity).filter(Boolean));
  document.title = `${title} – Video interview`;
  heading.focus();
  return main();
}

export function announce(text) {
  const el = document.getElementById('announcer');
  el.textContent = '';
  // A change after a tick is announced even when the text repeats.
  setTimeout(() => {
    el.textContent = text;
  }, 50);
}

export function banner(text) {
  const el = document.getElementById('banner');
  el.textContent = text || '';
  el.hidden = !text;
}

export function overall(done, total, label) {
  document.getElementById('overall').hidden = !total;
  const bar = document.getElementById('overall-progress');
  bar.max = total || 1;
  bar.value = done;
  document.getElementById('overall-label').textContent = label;
}

export function brand(text) {
  document.getElementById('brand').textContent = text;
}

export function seconds(total) {
  const s = Math.max(0, Math.ceil(total));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function spoken(total) {
  const s = Math.max(0, Math.ceil(total));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (rest || !m) parts.push(`${rest} second${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export function megabytes(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

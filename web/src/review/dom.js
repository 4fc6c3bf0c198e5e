// Building the page's DOM without HTML strings: every text from the API goes in as a
// text node, so nothing a candidate typed can become markup.

// h('button', {type: 'button', class: 'btn', onclick: fn}, 'Save') → <button>.
// Attributes: `class`, `for`, aria-* and data-* are set as attributes; a function under
// on<event> is a listener; a value of true is an empty attribute; false, null and
// undefined are left out. `value`, `checked`, `selected`, `disabled`, `hidden` and
// `muted` are set as properties. Children: nodes, strings, numbers, arrays, or null.
const kProperties = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'muted']);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (kProperties.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Replaces what `el` holds.
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let ids = 0;
// A document-unique id for label/aria references. Its "u-" keeps it apart from the
// names of form fields ("score-12"), which form.elements also looks up by id.
export function uid(prefix) {
  ids += 1;
  return `u-${prefix}-${ids}`;
}

// "2026-11-28T15:04:05Z" → <time> in the reader's locale.
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const when = new Date(iso);
  const text = Number.isNaN(when.getTime())
    ? iso
    : when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return h('time', { datetime: iso }, text);
}

export function bytes(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// "in_process" → "In process".
export function words(value) {
  const s = String(value ?? '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// The public API as the page calls it: the token from sessionStorage in the
// Authorization header (never in a URL), DRF-shaped errors turned into sentences, lists
// followed page by page, and any 401 sending the reader back to sign-in.

const kBase = '/api/v1';
const kTokenKey = 'interviewd.review.token';
const kUserKey = 'interviewd.review.user';

// The signed-in user, kept for this tab only: closing it signs out of the page (the
// token stays valid until it expires or POST auth/logout/ revokes it).
export const session = {
  get token() {
    return sessionStorage.getItem(kTokenKey);
  },
  get user() {
    try {
      return JSON.parse(sessionStorage.getItem(kUserKey) || 'null');
    } catch {
      return null;
    }
  },
  save(token, user) {
    sessionStorage.setItem(kTokenKey, token);
    sessionStorage.setItem(kUserKey, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(kTokenKey);
    sessionStorage.removeItem(kUserKey);
  },
};

let unauthorized = () => {};
// `fn` runs when a request is answered 401 (the session is already cleared then).
export function onUnauthorized(fn) {
  unauthorized = fn;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(errorText(status, body));
    this.status = status;
    this.body = body;
  }
}

const kFieldNames = {
  non_field_errors: '',
  detail: '',
  rating: 'Overall rating',
  recommendation: 'Recommendation',
  comments: 'Notes',
  scores: 'Scores',
  email: 'Email',
  password: 'Password',
};

// {"detail": "..."} or {"field": ["message", ...], ...} as one sentence per field.
export function errorText(status, body) {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    if (typeof body.detail === 'string') return body.detail;
    const parts = [];
    for (const [field, messages] of Object.entries(body)) {
      const text = Array.isArray(messages) ? messages.join(' ') : JSON.stringify(messages);
      const name = field in kFieldNames ? kFieldNames[field] : field.replace(/_/g, ' ');
      parts.push(name ? `${name}: ${text}` : text);
    }
    if (parts.length) return parts.join(' ');
  }
  if (status === 0) return 'The service could not be reached. Check the connection and try again.';
  return `The service answered ${status}.`;
}

async function send(method, path, { body, signal, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  const token = session.token;
  if (auth && token) headers.Authorization = `Token ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(kBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  let data = null;
  // Read even when empty (204): Chromium counts a body left unread as an aborted request.
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.status === 401 && auth && token) {
    session.clear();
    unauthorized();
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, headers: response.headers };
}

export async function get(path, options) {
  return (await send('GET', path, options)).data;
}
export async function post(path, body, options) {
  return (await send('POST', path, { ...options, body })).data;
}
export async function patch(path, body, options) {
  return (await send('PATCH', path, { ...options, body })).data;
}
export async function signIn(email, password) {
  return (await send('POST', '/auth/token/', { body: { email, password }, auth: false })).data;
}

function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  if (!text) return path;
  return path + (path.includes('?') ? '&' : '?') + text;
}

// One page of a list: {items, total}.
export async function page(path, { offset = 0, limit = 100, signal } = {}) {
  const { data, headers } = await send('GET', withQuery(path, { limit, offset }), { signal });
  const total = Number(headers.get('X-Total-Count'));
  return { items: data || [], total: Number.isFinite(total) ? total : (data || []).length };
}

// Every item of a list, 1,000 at a time (at most `max`).
export async function all(path, { signal, max = 20000 } = {}) {
  const items = [];
  for (;;) {
    const chunk = await page(path, { offset: items.length, limit: 1000, signal });
    items.push(...chunk.items);
    if (chunk.items.length === 0 || items.length >= chunk.total || items.length >= max) return items;
  }
}


// A file of the API (an answer's video, audio or thumbnail) as a Blob, with the token in
// the header; `progress(received, total)` is told as bytes arrive.
export async function blob(path, { signal, progress } = {}) {
  const token = session.token;
  const response = await fetch(kBase + path, {
    headers: token ? { Authorization: `Token ${token}` } : {},
    signal,
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (response.status === 401 && token) {
    session.clear();
    unauthorized();
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ApiError(response.status, body);
  }
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!progress || !response.body) return response.blob();
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    progress(received, total);
  }
  return new Blob(parts, { type: response.headers.get('Content-Type') || '' });
}

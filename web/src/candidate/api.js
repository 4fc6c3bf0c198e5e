// The candidate API (/api/v1/candidate/), authenticated by the invitation's token, which
// the page reads from its own address (/i/{token}). A call that meets no network waits
// for the connection and tries again; an answer of the API is an ApiError.

export const token = decodeURIComponent(window.location.pathname.split('/')[2] || '');
export const authorization = `Invitation ${token}`;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `The service answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function whenOnline() {
  if (navigator.onLine) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('online', () => resolve(), { once: true }));
}

let onOffline = () => {};
export function setOfflineHandler(fn) {
  onOffline = fn;
}

async function once(method, path, body) {
  const headers = { Authorization: authorization };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1/candidate/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// Network failures (offline, a dropped connection) are retried with backoff; the
// service's own answers are not. A write that may have arrived before the connection
// dropped is safe to send again: each of these is idempotent or checked by the caller.
export async function call(method, path, body) {
  let delay = 1000;
  for (;;) {
    try {
      return await once(method, path, body);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      onOffline(true);
      await whenOnline();
      await sleep(delay);
      delay = Math.min(delay * 2, 15000);
    } finally {
      onOffline(false);
    }
  }
}

export const session = () => call('GET', 'session/');
export const consent = () => call('POST', 'consent/', { accepted: true });
export const startAttempt = (question) => call('POST', `questions/${question}/attempts/`, {});
export const answer = (attempt, body) => call('POST', `attempts/${attempt}/answer/`, body);
export const submit = () => call('POST', 'submit/', {});

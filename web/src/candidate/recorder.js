// A recording that is uploaded while it is made: MediaRecorder hands over a piece every
// second, each piece is kept in IndexedDB (so that a reload loses nothing) and fed to a
// tus upload of deferred length (tus-js-client reading a ReadableStream), so that when
// the candidate stops only the last second or so is left to send. The same upload is
// resumed after a reload from the service's offset (HEAD) with the bytes kept.
import * as tus from 'tus-js-client';

import { authorization, whenOnline } from './api.js';
import * as store from './store.js';

// One PATCH per piece of this size: about a second of video at the bit rate below.
export const kChunkSize = 128 * 1024;
const kTimesliceMs = 1000;
const kRetryDelays = [0, 1000, 2000, 4000, 8000, 15000, 30000];

// WebM where the browser records it (Chrome, Firefox), MP4 otherwise (Safari).
export function pickMimeType(kind) {
  const candidates =
    kind === 'audio'
      ? ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4']
      : ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4;codecs=avc1,mp4a', 'video/mp4'];
  if (typeof MediaRecorder === 'undefined') return null;
  return candidates.find((t) => MediaRecorder.isTypeSupported(t)) || '';
}

const baseType = (mimeType, kind) => (mimeType ? mimeType.split(';')[0] : `${kind}/webm`);

function detailOf(err) {
  const res = err && err.originalResponse;
  if (!res) return '';
  try {
    return JSON.parse(res.getBody() || '{}').detail || '';
  } catch {
    return '';
  }
}

export function statusOf(err) {
  const res = err && err.originalResponse;
  return res ? res.getStatus() : 0;
}

// What is worth trying again: no answer at all, a busy or failing service, an offset
// that moved under us. Not: a refusal (too late, too long, gone).
function retryable(err) {
  const status = statusOf(err);
  if (status === 0 || status === 423 || status >= 500) return true;
  if (status === 409) return /offset|try again/i.test(detailOf(err));
  return false;
}

export class UploadError extends Error {
  constructor(err) {
    super(detailOf(err) || 'The recording could not be uploaded.');
    this.status = statusOf(err);
  }
}

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Sends `reader`'s bytes to a new upload for `rec.attempt`, or to `rec.uploadUrl` from
// its offset. tus-js-client retries while online; offline, or after its retries, this
// waits for the connection and starts it again, for as long as the page lives.
// events: accepted(bytes), offline(bool), success(), failure(UploadError).
export function sendUpload(reader, rec, events) {
  let backoff = 1000;
  const kind = rec.kind || 'video';
  const upload = new tus.Upload(reader, {
    endpoint: rec.uploadUrl ? undefined : '/api/v1/uploads/tus/',
    uploadUrl: rec.uploadUrl || undefined,
    uploadLengthDeferred: true,
    chunkSize: kChunkSize,
    retryDelays: kRetryDelays,
    storeFingerprintForResuming: false,
    removeFingerprintOnSuccess: false,
    headers: { Authorization: authorization },
    metadata: {
      filename: `answer.${baseType(rec.mimeType, kind).endsWith('mp4') ? 'mp4' : 'webm'}`,
      filetype: baseType(rec.mimeType, kind),
      attempt: String(rec.attempt),
    },
    onUploadUrlAvailable: () => {
      // From now on only this upload: were a HEAD to fail, tus-js-client would
      // otherwise start a new one, which the think deadline refuses.
      upload.options.endpoint = null;
      rec.uploadUrl = upload.url;
      store.saveRecording(rec).catch(() => {});
    },
    onShouldRetry: (err) => navigator.onLine && retryable(err),
    onChunkComplete: (_size, accepted) => {
      backoff = 1000;
      events.offline(false);
      events.accepted(accepted);
    },
    onSuccess: () => {
      events.offline(false);
      events.success();
    },
    onError: (err) => {
      if (navigator.onLine && !retryable(err)) {
        events.failure(new UploadError(err));
        return;
      }
      events.offline(true);
      whenOnline().then(() =>
        setTimeout(() => {
          upload.start();
        }, backoff),
      );
      backoff = Math.min(backoff * 2, 30000);
    },
  });
  upload.start();
  return upload;
}

// One attempt's recording. events: tick(elapsedMs), recorded(bytes), accepted(bytes),
// offline(bool), stopped({sha256, durationMs, size, blob}), success(), failure(err).
export class Recording {
  constructor({ key, stream, mimeType, kind, attempt, question, timeLimitMs, events }) {
    this.rec = { key, attempt, question, kind, mimeType, uploadUrl: null, stopped: false, size: 0 };
    this.stream = stream;
    this.timeLimitMs = timeLimitMs;
    this.events = events;
    this.blobs = [];
    this.size = 0;
    this.seq = 0;
    this.queue = Promise.resolve();
    this.timer = null;
  }

  async start() {
    // Without IndexedDB (a private window of some browsers) the recording still goes
    // up; only a reload could not resume it.
    await store.forget(this.rec.key).catch(() => {});
    await store.saveRecording(this.rec).catch(() => {});
    const readable = new ReadableStream({
      start: (c) => {
        this.controller = c;
      },
    });
    // The upload is created now (its POST must come before the think deadline) and
    // waits for the first piece.
    this.upload = sendUpload(readable.getReader(), this.rec, this.events);
    const options = { videoBitsPerSecond: 1000000, audioBitsPerSecond: 64000 };
    if (this.rec.mimeType) options.mimeType = this.rec.mimeType;
    this.recorder = new MediaRecorder(this.stream, options);
    this.rec.mimeType = this.recorder.mimeType || this.rec.mimeType;
    this.recorder.ondataavailable = (e) => {
      this.queue = this.queue.then(() => this.take(e.data));
    };
    this.recorder.onstop = () => {
      this.queue = this.queue.then(() => this.finish());
    };
    await new Promise((resolve) => {
      this.recorder.onstart = resolve;
      this.recorder.start(kTimesliceMs);
    });
    this.t0 = performance.now();
    this.timer = setInterval(() => this.tick(), 250);
  }

  tick() {
    const elapsed = performance.now() - this.t0;
    this.events.tick(elapsed);
    if (this.timeLimitMs && elapsed >= this.timeLimitMs) this.stop();
  }

  async take(blob) {
    if (!blob || !blob.size) return;
    this.blobs.push(blob);
    this.size += blob.size;
    await store.addChunk(this.rec.key, this.seq++, blob).catch(() => {});
    this.controller.enqueue(blob);
    this.events.recorded(this.size);
  }

  stop() {
    if (!this.recorder || this.recorder.state === 'inactive') return;
    clearInterval(this.timer);
    this.durationMs = performance.now() - this.t0;
    this.recorder.stop();
  }

  // The service refused the recording (too late, gone): stop, keep nothing.
  cancel() {
    this.cancelled = true;
    this.stop();
    if (this.upload) this.upload.abort();
  }

  get recording() {
    return this.recorder && this.recorder.state !== 'inactive';
  }

  async finish() {
    this.controller.close();
    if (this.cancelled) return;
    const blob = new Blob(this.blobs, { type: this.rec.mimeType });
    const sha256 = await sha256Hex(blob);
    Object.assign(this.rec, { stopped: true, size: this.size, sha256, durationMs: this.durationMs });
    await store.saveRecording(this.rec).catch(() => {});
    this.events.stopped({ sha256, durationMs: this.durationMs, size: this.size, blob });
  }
}

// After a reload: the kept recording (cut where the reload came, if it was still
// recording) goes on to the same upload from the service's offset.
export async function resumeKept(rec, events) {
  const blobs = await store.chunks(rec.key);
  const blob = new Blob(blobs, { type: rec.mimeType });
  if (!rec.stopped) {
    Object.assign(rec, { stopped: true, size: blob.size, sha256: await sha256Hex(blob) });
    await store.saveRecording(rec);
  }
  const readable = new ReadableStream({
    start: (c) => {
      for (const b of blobs) c.enqueue(b);
      c.close();
    },
  });
  events.recorded(blob.size);
  return { upload: sendUpload(readable.getReader(), rec, events), blob };
}

// An answer's media on the page. The files need the Authorization header, which a
// <video src> cannot send, so each is fetched with the token and played from a blob:
// URL: the token never appears in a URL, and a blob is seekable end to end. Videos are
// fetched when their answer comes near the screen, two at a time.

import { blob } from './api.js';
import { bytes, h } from './dom.js';

export const kSpeeds = [1, 1.25, 1.5, 2];

// The blob: URLs of one view, all revoked when the view goes.
export class BlobUrls {
  constructor(signal) {
    this.signal = signal;
    this.urls = [];
  }
  async load(path, progress) {
    const data = await blob(path, { signal: this.signal, progress });
    if (this.signal.aborted) throw new DOMException('Aborted', 'AbortError');
    const url = URL.createObjectURL(data);
    this.urls.push(url);
    return url;
  }
  revokeAll() {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }
}

// Runs loads when their element comes within a screen of the viewport, `limit` at once.
export class LazyLoader {
  constructor(signal, limit = 2) {
    this.limit = limit;
    this.running = 0;
    this.waiting = [];
    this.observer =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver((entries) => this.seen(entries), { rootMargin: '100% 0px' })
        : null;
    this.jobs = new Map();
    signal.addEventListener('abort', () => {
      this.observer?.disconnect();
      this.waiting = [];
    });
  }
  add(element, job) {
    if (!this.observer) {
      this.queue(job);
      return;
    }
    this.jobs.set(element, job);
    this.observer.observe(element);
  }
  seen(entries) {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const job = this.jobs.get(entry.target);
      this.jobs.delete(entry.target);
      this.observer.unobserve(entry.target);
      if (job) this.queue(job);
    }
  }
  queue(job) {
    this.waiting.push(job);
    this.next();
  }
  next() {
    while (this.running < this.limit && this.waiting.length) {
      const job = this.waiting.shift();
      this.running += 1;
      Promise.resolve()
        .then(job)
        .catch(() => {})
        .finally(() => {
          this.running -= 1;
          this.next();
        });
    }
  }
}

function speedLabel(rate) {
  return `${rate}×`;
}

// The speed buttons of `media`: one pressed at a time, following the element's own
// rate (which its native menu may change too).
function speedControls(media, label) {
  const buttons = kSpeeds.map((rate) =>
    h(
      'button',
      {
        type: 'button',
        class: 'speed',
        'aria-pressed': rate === 1 ? 'true' : 'false',
        'data-rate': rate,
        onclick: () => {
          media.playbackRate = rate;
        },
      },
      speedLabel(rate),
    ),
  );
  media.addEventListener('ratechange', () => {
    for (const b of buttons) {
      b.setAttribute('aria-pressed', Number(b.dataset.rate) === media.playbackRate ? 'true' : 'false');
    }
  });
  return h(
    'div',
    { class: 'speeds', role: 'group', 'aria-label': `Playback speed of ${label}` },
    h('span', { class: 'speeds-label' }, 'Speed'),
    buttons,
  );
}

// A player for an answer's main file (video, or audio for an audio answer) that loads
// when it comes near the screen. `label` names it ("the answer to question 2").
export function player({ path, kind, size, label, urls, loader, poster }) {
  const status = h('p', { class: 'load-state', role: 'status' }, `The ${kind} loads when you scroll to it${size ? ` (${bytes(size)})` : ''}.`);
  const media = h(kind, {
    controls: true,
    preload: 'metadata',
    'aria-label': `${kind === 'video' ? 'Video' : 'Audio'} of ${label}`,
    class: kind,
    'data-state': 'waiting',
  });
  media.hidden = true;
  media.addEventListener('error', () => {
    media.dataset.state = 'error';
    status.textContent = `This ${kind} cannot be played in this browser.`;
  });
  const box = h('div', { class: `player player-${kind}` }, status, media, speedControls(media, label));
  loader.add(box, async () => {
    status.textContent = `Loading the ${kind}…`;
    try {
      const url = await urls.load(path, (received, total) => {
        if (total) status.textContent = `Loading the ${kind}… ${Math.floor((100 * received) / total)} %`;
      });
      if (poster) {
        poster.then((p) => {
          if (p && kind === 'video') media.poster = p;
        });
      }
      media.src = url;
      media.hidden = false;
      media.dataset.state = 'loaded';
      status.textContent = '';
      status.hidden = true;
    } catch (err) {
      if (err.name === 'AbortError') return;
      media.dataset.state = 'error';
      status.textContent = `The ${kind} could not be loaded: ${err.message}`;
    }
  });
  return box;
}

// An extracted audio track: loaded on demand, since the video carries the same sound.
export function audioTrack({ path, label, urls }) {
  const audio = h('audio', { controls: true, preload: 'metadata', 'aria-label': `Audio track of ${label}`, class: 'audio' });
  audio.hidden = true;
  const status = h('span', { class: 'load-state', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: async () => {
        button.disabled = true;
        status.textContent = 'Loading the audio track…';
        try {
          audio.src = await urls.load(path);
          audio.hidden = false;
          button.hidden = true;
          status.textContent = '';
        } catch (err) {
          if (err.name === 'AbortError') return;
          button.disabled = false;
          status.textContent = `The audio track could not be loaded: ${err.message}`;
        }
      },
    },
    'Load the audio track',
  );
  return h('div', { class: 'audio-track' }, button, status, audio);
}

// The camera and microphone: the check (live preview, a level meter from a WebAudio
// AnalyserNode, a clear message when access is refused or there is no device) and the
// practice question, recorded and played back here only, never sent.
import { announce, h, seconds, show } from './ui.js';
import { pickMimeType } from './recorder.js';

export function stopStream(stream) {
  if (stream) stream.getTracks().forEach((t) => t.stop());
}

function explain(err) {
  const name = err && err.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return { kind: 'refused', text: 'Access to your camera or microphone was refused. Allow this page to use them (in your browser, the camera icon in the address bar or the site settings), then press "Try again".' };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return { kind: 'missing', text: 'No camera or microphone was found. Connect one, then press "Try again".' };
  }
  if (name === 'NotReadableError' || name === 'TrackStartError') {
    return { kind: 'busy', text: 'Your camera or microphone is in use by another program. Close it, then press "Try again".' };
  }
  if (!navigator.mediaDevices || typeof MediaRecorder === 'undefined') {
    return { kind: 'unsupported', text: 'This browser cannot record video here. Use a recent Chrome, Edge, Firefox or Safari.' };
  }
  return { kind: 'error', text: `The camera could not be started: ${(err && err.message) || err}.` };
}

// A level meter for the microphone, updated about ten times a second.
function levelMeter(stream, meter) {
  const AudioCtx = window.AudioContext || window.webkitAudioContext;
  if (!AudioCtx || !stream.getAudioTracks().length) return () => {};
  const ctx = new AudioCtx();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const data = new Float32Array(analyser.fftSize);
  let peak = 0;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(data);
    let sum = 0;
    for (const v of data) sum += v * v;
    const level = Math.min(1, Math.sqrt(sum / data.length) * 4);
    meter.value = level;
    peak = Math.max(peak, level);
    meter.dataset.peak = peak.toFixed(3);
    meter.setAttribute('aria-valuetext', level > 0.05 ? 'Sound heard' : 'Silence');
  }, 100);
  ctx.resume().catch(() => {});
  return () => {
    clearInterval(timer);
    ctx.close().catch(() => {});
  };
}

// Resolves with the stream once the candidate has seen the preview and goes on.
export function deviceCheck({ video, progress }) {
  return new Promise((resolve) => {
    let stopMeter = () => {};
    const status = h('p', { id: 'device-status', role: 'status' });
    const preview = h('video', { muted: true, autoplay: true, playsInline: true, 'aria-label': 'Camera preview' });
    const meter = h('meter', { id: 'level', min: 0, max: 1, low: 0.05, high: 0.8, optimum: 0.3, value: 0 });
    const live = h('div', { hidden: true, id: 'device-live' },
      video ? preview : null,
      h('label', { for: 'level' }, 'Microphone level: speak and watch it move'),
      meter);
    const cont = h('button', { type: 'button', hidden: true, id: 'devices-ok' }, 'Continue');
    const ask = h('button', { type: 'button', id: 'devices-ask' }, video ? 'Turn on my camera and microphone' : 'Turn on my microphone');
    let stream = null;
    const request = async () => {
      ask.disabled = true;
      status.className = '';
      status.textContent = 'Asking your browser for access…';
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: video ? { width: { ideal: 640 }, height: { ideal: 480 } } : false, audio: true });
      } catch (err) {
        const why = explain(err);
        document.documentElement.dataset.deviceProblem = why.kind;
        status.className = 'error';
        status.textContent = why.text;
        ask.textContent = 'Try again';
        ask.disabled = false;
        ask.focus();
        return;
      }
      document.documentElement.dataset.deviceProblem = '';
      preview.srcObject = stream;
      live.hidden = false;
      stopMeter = levelMeter(stream, meter);
      status.className = 'ok';
      status.textContent = video
        ? 'Your camera and microphone work. Check that you can be seen and heard.'
        : 'Your microphone works. Check that you can be heard.';
      ask.hidden = true;
      cont.hidden = false;
      cont.focus();
    };
    ask.addEventListener('click', request);
    cont.addEventListener('click', () => {
      stopMeter();
      resolve(stream);
    });
    progress();
    show(video ? 'Check your camera and microphone' : 'Check your microphone',
      h('p', {}, 'Your browser will ask whether this page may use them. Nothing is recorded or sent in this step.'),
      status, live,
      h('div', { class: 'actions' }, ask, cont));
  });
}

// A practice question: record up to 20 s, play it back, as often as wished.
export function practice({ stream, video }) {
  const limit = 20;
  return new Promise((resolve) => {
    let recorder = null;
    let url = null;
    let timer = null;
    const playback = h(video ? 'video' : 'audio', { controls: true, hidden: true, id: 'practice-playback', 'aria-label': 'Your practice recording' });
    const state = h('p', { id: 'practice-status', 'aria-live': 'polite' }, 'Not recorded yet.');
    const clock = h('p', { class: 'countdown', role: 'timer', 'aria-live': 'off', hidden: true });
    const recordButton = h('button', { type: 'button', id: 'practice-record' }, 'Record a practice answer');
    const stopButton = h('button', { type: 'button', class: 'stop', hidden: true, id: 'practice-stop' }, 'Stop');
    const done = h('button', { type: 'button', class: 'secondary', id: 'practice-done' }, 'Start the interview');
    const stop = () => {
      if (recorder && recorder.state !== 'inactive') recorder.stop();
    };
    recordButton.addEventListener('click', () => {
      const mimeType = pickMimeType(video ? 'video' : 'audio');
      const parts = [];
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
      recorder.ondataavailable = (e) => e.data.size && parts.push(e.data);
      recorder.onstop = () => {
        clearInterval(timer);
        if (url) URL.revokeObjectURL(url);
        url = URL.createObjectURL(new Blob(parts, { type: recorder.mimeType }));
        playback.src = url;
        playback.hidden = false;
        clock.hidden = true;
        stopButton.hidden = true;
        recordButton.hidden = false;
        recordButton.textContent = 'Record again';
        state.textContent = 'Recorded. Play it back below; it stays on this device.';
        recordButton.focus();
      };
      const t0 = performance.now();
      recorder.start();
      clock.hidden = false;
      timer = setInterval(() => {
        const s = (performance.now() - t0) / 1000;
        clock.textContent = `${seconds(limit - s)} left`;
        if (s >= limit) stop();
      }, 250);
      state.textContent = 'Recording your practice answer.';
      recordButton.hidden = true;
      stopButton.hidden = false;
      stopButton.focus();
    });
    stopButton.addEventListener('click', stop);
    done.addEventListener('click', () => {
      stop();
      if (url) URL.revokeObjectURL(url);
      resolve();
    });
    show('Practice question',
      h('p', {}, 'This one is not saved or sent: try how recording works.'),
      h('div', { class: 'panel' }, h('p', { class: 'question-text' }, 'Introduce yourself in a few words.')),
      state, clock,
      h('div', { class: 'actions' }, recordButton, stopButton, done),
      playback);
    announce('Practice question. It is not saved.');
  });
}

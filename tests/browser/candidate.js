// The candidate's page (/i/{token}) in a real browser with a fake camera and microphone
// (a y4m clip and a wav tone made by ffmpeg): an invitation with a video, a text and a
// single-choice question, taken from the welcome to the submission. Along the way: a
// page reload in the middle of an upload and 5 s offline in the middle of a recording
// (both answers arrive whole: the service's bytes hash to what the page recorded), the
// time limit stopping the recorder, a re-take replacing the answer and none offered once
// used up, a reload while a written answer's time runs, a refused camera, and pages for
// an invalid, expired and completed link. Each step: no console error or CSP violation,
// no request elsewhere, axe-core finds no WCAG A/AA violation, a screenshot
// (SCREENSHOT_DIR/candidate-*.png). Once the video is processed, the recruiter opens the
// reviewers' page (/review/): the 3 answers under their questions, the video plays (its
// currentTime advances), a score and notes saved there are in the feedback API
// (scores keyed answer:<id>, docs/review-page.md); SCREENSHOT_DIR/review-after-interview.png.
//
//   node tests/browser/candidate.js BASE_URL    (tests/browser/run starts the server,
//                                                with BROWSER_MEDIA_WORKERS=1 for processing)
'use strict';

const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const { launch, openPage, screenshot, main } = require('./browser');
const review = require('./review_steps');

const kAxe = path.join(__dirname, '..', '..', 'tools', 'node_modules', 'axe-core', 'axe.min.js');
const kTimeLimit = 8;

// --- The API, as a recruiter -----------------------------------------------------------

function client(baseUrl) {
  let token = '';
  const call = async (method, p, body, raw = false) => {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { Authorization: token ? `Token ${token}` : '', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (raw) return res;
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    call,
    setToken: (t) => {
      token = t;
    },
  };
}

async function setUp(baseUrl) {
  const api = client(baseUrl);
  const stamp = Date.now();
  const login = { email: `admin${stamp}@example.com`, password: 'correct horse battery' };
  const reg = await api.call('POST', '/api/v1/auth/register/', { organization: { name: 'Acme Hiring' }, name: 'Admin', ...login });
  api.setToken(reg.token);
  const job = await api.call('POST', '/api/v1/jobs/', { title: 'Support Engineer', description: 'Help our customers.' });
  const candidate = await api.call('POST', '/api/v1/candidates/', { name: 'Casey', email: `casey${stamp}@example.com` });
  await api.call('POST', `/api/v1/jobs/${job.id}/candidates/`, { candidate_id: candidate.id });
  const set = await api.call('POST', '/api/v1/interview/question-sets/', { name: 'Support questions' });
  const q = (body) => api.call('POST', '/api/v1/interview/questions/', { question_set: set.id, ...body });
  const video = await q({ type: 'video', text: 'Tell us about a customer you helped.', think_time_seconds: 30, time_limit_seconds: kTimeLimit, max_retakes: 1 });
  const text = await q({ type: 'text', text: 'Which tools do you use every day?', think_time_seconds: 0, time_limit_seconds: 300, max_retakes: 0 });
  const choice = await q({ type: 'single_choice', text: 'Can you work weekends?', options: ['Yes', 'No'], think_time_seconds: 0, time_limit_seconds: 120, max_retakes: 0 });
  const module = await api.call('POST', '/api/v1/interview/interview-modules/', {
    name: 'Support module',
    job: job.id,
    services: [{ service_name: 'Video Interview', order: 1, preferences: { question_set_id: set.id } }],
  });
  const target = { candidate_id: candidate.id, job_id: job.id, module_id: module.id, service: 'Video Interview' };
  const invitation = await api.call('POST', '/api/v1/interview/invitations/', target);
  const soon = new Date(Date.now() + 4000).toISOString().replace(/\.\d+Z$/, 'Z');
  const expiring = await api.call('POST', '/api/v1/interview/invitations/', { ...target, expires_at: soon });
  return { api, login, job, candidate, questions: { video, text, choice }, invitation, expiring };
}

const tokenOf = (inv) => new URL(inv.url).pathname.split('/').pop();

async function answers(env) {
  return env.api.call('GET', `/api/v1/interview/candidate/${env.candidate.id}/answers/`);
}

async function videoAnswer(env) {
  return (await answers(env)).find((a) => a.question === env.questions.video.id);
}

async function sha256OfVideo(env, answer) {
  const res = await env.api.call('GET', new URL(answer.media.video_url).pathname, undefined, true);
  assert.equal(res.status, 200, `video of answer ${answer.id}: ${res.status}`);
  return crypto.createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
}

async function until(what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// --- The page ---------------------------------------------------------------------------

// axe-core under the page's CSP: DevTools' evaluation is not subject to it.
async function axeCheck(page, step) {
  const source = fs.readFileSync(kAxe, 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(found, [], `${`axe-core at step ${step}`}: ${JSON.stringify(found, null, 1)}`);
}

async function step(page, name) {
  await page.waitForTimeout(150);
  await axeCheck(page, name);
  await screenshot(page, `candidate-${name}`);
}

const data = (page, name) => page.evaluate((n) => document.documentElement.dataset[n] || '', name);
const heading = (page) => page.locator('main h1').innerText();

// Readable at 200 % zoom (a 1280x900 window shows 640x450 CSS pixels) and on a 360 px
// phone: nothing wider than the screen.
async function fitsNarrow(page, name) {
  const before = page.viewportSize();
  for (const [width, height, label] of [[640, 450, '200pc'], [360, 740, '360px']]) {
    await page.setViewportSize({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow} px wider than a ${width} px screen`);
    await screenshot(page, `candidate-${name}-${label}`);
  }
  await page.setViewportSize(before);
}

function makeClips(dir) {
  const clip = path.join(dir, 'clip.y4m');
  const tone = path.join(dir, 'tone.wav');
  const ff = (args) => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);
  // Noise keeps the encoder near its bit rate (about 1 Mbit/s), as a real camera does.
  ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-vf', 'noise=alls=40:allf=t', '-t', '4', '-pix_fmt', 'yuv420p', clip]);
  ff(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '4', '-ac', '1', tone]);
  return { clip, tone };
}

async function welcome(page, expectConsent) {
  await page.locator('main h1', { hasText: 'Welcome' }).waitFor();
  if (expectConsent) {
    await page.getByRole('button', { name: 'Agree and start' }).click();
    await page.locator('#consent-error', { hasText: 'tick the box' }).waitFor();
    // Keyboard: the box is focused after the refusal; Space ticks it, Tab and Enter go on.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}

async function refusedCamera(browser, baseUrl, token) {
  const { page, problems, context } = await openPage(browser, baseUrl);
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.goto(`${baseUrl}/i/${token}`);
  await step(page, '01-welcome');
  await fitsNarrow(page, '01-welcome');
  await welcome(page, true);
  await page.locator('#devices-ask').click();
  await page.locator('#device-status', { hasText: 'refused' }).waitFor();
  assert.equal(await data(page, 'deviceProblem'), 'refused');
  await step(page, '02-camera-refused');
  assert.deepEqual(problems, [], `${'problems with a refused camera'}: ${JSON.stringify(problems, null, 1)}`);
  await context.close();
}

async function deviceAndPractice(page) {
  await page.locator('#devices-ask').click();
  await page.locator('#devices-ok').waitFor({ state: 'visible' });
  // The tone moves the level meter.
  await until('the level meter', async () => Number(await page.locator('#level').getAttribute('data-peak')) > 0.05, 5000);
  await step(page, '03-devices');
  await page.locator('#devices-ok').click();

  await page.locator('#practice-record').click();
  await page.waitForTimeout(1500);
  await page.locator('#practice-stop').click();
  await page.locator('#practice-playback').waitFor({ state: 'visible' });
  await until('the practice playback', () => page.locator('#practice-playback').evaluate((v) => v.readyState >= 1), 5000);
  await step(page, '04-practice');
  await page.locator('#practice-done').click();
}

// Question 1, first attempt: PATCHes are cut after the first one the service took,
// the recording stops, and the page is reloaded while the rest waits to be sent.
async function recordThenReload(page, env, baseUrl) {
  await page.locator('main h1', { hasText: 'Question 1 of 3' }).waitFor();
  await step(page, '05-question-intro');
  await page.getByRole('button', { name: 'Show the question' }).click();
  await page.locator('#think-timer').waitFor();
  await step(page, '06-think');
  await page.getByRole('button', { name: 'Start recording now' }).click();
  await until('a first confirmed chunk', async () => Number(await data(page, 'uploadAccepted')) > 0);
  await step(page, '07-recording');
  await fitsNarrow(page, '07-recording');
  let cut = 0;
  await page.route('**/api/v1/uploads/tus/**', (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    cut += 1;
    return route.abort('connectionreset');
  });
  await page.waitForTimeout(2500);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await until('the recording to stop', async () => (await data(page, 'recordingSha256')).length === 64);
  const sha = await data(page, 'recordingSha256');
  const size = Number(await data(page, 'recordingSize'));
  const accepted = Number(await data(page, 'uploadAccepted'));
  assert.ok(cut > 0 && accepted < size, `the upload should be cut short (${accepted} of ${size}, ${cut} cut)`);
  await screenshot(page, 'candidate-08-upload-cut');
  await page.unroute('**/api/v1/uploads/tus/**');
  await page.reload();
  await page.locator('#answer-saved').waitFor({ timeout: 20000 });
  assert.equal(await data(page, 'recordingSha256'), sha, 'the page after the reload knows the same recording');
  await step(page, '09-answer-saved');
  const answer = await until('the answer after the reload', () => videoAnswer(env));
  assert.equal(answer.media.size, size, 'the answer has every byte recorded');
  assert.equal(await sha256OfVideo(env, answer), sha, 'the answer is the recording, byte for byte');
  return answer.id;
}

// Question 1, the re-take: 5 s offline in the middle, then the time limit stops it.
async function retakeOffline(page, context, env, firstAnswer) {
  await page.locator('#retake').click();
  // After the reload the camera is asked for again, before the attempt starts.
  await page.locator('#devices-ask').click();
  await page.locator('#devices-ok').click();
  await page.getByRole('button', { name: 'Start recording now' }).click();
  await page.locator('#record-timer').waitFor();
  await page.waitForTimeout(1500);
  await context.setOffline(true);
  await page.locator('#banner', { hasText: 'offline' }).waitFor({ timeout: 5000 });
  await step(page, '10-offline');
  await page.waitForTimeout(5000);
  await context.setOffline(false);
  // Nobody presses Stop: the time limit does.
  await until('the time limit to stop the recording', async () => (await data(page, 'recordingAttempt')) !== '' &&
    (await page.locator('#record-label').innerText().catch(() => '')) === 'Recording stopped.' ||
    (await page.locator('#answer-saved').count()) > 0, (kTimeLimit + 5) * 1000);
  const duration = Number(await data(page, 'recordingDurationMs'));
  assert.ok(duration >= kTimeLimit * 1000 - 100 && duration <= kTimeLimit * 1000 + 600, `recorded ${duration} ms`);
  await page.locator('#answer-saved').waitFor({ timeout: 30000 });
  // The re-take was the last attempt.
  assert.equal(await page.locator('#retake').count(), 0, 'a re-take is offered after the last attempt');
  await page.locator('#no-retake').waitFor();
  await step(page, '11-no-retake');
  const sha = await data(page, 'recordingSha256');
  const answer = await until('the re-take answer', async () => {
    const a = await videoAnswer(env);
    return a && a.id !== firstAnswer ? a : null;
  });
  assert.equal(answer.media.size, Number(await data(page, 'recordingSize')));
  assert.equal(await sha256OfVideo(env, answer), sha, 'the re-take arrived whole through the offline spell');
  return { sha, duration };
}

async function formQuestions(page) {
  await page.getByRole('button', { name: 'Next question' }).click();
  await page.locator('main h1', { hasText: 'Question 2 of 3' }).waitFor();
  await page.getByRole('button', { name: 'Show the question' }).click();
  await page.getByLabel('Your answer').waitFor();
  // A reload while the attempt's time runs comes back to the same attempt.
  await page.reload();
  await page.getByLabel('Your answer').waitFor();
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.locator('#answer-error', { hasText: 'Write your answer' }).waitFor();
  await page.getByLabel('Your answer').fill('A terminal, a ticket queue and a lot of tea.');
  await step(page, '12-text');
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.locator('#answer-saved').waitFor();
  await page.getByRole('button', { name: 'Next question' }).click();
  await page.getByRole('button', { name: 'Show the question' }).click();
  await page.getByLabel('Yes').waitFor();
  // Keyboard only: Tab to the first radio, Space picks it, Enter submits.
  await page.getByLabel('Yes').focus();
  await page.keyboard.press('Space');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused control shows its focus');
  await step(page, '13-choice');
  await fitsNarrow(page, '13-choice');
  await page.keyboard.press('Enter');
  await page.locator('#answer-saved').waitFor();
}

async function finish(page) {
  await page.getByRole('button', { name: 'Go to the end' }).click();
  await page.locator('main h1', { hasText: 'Ready to submit' }).waitFor();
  await step(page, '14-finish');
  await page.getByRole('button', { name: 'Submit my interview' }).click();
  await page.locator('main h1', { hasText: 'Thank you' }).waitFor();
  await step(page, '15-done');
}

// The reviewers' page after the submission, as the recruiter who made the invitation:
// the candidate's 3 answers under their questions, the video plays, and a score and notes
// saved on it are in the feedback API as docs/review-page.md says.
async function reviewAfterInterview(browser, baseUrl, env, all) {
  const { page, problems } = await openPage(browser, baseUrl);
  const id = (q) => all.find((a) => a.question === env.questions[q].id).id;
  await page.goto(`${baseUrl}/review/`);
  await page.locator('#email').waitFor();
  await review.signIn(page, env.login);
  await page.getByRole('link', { name: env.job.title }).waitFor();
  await review.openJob(page, env.job.title);
  await review.openCandidate(page, env.candidate.name, 3);
  for (const q of ['video', 'text', 'choice']) {
    const shown = await page.locator(`#answer-${id(q)}`).innerText();
    assert.ok(shown.includes(env.questions[q].text), `answer ${id(q)} shows "${shown}"`);
  }
  assert.match(await page.locator(`#answer-${id('text')}`).innerText(), /a lot of tea/);
  assert.match(await page.locator(`#answer-${id('choice')}`).innerText(), /Chose: Yes/);

  const video = await review.startVideo(page, id('video'));
  const at = await video.evaluate((v) => v.currentTime);
  await page.waitForFunction(([n, t]) => document.querySelector(`#answer-${n} video`).currentTime > t + 0.3, [id('video'), at], { timeout: 10000 });
  await video.evaluate((v) => v.pause());

  await review.scoreAnswer(page, id('video'), 1, 5, 'Calm, and the customer got an answer.');
  await review.saveFeedback(page, 'yes');
  const feedback = await env.api.call('GET', `/api/v1/interview/feedbacks/${env.job.id}/${env.candidate.id}/`);
  assert.equal(feedback.length, 1, JSON.stringify(feedback));
  assert.deepEqual(feedback[0].scores, { [`answer:${id('video')}`]: 5 });
  assert.equal(feedback[0].rating, 5);
  assert.equal(feedback[0].recommendation, 'yes');
  assert.equal(feedback[0].comments, `[answer ${id('video')}] ${env.questions.video.text}\nCalm, and the customer got an answer.`);
  await review.checkAccessibility(page, 'the candidate after the interview');
  await screenshot(page, 'review-after-interview', { fullPage: true });
  review.assertNoProblems(problems, 'the reviewers\' page after the interview');
}

async function linkPage(browser, baseUrl, token, expected, name) {
  const { page, problems, context } = await openPage(browser, baseUrl);
  const res = await page.goto(`${baseUrl}/i/${token}`);
  assert.equal(res.status(), 200);
  await until(`the ${expected} page`, async () => (await data(page, 'problem')) === expected, 10000);
  await step(page, name);
  // The API's 401 for the link is expected here; nothing else is.
  const others = problems.filter((p) => !/HTTP 401: .*\/api\/v1\/candidate\/session\/|status of 401/.test(p));
  assert.deepEqual(others, [], `${`problems on the ${expected} page`}: ${JSON.stringify(others, null, 1)}`);
  const title = await heading(page);
  await context.close();
  return title;
}

main(async () => {
  const baseUrl = process.argv[2];
  assert.ok(baseUrl, 'usage: candidate.js BASE_URL');
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interviewd-candidate-'));
  const browser = await (async () => {
    const { clip, tone } = makeClips(dir);
    return launch([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
      `--use-file-for-fake-audio-capture=${tone}`,
      '--autoplay-policy=no-user-gesture-required',
    ]);
  })();
  try {
    const env = await setUp(baseUrl);
    const token = tokenOf(env.invitation);

    await refusedCamera(browser, baseUrl, token);

    const { page, problems, context } = await openPage(browser, baseUrl);
    const res = await page.goto(`${baseUrl}/i/${token}`);
    const csp = res.headers()['content-security-policy'] || '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /media-src 'self' blob:/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers()['referrer-policy'], 'no-referrer');
    const assets = await page.evaluate(() => [...document.querySelectorAll('script[src], link[href]')].map((e) => e.src || e.href));
    assert.ok(assets.every((a) => !a.includes(token)), `an asset's address holds the token: ${assets}`);

    let first;
    let retake;
    try {
      await welcome(page, false);
      await deviceAndPractice(page);
      first = await recordThenReload(page, env, baseUrl);
      retake = await retakeOffline(page, context, env, first);
      await formQuestions(page);
      await finish(page);
    } catch (err) {
      await screenshot(page, 'candidate-failure').catch(() => {});
      console.error(`page problems: ${JSON.stringify(problems, null, 1)}`);
      console.error(`page text: ${await page.locator('main').innerText().catch(() => '?')}`);
      throw err;
    }

    // Only the cut PATCHes and the offline spell may have failed.
    const unexpected = problems.filter((p) => !/uploads\/tus\/|ERR_INTERNET_DISCONNECTED|net::ERR_CONNECTION_RESET|Failed to load resource/.test(p));
    assert.deepEqual(unexpected, [], `${'problems while taking the interview'}: ${JSON.stringify(unexpected, null, 1)}`);

    // What the service holds: three answers; the video processed, its length the recording's.
    const all = await answers(env);
    assert.equal(all.length, 3, JSON.stringify(all));
    assert.equal(all.find((a) => a.question === env.questions.text.id).text, 'A terminal, a ticket queue and a lot of tea.');
    assert.deepEqual(all.find((a) => a.question === env.questions.choice.id).choices, ['Yes']);
    const video = await until('the video processed', async () => {
      const a = await videoAnswer(env);
      assert.notEqual(a.media.status, 'failed', a.media.error);
      return a.media.status === 'ready' ? a : null;
    }, 60000);
    assert.ok(Math.abs(video.media.duration_seconds - retake.duration / 1000) < 0.6,
      `measured ${video.media.duration_seconds} s, recorded ${retake.duration} ms`);
    assert.equal(await sha256OfVideo(env, video), retake.sha);
    await reviewAfterInterview(browser, baseUrl, env, all);

    assert.match(await linkPage(browser, baseUrl, token, 'completed', '16-completed'), /already complete/);
    assert.match(await linkPage(browser, baseUrl, 'not-a-real-token', 'invalid', '17-invalid'), /not valid/);
    await until('the short invitation to expire', async () => Date.now() > Date.parse(env.expiring.expires_at) + 1000, 30000);
    assert.match(await linkPage(browser, baseUrl, tokenOf(env.expiring), 'expired', '18-expired'), /expired/);
    console.log(`candidate page: taken in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

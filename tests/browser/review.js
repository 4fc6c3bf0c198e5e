// The reviewers' page (/review/) in a real browser, on data made through the API
// (review_data.js: a job, a candidate, three answers of which one is a processed video,
// an invitation with its timeline):
//
// - an admin signs in (a wrong password first), goes jobs → job → candidate, sees the 3
//   answers, plays the video (currentTime advances, it seeks, speeds 1.5× by mouse and
//   2× by keyboard), loads its audio track and thumbnail, saves scores and notes (the
//   feedback API then holds them as docs/review-page.md says), reloads and finds them,
//   shortlists, starts a step and sets another status (seen on the page and through
//   the API), gets an unshortlist refused with the error shown, reads the invitation's
//   timeline, has the token revoked behind its back (back to sign-in, then to the
//   view it was on), signs out;
// - an interviewer opens a candidate's link, signs in with the keyboard and lands there,
//   is offered no workflow action, sees no other reviewer's feedback until saving their
//   own, and then sees the admin's;
// - every view has no axe-core violation of WCAG 2.x level A or AA (also at 360 px wide,
//   where nothing scrolls sideways), the page breaks no rule of its
//   Content-Security-Policy, calls nothing but its own origin, and logs no error but
//   the API answers the test asks for.
//
// Screenshots (SCREENSHOT_DIR): review-sign-in, review-jobs, review-job,
// review-candidate, review-candidate-workflow, review-candidate-interviewer, and the
// same views at 360 px (review-*-360).
//
//   node tests/browser/review.js BASE_URL   (tests/browser/run starts the server, with
//                                            BROWSER_MEDIA_WORKERS=1 for the video)
'use strict';

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { launch, openPage, screenshot, main } = require('./browser');
const { createData } = require('./review_data');
const {
  checkAccessibility,
  assertNoProblems,
  signIn,
  openJob,
  openCandidate,
  startVideo,
  scoreAnswer,
  saveFeedback,
} = require('./review_steps');

async function noSidewaysScroll(page, view) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${view} is ${width} px wide at 360 px`);
}

function slot(page, service) {
  return page.locator(`li.slot[data-service="${service}"]`);
}

async function expectSlotStatus(page, service, status) {
  await slot(page, service).locator('h3 .badge').filter({ hasText: status }).waitFor({ timeout: 5000 });
}

async function playVideo(page, d) {
  const card = page.locator(`#answer-${d.answers.video.id}`);
  const video = await startVideo(page, d.answers.video.id);
  const meta = await video.evaluate((v) => ({ duration: v.duration, seekable: v.seekable.length ? v.seekable.end(0) : 0, src: v.src }));
  assert.ok(meta.src.startsWith('blob:'), `the video plays from ${meta.src}`);
  assert.ok(Math.abs(meta.duration - 3) < 0.3, `the video lasts ${meta.duration} s`);
  assert.ok(meta.seekable > 2.5, `the video is seekable to ${meta.seekable} s only`);

  // Speeds: by mouse, then by keyboard.
  await card.getByRole('button', { name: '1.5×' }).click();
  assert.equal(await video.evaluate((v) => v.playbackRate), 1.5);
  assert.equal(await card.getByRole('button', { name: '1.5×' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await card.getByRole('button', { name: '1×', exact: true }).getAttribute('aria-pressed'), 'false');
  await card.getByRole('button', { name: '2×' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await video.evaluate((v) => v.playbackRate), 2);
  // Seeking within the blob.
  await video.evaluate((v) => {
    v.pause();
    return new Promise((resolve) => {
      v.addEventListener('seeked', resolve, { once: true });
      v.currentTime = 2;
    });
  });
  const at = await video.evaluate((v) => v.currentTime);
  assert.ok(Math.abs(at - 2) < 0.2, `seeked to ${at} s`);

  // The audio track, on demand; the thumbnail, in the strip.
  await card.getByRole('button', { name: 'Load the audio track' }).click();
  await page.waitForFunction((id) => document.querySelector(`#answer-${id} .audio-track audio`).readyState >= 1, d.answers.video.id, { timeout: 10000 });
  const audio = await card.locator('.audio-track audio').evaluate((a) => a.duration);
  assert.ok(audio > 2.5, `the audio track lasts ${audio} s`);
  await page.waitForFunction(() => {
    const img = document.querySelector('.strip img');
    return img && img.complete && img.naturalWidth > 0;
  });
}

async function scoreAnswers(page, d) {
  const video = page.locator(`#answer-${d.answers.video.id}`);
  await scoreAnswer(page, d.answers.video.id, 1, 4, 'Clear structure.\n[answer 9] is not a section.');
  await page.locator(`#answer-${d.answers.text.id}`).getByRole('radio', { name: '3', exact: true }).check();
  // No recommendation yet: the page says so and saves nothing.
  await video.getByRole('button', { name: 'Save feedback' }).click();
  await video.getByRole('alert').filter({ hasText: 'Choose a recommendation.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'recommendation');
  await saveFeedback(page, 'yes');

  const saved = await d.admin.get(`/interview/feedbacks/${d.job.id}/${d.candidate.id}/`);
  assert.equal(saved.length, 1);
  const f = saved[0];
  assert.equal(f.author, d.adminId);
  assert.deepEqual(f.scores, { [`answer:${d.answers.video.id}`]: 4, [`answer:${d.answers.text.id}`]: 3 });
  assert.equal(f.rating, 4);  // the mean of 4 and 3, rounded
  assert.equal(f.recommendation, 'yes');
  assert.equal(f.step, null);  // the candidate has no Video Interview step yet
  assert.equal(
    f.comments,
    `[answer ${d.answers.video.id}] Tell us about a system you built.\nClear structure.\n\\[answer 9] is not a section.`,
  );
}

async function workflow(page, d) {
  await expectSlotStatus(page, 'Resume Screening', 'No step');
  await slot(page, 'Resume Screening').getByRole('button', { name: 'Shortlist' }).click();
  await expectSlotStatus(page, 'Resume Screening', 'Shortlisted');
  await expectSlotStatus(page, 'Video Interview', 'Pending');
  await page.locator('.application .badge').filter({ hasText: 'Shortlisted' }).waitFor();
  await slot(page, 'Video Interview').getByRole('button', { name: 'Start' }).click();
  await expectSlotStatus(page, 'Video Interview', 'In Progress');
  await page.locator('.application .badge').filter({ hasText: 'In process' }).waitFor();
  const applied = await d.admin.get(`/jobs/${d.job.id}/candidates/`);
  assert.equal(applied[0].application.status, 'in_process');
  const steps = await d.admin.get(`/interview/interview-steps/?candidate_id=${d.candidate.id}&job_id=${d.job.id}`);
  assert.deepEqual(steps.map((s) => `${s.service.name}: ${s.status}`).sort(), ['Resume Screening: Shortlisted', 'Video Interview: In Progress']);

  // A later step has started: the API refuses the unshortlist (409), the page says why.
  await slot(page, 'Resume Screening').getByRole('button', { name: 'Unshortlist' }).click();
  const error = slot(page, 'Resume Screening').getByRole('alert');
  await error.filter({ hasText: 'Unshortlist failed:' }).waitFor();
  await expectSlotStatus(page, 'Resume Screening', 'Shortlisted');

  // Any status through update-status/.
  await slot(page, 'Video Interview').getByLabel('Status').selectOption('On Hold');
  await slot(page, 'Video Interview').getByRole('button', { name: 'Set status' }).click();
  await expectSlotStatus(page, 'Video Interview', 'On Hold');
  const held = await d.admin.get(`/interview/interview-steps/?candidate_id=${d.candidate.id}&job_id=${d.job.id}&status=On%20Hold`);
  assert.deepEqual(held.map((s) => s.service.name), ['Video Interview']);
  await page.locator('.workflow').screenshot({ path: path.join(screenshotDir(), 'review-candidate-workflow.png') });
}

// The token is revoked elsewhere: the next request is a 401, the page goes to sign-in
// and, signed in again, back to where the user was.
async function sessionEnds(page, problems, d) {
  const token = await page.evaluate(() => sessionStorage.getItem('interviewd.review.token'));
  const response = await fetch(new URL('/api/v1/auth/logout/', page.url()), {
    method: 'POST',
    headers: { Authorization: `Token ${token}` },
  });
  assert.equal(response.status, 204);
  const before = problems.length;
  await page.locator('.crumbs').getByRole('link', { name: d.job.title }).click();
  await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
  assert.ok(page.url().endsWith('#/sign-in'), page.url());
  // The 401 this provoked (and Chromium's console line about it) is no problem, nor are
  // the view's other requests, which the page cancels as it leaves the view.
  const provoked = problems.splice(before).filter((p) => !/\b401\b|\(net::ERR_ABORTED\)$/.test(p));
  problems.push(...provoked);
  await signIn(page, d.adminLogin);
  await page.locator('li.candidate').waitFor();
  assert.ok(page.url().endsWith(`#/jobs/${d.job.id}`), page.url());
}

function screenshotDir() {
  return process.env.SCREENSHOT_DIR || path.join(__dirname, '..', '..', 'build', 'screenshots');
}

async function asAdmin(browser, baseUrl, d) {
  const { page, problems } = await openPage(browser, baseUrl);
  const response = await page.goto(`${baseUrl}/review/`, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  const csp = response.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');

  await page.locator('#email').waitFor();
  assert.ok(page.url().endsWith('#/sign-in'), page.url());
  await checkAccessibility(page, 'sign-in');
  await screenshot(page, 'review-sign-in');
  await signIn(page, { email: d.adminLogin.email, password: 'not the password' });
  await page.getByRole('alert').filter({ hasText: 'The email or the password is not right.' }).waitFor();
  await signIn(page, d.adminLogin);

  await page.getByRole('link', { name: d.job.title }).waitFor();
  assert.ok(page.url().endsWith('#/jobs'), page.url());
  assert.ok(await page.evaluate(() => sessionStorage.getItem('interviewd.review.token')));
  await checkAccessibility(page, 'jobs');
  await screenshot(page, 'review-jobs');

  await openJob(page, d.job.title);
  const card = page.locator('li.candidate');
  assert.match(await card.innerText(), /Applied/);
  assert.match(await card.innerText(), /Video Interview\s+No step/);
  await checkAccessibility(page, 'job');
  await screenshot(page, 'review-job');

  await openCandidate(page, d.candidate.name);
  const answers = await page.locator('article.answer').allInnerTexts();
  assert.match(answers[0], /Tell us about a system you built\./);
  assert.match(answers[0], /Ready/);
  assert.match(answers[1], /Why do you want this job\?[\s\S]*I like building reliable services\./);
  assert.match(answers[2], /Which language do you prefer\?[\s\S]*Chose: Rust/);
  assert.equal(await page.locator('.strip .thumb').count(), 3);
  const timeline = await page.locator('.timeline li').evaluateAll((items) => items.map((li) => li.dataset.kind));
  assert.deepEqual(timeline, ['sent', 'opened', 'consent']);

  await playVideo(page, d);
  await checkAccessibility(page, 'candidate');
  await screenshot(page, 'review-candidate', { fullPage: true });
  await scoreAnswers(page, d);

  // The view is a link: a reload comes back to it, still signed in, with the scores.
  await page.reload();
  const video = page.locator(`#answer-${d.answers.video.id}`);
  await video.getByRole('radio', { name: '4', exact: true }).waitFor();
  assert.ok(await video.getByRole('radio', { name: '4', exact: true }).isChecked());
  assert.equal(await video.getByLabel('Your notes on answer 1').inputValue(), 'Clear structure.\n[answer 9] is not a section.');

  await workflow(page, d);
  await sessionEnds(page, problems, d);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You have signed out.').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('interviewd.review.token')), null);
  assertNoProblems(problems, 'the admin\'s pages');
}

async function asInterviewer(browser, baseUrl, d) {
  const { page, problems } = await openPage(browser, baseUrl);
  const link = `${baseUrl}/review/#/jobs/${d.job.id}/candidates/${d.candidate.id}`;
  await page.goto(link, { waitUntil: 'load' });
  // Signed in with the keyboard only, back at the link's view.
  await page.locator('#email').waitFor();
  await page.keyboard.type(d.interviewerLogin.email);  // the email field has the focus
  await page.keyboard.press('Tab');
  await page.keyboard.type(d.interviewerLogin.password);
  await page.keyboard.press('Enter');
  await page.locator('article.answer').nth(2).waitFor();
  assert.equal(page.url(), link);

  // No workflow action is offered; the steps are shown.
  await page.locator('#workflow-note').waitFor();
  for (const name of ['Shortlist', 'Unshortlist', 'Start', 'Set status']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `${name} offered to an interviewer`);
  }
  await expectSlotStatus(page, 'Video Interview', 'On Hold');

  // Nothing of the admin's feedback before the interviewer has saved their own.
  await page.locator('#others-hidden').waitFor();
  assert.equal(await page.locator('.others li').count(), 0);
  assert.equal(await page.locator('.others-feedback .feedback').count(), 0);
  const video = page.locator(`#answer-${d.answers.video.id}`);
  assert.ok(await video.getByRole('radio', { name: 'None' }).isChecked());
  await checkAccessibility(page, 'candidate (interviewer)');
  await screenshot(page, 'review-candidate-interviewer', { fullPage: true });

  await video.getByRole('radio', { name: '2', exact: true }).check();
  await page.getByLabel('Recommendation').selectOption('no');
  await video.getByRole('button', { name: 'Save feedback' }).click();
  await video.locator('.save-status').filter({ hasText: 'Feedback saved.' }).waitFor();
  await page.locator(`.others-feedback .feedback[data-author="${d.adminId}"]`).waitFor();
  assert.match(await video.locator('.others').innerText(), /4 \/ 5 — Clear structure\./);
  assert.equal(await page.locator('#others-hidden').count(), 0);

  const all = await d.admin.get(`/interview/feedbacks/${d.job.id}/${d.candidate.id}/`);
  const theirs = all.find((f) => f.author === d.interviewerId);
  assert.ok(theirs, 'the interviewer\'s feedback was not saved');
  assert.deepEqual(theirs.scores, { [`answer:${d.answers.video.id}`]: 2 });
  assert.equal(theirs.recommendation, 'no');
  // Saved on the Video Interview step, which exists now.
  const step = (await d.admin.get(`/interview/interview-steps/?candidate_id=${d.candidate.id}&job_id=${d.job.id}`)).find(
    (s) => s.service.name === 'Video Interview',
  );
  assert.equal(theirs.step, step.id);

  await narrowViews(page, d);
  assertNoProblems(problems, 'the interviewer\'s pages');
}

// Every view at 360 px: no violation, no sideways scrolling.
async function narrowViews(page, d) {
  await page.setViewportSize({ width: 360, height: 800 });
  await checkAccessibility(page, 'candidate at 360 px');
  await noSidewaysScroll(page, 'the candidate view');
  await screenshot(page, 'review-candidate-360', { fullPage: true });
  await page.getByRole('link', { name: d.job.title }).first().click();
  await page.locator('li.candidate').waitFor();
  await checkAccessibility(page, 'job at 360 px');
  await noSidewaysScroll(page, 'the job view');
  await screenshot(page, 'review-job-360');
  await page.getByRole('link', { name: 'Jobs', exact: true }).first().click();
  await page.locator('#jobs li').waitFor();
  await checkAccessibility(page, 'jobs at 360 px');
  await noSidewaysScroll(page, 'the jobs view');
  await screenshot(page, 'review-jobs-360');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#email').waitFor();
  await checkAccessibility(page, 'sign-in at 360 px');
  await noSidewaysScroll(page, 'the sign-in view');
  await screenshot(page, 'review-sign-in-360');
}

main(async () => {
  const baseUrl = process.argv[2];
  assert.ok(baseUrl, 'usage: review.js BASE_URL');
  const started = Date.now();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'review-page-'));
  try {
    const d = await createData(baseUrl, folder);
    console.log(`data made in ${Date.now() - started} ms`);
    const browser = await launch(['--autoplay-policy=no-user-gesture-required']);
    try {
      await asAdmin(browser, baseUrl, d);
      await asInterviewer(browser, baseUrl, d);
    } finally {
      await browser.close();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  console.log(`done in ${Date.now() - started} ms`);
});

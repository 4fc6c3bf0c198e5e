// Steps on the reviewers' page (/review/) that more than one browser test takes: the
// accessibility check, the problems a test may expect, signing in, going job → candidate,
// starting an answer's video, scoring an answer and saving the feedback.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');

const kAxe = path.join(__dirname, '..', '..', 'tools', 'node_modules', 'axe-core', 'axe.min.js');
const kAxeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

// axe-core evaluated into the page (the page's CSP allows no injected script tag, and
// needs none: DevTools evaluation is not subject to it), then run on the whole document.
async function checkAccessibility(page, view) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(`${fs.readFileSync(kAxe, 'utf8')}\n;undefined`);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    kAxeTags,
  );
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
  );
  assert.deepEqual(violations, [], `accessibility violations on ${view}:\n${violations.join('\n')}`);
}

// What the tests themselves provoke: a wrong password (400), the feedback list while there
// is none (the API's 404 "Feedback not found."), an unshortlist after a later step
// started (409); Chromium logs each as a console error. A media element cancels its
// read of a blob once it has what it needs.
const kExpected = [
  /^HTTP 400: .*\/api\/v1\/auth\/token\/$/,
  /^HTTP 404: .*\/api\/v1\/interview\/feedbacks\/\d+\/\d+\//,
  /^HTTP 409: .*\/api\/v1\/interview\/unshortlist-candidate\/$/,
  /^console error: Failed to load resource: the server responded with a status of (400|404|409)/,
  /^request failed: blob:.* \(net::ERR_ABORTED\)$/,
];
function assertNoProblems(problems, where) {
  const unexpected = problems.filter((p) => !kExpected.some((re) => re.test(p)));
  assert.deepEqual(unexpected, [], `problems on ${where}:\n${unexpected.join('\n')}`);
}

async function signIn(page, login) {
  await page.locator('#email').fill(login.email);
  await page.locator('#password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// From the jobs view to the job's candidates.
async function openJob(page, jobTitle) {
  await page.getByRole('link', { name: jobTitle }).click();
  await page.locator('li.candidate').first().waitFor();
}

// From the job's view to the candidate's answers (`count` of them).
async function openCandidate(page, candidateName, count = 3) {
  await page.getByRole('link', { name: candidateName }).click();
  await page.locator('article.answer').nth(count - 1).waitFor();
  assert.equal(await page.locator('article.answer').count(), count);
}

// Loads and plays the video of answer `answerId` until its currentTime advances;
// returns its locator.
async function startVideo(page, answerId) {
  const card = page.locator(`#answer-${answerId}`);
  await card.scrollIntoViewIfNeeded();
  const video = card.locator('video[data-state="loaded"]');
  await video.waitFor({ timeout: 10000 });
  await page.waitForFunction((id) => document.querySelector(`#answer-${id} video`).readyState >= 1, answerId);
  await video.evaluate((v) => v.play());
  await page.waitForFunction((id) => document.querySelector(`#answer-${id} video`).currentTime > 0.3, answerId, { timeout: 10000 });
  return video;
}

// The score (1–5) and notes of answer `answerId`, the `number`th on the page; not saved yet.
async function scoreAnswer(page, answerId, number, score, notes) {
  const card = page.locator(`#answer-${answerId}`);
  await card.getByRole('radio', { name: String(score), exact: true }).check();
  await card.getByLabel(`Your notes on answer ${number}`).fill(notes);
}

// The overall group's Save, with `recommendation` chosen first when given.
async function saveFeedback(page, recommendation) {
  if (recommendation) await page.getByLabel('Recommendation').selectOption(recommendation);
  await page.locator('.overall').getByRole('button', { name: 'Save feedback' }).click();
  await page.locator('.overall .save-status').filter({ hasText: 'Feedback saved.' }).waitFor();
}

module.exports = {
  checkAccessibility,
  assertNoProblems,
  signIn,
  openJob,
  openCandidate,
  startVideo,
  scoreAnswer,
  saveFeedback,
};

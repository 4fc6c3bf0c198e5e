// What the browser tests share: Debian's Chromium driven by playwright-core (pinned in
// tools/package.json), a page that records every problem it meets, and screenshots.
// It starts no server: each test takes the base URL of a running interviewd
// (tests/browser/run starts one).
'use strict';

const fs = require('fs');
const path = require('path');

const { chromium } = require(path.join(__dirname, '..', '..', 'tools', 'node_modules', 'playwright-core'));

const kChromium = '/usr/bin/chromium';

// Chromium, headless. Never a browser of Playwright's own download.
async function launch(extraArgs = []) {
  if (!fs.existsSync(kChromium)) {
    throw new Error(`${kChromium} is missing (scripts/install-deps --test installs chromium)`);
  }
  return chromium.launch({
    executablePath: kChromium,
    headless: true,
    // /dev/shm is small in containers; Chromium then crashes its renderers.
    args: ['--disable-dev-shm-usage', ...extraArgs],
  });
}

// A page of a new context on `baseUrl`, and the list of problems it meets: console
// errors (a Content-Security-Policy violation is one), uncaught exceptions, failed or
// refused requests, and any request to another origin, which is aborted (the service
// works with no internet). `contextOptions` add to Playwright's context options.
async function openPage(browser, baseUrl, contextOptions = {}) {
  const origin = new URL(baseUrl).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    problems.push(`request to another origin: ${url}`);
    return route.abort('blockedbyclient');
  });
  return { page, problems, context };
}

// Saves the page as SCREENSHOT_DIR/<name>.png (default build/screenshots/) for a person
// to look at; `options` go to Playwright ({fullPage: true}).
async function screenshot(page, name, options = {}) {
  const dir = process.env.SCREENSHOT_DIR || path.join(__dirname, '..', '..', 'build', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ ...options, path: file });
  return file;
}

// Runs `body` as the test's main: prints its failure and sets the exit status.
function main(body) {
  body().then(
    () => {
      console.log('passed');
    },
    (err) => {
      console.error(`FAILED: ${err && err.stack ? err.stack : err}`);
      process.exitCode = 1;
    },
  );
}

module.exports = { launch, openPage, screenshot, main };

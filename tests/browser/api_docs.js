// The API document's page (/api/docs/) in a real browser: Swagger UI starts under the
// page's Content-Security-Policy with no console error (a violation is one), no
// exception, no request to another origin; it shows every operation of
// docs/openapi.yaml, and one of them opens. Screenshots: api-docs.png (the top of the
// page), api-docs-operation.png (the open operation).
//
//   node tests/browser/api_docs.js BASE_URL      (tests/browser/run starts the server)
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { launch, openPage, screenshot, main } = require('./browser');

const kMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

// "GET /api/v1/jobs/{id}/" for each operation under `paths:`. The document is
// block-style YAML: a path is a key indented by two spaces, its operations are method
// keys indented by four (as tests/unit/route_table_test.cpp reads it).
function documentOperations(yaml) {
  const out = new Set();
  let inPaths = false;
  let current = '';
  for (const line of yaml.split(/\r?\n/)) {
    if (line && line[0] !== ' ' && line[0] !== '#') inPaths = line === 'paths:';
    if (!inPaths) continue;
    let m = /^ {2}(\S.*):$/.exec(line);
    if (m) current = m[1].replace(/^'(.*)'$/, '$1');
    m = /^ {4}([a-z]+):$/.exec(line);
    if (m && current && kMethods.has(m[1])) out.add(`${m[1].toUpperCase()} ${current}`);
  }
  return out;
}

// The operations Swagger UI rendered: one block per operation under each of its tags.
async function renderedOperations(page) {
  const rows = await page.$$eval('.swagger-ui .opblock', (blocks) =>
    blocks.map((b) => {
      const method = b.querySelector('.opblock-summary-method')?.textContent.trim() ?? '';
      const where = b.querySelector('.opblock-summary-path');
      return `${method.toUpperCase()} ${where?.getAttribute('data-path') ?? ''}`;
    }),
  );
  return new Set(rows);
}

main(async () => {
  const baseUrl = process.argv[2];
  assert.ok(baseUrl, 'usage: api_docs.js BASE_URL');
  const yaml = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'openapi.yaml'), 'utf8');
  const expected = documentOperations(yaml);
  assert.ok(expected.size > 50, `only ${expected.size} operations read from the document`);
  const title = /^info:\n(?: {2}.*\n)*? {2}title: (.+)$/m.exec(yaml)[1].trim();

  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, baseUrl);
    const response = await page.goto(`${baseUrl}/api/docs/`, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'none'/);

    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15000 });
    // Every tag is open (docExpansion "list"): all blocks are there once the last
    // tag's section is; wait until their number stops growing.
    let count = -1;
    for (let i = 0; i < 50; i++) {
      const now = await page.locator('.swagger-ui .opblock').count();
      if (now > 0 && now === count) break;
      count = now;
      await page.waitForTimeout(100);
    }
    await screenshot(page, 'api-docs');

    const shownTitle = await page.locator('.swagger-ui .info .title').innerText();
    assert.ok(shownTitle.startsWith(title), `title ${JSON.stringify(shownTitle)}, not ${title}`);
    const rendered = await renderedOperations(page);
    const missing = [...expected].filter((op) => !rendered.has(op));
    const extra = [...rendered].filter((op) => !expected.has(op));
    assert.deepEqual(missing, [], 'operations of docs/openapi.yaml not on the page');
    assert.deepEqual(extra, [], 'operations on the page that docs/openapi.yaml does not have');
    assert.equal(rendered.size, expected.size);
    // No Swagger UI error box (a document it could not fetch or parse).
    assert.equal(await page.locator('.swagger-ui .errors-wrapper').count(), 0, 'Swagger UI reports errors');

    // One operation opened: parameters, responses and their examples render too.
    const operation = page.locator('.swagger-ui .opblock-get').first();
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('.responses-wrapper').waitFor({ timeout: 10000 });
    await operation.scrollIntoViewIfNeeded();
    await screenshot(page, 'api-docs-operation');

    assert.deepEqual(problems, [], 'problems while loading the page');
    console.log(`${rendered.size} operations shown, as many as docs/openapi.yaml has`);
  } finally {
    await browser.close();
  }
});

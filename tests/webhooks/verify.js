// An independent check of our webhook signatures: the Standard Webhooks reference
// library for JavaScript (standardwebhooks, pinned in tools/package.json) verifies
// recorded deliveries.
//
//   node tests/webhooks/verify.js DELIVERIES_JSON SECRET
//
// DELIVERIES_JSON holds [{"headers": {"webhook-id": ..., "webhook-timestamp": ...,
// "webhook-signature": ..., ...}, "body_base64": "..."}, ...]; SECRET is the endpoint's
// "whsec_..." secret. Prints one JSON line per delivery, {"ok": true|false, "error":
// null|"...", "id": "<webhook-id>"}, and exits 1 when any fails (2 on bad usage).
//
// The library also refuses a timestamp more than 5 minutes from its clock, and recorded
// deliveries may be older than that: each is verified with the library's clock set to
// the delivery's own webhook-timestamp. The timestamp is part of what is signed, so a
// changed one still fails; only the freshness check is left out. The body must also be
// JSON, as the API promises.
'use strict';

const fs = require('fs');
const path = require('path');

const tools = path.join(__dirname, '..', '..', 'tools', 'node_modules');
const { Webhook } = require(path.join(tools, 'standardwebhooks'));

function header(headers, name) {
  for (const key of Object.keys(headers || {})) {
    if (key.toLowerCase() === name) return String(headers[key]);
  }
  return undefined;
}

// Runs `fn` with Date.now() answering `seconds` since the epoch.
function at(seconds, fn) {
  const realNow = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

function check(webhook, delivery) {
  const headers = delivery.headers || {};
  const body = Buffer.from(String(delivery.body_base64 || ''), 'base64');
  const timestamp = Number.parseInt(header(headers, 'webhook-timestamp'), 10);
  if (!Number.isSafeInteger(timestamp)) throw new Error('webhook-timestamp is not a number');
  at(timestamp, () => webhook.verify(body, headers, { jsonParse: false }));
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (e) {
    throw new Error(`the body is not JSON: ${e.message}`);
  }
}

function main() {
  const [file, secret] = process.argv.slice(2);
  if (!file || !secret) {
    console.error('usage: node tests/webhooks/verify.js DELIVERIES_JSON SECRET');
    return 2;
  }
  const deliveries = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(deliveries)) {
    console.error('verify.js: the file does not hold a JSON array');
    return 2;
  }
  const webhook = new Webhook(secret);
  let failed = 0;
  for (const delivery of deliveries) {
    const id = header(delivery.headers, 'webhook-id') ?? null;
    try {
      check(webhook, delivery);
      console.log(JSON.stringify({ ok: true, error: null, id }));
    } catch (e) {
      failed++;
      console.log(JSON.stringify({ ok: false, error: String(e.message || e), id }));
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main();

// tus-js-client (pinned in tools/package.json) uploading a file to the service through a
// proxy that cuts the connection at random offsets; the client resumes each time from
// the offset the server reports. Run by tests/e2e/tus_interop_test.cpp:
//
//   node tests/tus/interop.js SERVER_URL PROXY_PORT AUTHORIZATION FILE CUTS CHUNK_BYTES
//
// The service must know the proxy as its public URL (--public-url), since upload URLs
// (Location) are absolute.
// Prints one JSON line: {"id": <the upload's id>, "cuts": <connections cut>}. Exits 1 on
// an upload error.
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');

const tools = path.join(__dirname, '..', '..', 'tools', 'node_modules');
const tus = require(path.join(tools, 'tus-js-client'));

const [base, proxyPort, authorization, file, cutsArg, chunkArg] = process.argv.slice(2);
const data = fs.readFileSync(file);
const target = new URL(base);

// Cut points in bytes sent by the client, spread over the upload.
const cuts = [];
for (let i = 0; i < Number(cutsArg); i++) cuts.push(Math.floor(Math.random() * data.length));
cuts.sort((a, b) => a - b);

let sent = 0;
let cutsDone = 0;
const proxy = net.createServer((client) => {
  const server = net.connect(Number(target.port), target.hostname);
  const close = () => {
    client.destroy();
    server.destroy();
  };
  client.on('data', (chunk) => {
    sent += chunk.length;
    if (cutsDone < cuts.length && sent >= cuts[cutsDone]) {
      cutsDone++;
      // Part of this piece reaches the server, then the connection is gone.
      server.write(chunk.subarray(0, Math.floor(chunk.length / 2)), close);
      return;
    }
    server.write(chunk);
  });
  server.on('data', (chunk) => client.write(chunk));
  client.on('error', close);
  server.on('error', close);
  client.on('close', close);
  server.on('close', close);
});

proxy.listen(Number(proxyPort), '127.0.0.1', () => {
  const endpoint = `http://127.0.0.1:${proxy.address().port}/api/v1/uploads/tus/`;
  const upload = new tus.Upload(data, {
    endpoint,
    chunkSize: Number(chunkArg),
    retryDelays: [0, 100, 200, 500, 1000, 1000, 1000, 1000],
    headers: { Authorization: authorization },
    metadata: { filename: 'interop.webm', filetype: 'video/webm' },
    removeFingerprintOnSuccess: true,
    onError: (err) => {
      console.error(`upload failed: ${err}`);
      process.exit(1);
    },
    onSuccess: () => {
      const id = upload.url.substring(upload.url.lastIndexOf('/') + 1);
      console.log(JSON.stringify({ id, cuts: cutsDone }));
      proxy.close();
      process.exit(0);
    },
  });
  upload.start();
});

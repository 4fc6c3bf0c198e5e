// The S3 test server that tests/s3/s3rver-control runs: s3rver (pinned in tools/package.json)
// plus the two multipart requests it lacks.
//
//   node s3rver-server.js S3RVER_MODULE DIR BUCKET MAX_SECONDS TAG
//
// Why this exists: s3rver 3.7.1 answers ListMultipartUploads (GET /bucket?uploads) with
// NotImplemented and has no AbortMultipartUpload (DELETE /bucket/key?uploadId=ID), and the
// storage backend uses both (resumable uploads: abort on failure, and the tests' check that
// no upload is left open). Rather than patch node_modules, a middleware placed in front of
// s3rver's own answers exactly those two requests from s3rver's filesystem store (an
// upload is the folder {bucket}/._S3rver_uploads/{uploadId}/ with the files `key`,
// `metadata` and one per part, see s3rver's lib/stores/filesystem.js) in S3's XML shapes,
// and passes every other request on. Path-style URLs only, as the tests use; no signature
// check (s3rver checks none of ours either).
//
// Writes DIR/pid at once, and DIR/url (the bucket's STORAGE_URL) then DIR/port when it
// listens; exits after MAX_SECONDS. TAG only marks the command line, so that
// s3rver-control finds this process and no other.
'use strict';

const fs = require('fs');
const path = require('path');

const [modulePath, dir, bucket, maxSeconds] = process.argv.slice(2);
const S3rver = require(modulePath);
const S3Error = require(path.join(modulePath, 'lib', 'models', 'error'));

const kMaxUploads = 1000;  // S3's limit for one page of ListMultipartUploads

function xmlEscape(value) {
  return String(value).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch],
  );
}

function element(name, value) {
  return `<${name}>${xmlEscape(value)}</${name}>`;
}

async function readText(file) {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  }
}

// s3rver makes upload ids of 32 hex digits; anything else names no upload (and no path).
function uploadDir(store, bucketName, uploadId) {
  if (!/^[0-9a-f]{1,64}$/.test(uploadId)) return null;
  return path.join(store.getResourcePath(bucketName, undefined, 'uploads'), uploadId);
}

async function requireBucket(store, bucketName) {
  if (!(await store.getBucket(bucketName))) {
    throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', {
      BucketName: bucketName,
    });
  }
}

// The open uploads of the bucket: [{key, uploadId, initiated}], sorted by key, then id
// (S3 compares upload-id-marker lexicographically, so the ids' order makes paging exact).
async function openUploads(store, bucketName) {
  const root = store.getResourcePath(bucketName, undefined, 'uploads');
  let ids;
  try {
    ids = await fs.promises.readdir(root);
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  const uploads = [];
  for (const uploadId of ids) {
    // A folder without its key is being created or completed: not listed.
    const key = await readText(path.join(root, uploadId, 'key'));
    if (!key) continue;
    let initiated = new Date();
    try {
      initiated = (await fs.promises.stat(path.join(root, uploadId, 'key'))).mtime;
    } catch (err) {
      if (err.code === 'ENOENT') continue;
      throw err;
    }
    uploads.push({ key, uploadId, initiated });
  }
  uploads.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.uploadId < b.uploadId ? -1 : 1,
  );
  return uploads;
}

// GET /bucket?uploads[&prefix=][&key-marker=][&upload-id-marker=][&max-uploads=]
async function listMultipartUploads(ctx, store, bucketName) {
  await requireBucket(store, bucketName);
  const q = ctx.query;
  if (q.delimiter) {
    throw new S3Error('NotImplemented', 'The test server lists uploads without a delimiter');
  }
  const urlEncoded = q['encoding-type'] === 'url';
  if (q['encoding-type'] !== undefined && !urlEncoded) {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: q['encoding-type'],
    });
  }
  let maxUploads = kMaxUploads;
  if (q['max-uploads'] !== undefined) {
    maxUploads = Number(q['max-uploads']);
    if (!/^\d+$/.test(q['max-uploads']) || maxUploads > 2147483647) {
      throw new S3Error('InvalidArgument', 'Provided max-uploads not an integer or within ' +
        'integer range', { ArgumentName: 'max-uploads', ArgumentValue: q['max-uploads'] });
    }
    maxUploads = Math.min(maxUploads, kMaxUploads);
  }
  const prefix = q.prefix || '';
  const keyMarker = q['key-marker'] || '';
  // Without key-marker, S3 ignores upload-id-marker.
  const idMarker = keyMarker ? q['upload-id-marker'] || '' : '';
  const after = (u) =>
    !keyMarker || u.key > keyMarker || (u.key === keyMarker && idMarker && u.uploadId > idMarker);
  const matching = (await openUploads(store, bucketName)).filter(
    (u) => u.key.startsWith(prefix) && after(u),
  );
  const page = matching.slice(0, maxUploads);
  const truncated = matching.length > page.length;
  const last = page[page.length - 1];
  const enc = (s) => (urlEncoded ? encodeURIComponent(s) : s);

  const owner = '<ID>123456789000</ID><DisplayName>S3rver</DisplayName>';
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    element('Bucket', bucketName),
    element('KeyMarker', enc(keyMarker)),
    element('UploadIdMarker', idMarker),
    element('NextKeyMarker', truncated ? enc(last.key) : ''),
    element('NextUploadIdMarker', truncated ? last.uploadId : ''),
    element('Prefix', enc(prefix)),
    urlEncoded ? element('EncodingType', 'url') : '',
    element('MaxUploads', maxUploads),
    element('IsTruncated', truncated ? 'true' : 'false'),
  ];
  for (const u of page) {
    parts.push(
      '<Upload>',
      element('Key', enc(u.key)),
      element('UploadId', u.uploadId),
      `<Initiator>${owner}</Initiator><Owner>${owner}</Owner>`,
      element('StorageClass', 'STANDARD'),
      element('Initiated', u.initiated.toISOString()),
      '</Upload>',
    );
  }
  parts.push('</ListMultipartUploadsResult>');
  ctx.status = 200;
  ctx.type = 'application/xml';
  ctx.body = parts.join('');
}

// DELETE /bucket/key?uploadId=ID: 204, or 404 NoSuchUpload for an upload that is not
// open (or belongs to another key), as S3 answers.
async function abortMultipartUpload(ctx, store, bucketName, key) {
  await requireBucket(store, bucketName);
  const uploadId = ctx.query.uploadId;
  const folder = uploadDir(store, bucketName, uploadId);
  const recorded = folder && (await readText(path.join(folder, 'key')));
  if (recorded !== key) {
    throw new S3Error(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload ' +
        'may have been aborted or completed.',
      { UploadId: uploadId },
    );
  }
  await fs.promises.rm(folder, { recursive: true, force: true });
  ctx.status = 204;
  ctx.body = null;
}

// Answers the two requests above and passes everything else to s3rver.
function multipartMiddleware(store) {
  return async function multipart(ctx, next) {
    const match = /^\/([^/]+)(?:\/(.+))?$/.exec(ctx.path);
    if (match) {
      const bucketName = decodeURIComponent(match[1]);
      const key = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      if (ctx.method === 'GET' && key === undefined && 'uploads' in ctx.query) {
        return listMultipartUploads(ctx, store, bucketName);
      }
      if (ctx.method === 'DELETE' && key !== undefined && 'uploadId' in ctx.query) {
        return abortMultipartUpload(ctx, store, bucketName, key);
      }
    }
    return next();
  };
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: dir + '/data',
  configureBuckets: [{ name: bucket }],
});
// First in the chain: Koa composes app.middleware when run() starts listening.
server.middleware.unshift(multipartMiddleware(server.store));

fs.writeFileSync(dir + '/pid', process.pid + '\n');
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(() => process.exit(0), Number(maxSeconds) * 1000).unref();
server.run().then(
  ({ port }) => {
    const url = `s3://${bucket}?endpoint=http://127.0.0.1:${port}&region=us-east-1&path_style=1`;
    fs.writeFileSync(dir + '/url.tmp', url + '\n');
    fs.renameSync(dir + '/url.tmp', dir + '/url');
    fs.writeFileSync(dir + '/port.tmp', port + '\n');
    fs.renameSync(dir + '/port.tmp', dir + '/port');
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

// What must outlive a reload: the recording of the attempt in progress (its tus upload's
// address and every byte recorded, in order) until the service has it whole. IndexedDB,
// keyed by a hash of the token, so that no token is stored and two invitations in one
// browser stay apart.

const kDb = 'interviewd-candidate';
let opened = null;

function db() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const req = indexedDB.open(kDb, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        d.createObjectStore('recordings', { keyPath: 'key' });
        d.createObjectStore('chunks', { keyPath: ['key', 'seq'] });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opened;
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function result(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function keyOf(token) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// {key, attempt, question, mimeType, uploadUrl, stopped, size, sha256, durationMs}
export async function saveRecording(rec) {
  const tx = (await db()).transaction('recordings', 'readwrite');
  tx.objectStore('recordings').put(rec);
  await done(tx);
}

export async function recording(key) {
  const tx = (await db()).transaction('recordings', 'readonly');
  return (await result(tx.objectStore('recordings').get(key))) || null;
}

export async function addChunk(key, seq, blob) {
  const tx = (await db()).transaction('chunks', 'readwrite');
  tx.objectStore('chunks').put({ key, seq, blob });
  await done(tx);
}

export async function chunks(key) {
  const tx = (await db()).transaction('chunks', 'readonly');
  const range = IDBKeyRange.bound([key, 0], [key, Number.MAX_SAFE_INTEGER]);
  const rows = await result(tx.objectStore('chunks').getAll(range));
  return rows.map((r) => r.blob);
}

export async function forget(key) {
  const tx = (await db()).transaction(['recordings', 'chunks'], 'readwrite');
  tx.objectStore('recordings').delete(key);
  tx.objectStore('chunks').delete(IDBKeyRange.bound([key, 0], [key, Number.MAX_SAFE_INTEGER]));
  await done(tx);
}

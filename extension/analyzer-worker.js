// The analyzer's worker (a module worker of analyzer.html): reads dropped files off the page's
// thread, with progress, reduces a HAR to the entries the doctor reads (Rust: reduce_har), and
// writes the redacted HAR on request (Rust: redact_har). The page only ever gets the reduced text;
// a HAR stays bytes here (UTF-8, half the memory of a JS string, no decoding).
//
//   page → {type:'read', id, file}   worker → {type:'progress', id, name, loaded, total}…,
//                                              {type:'reducing', id, name},
//                                              {type:'read', id, name, size, har, kept?, text}
//   page → {type:'redact', id}       worker → {type:'redacted', id, name, entries, removed, blob}
//   on any failure                   worker → {type:'error', id, name, message | reason:'not-kept'}
import init, { reduce_har, redact_har } from './wasm/caldoctor.js';

const ready = init();
const PROGRESS_EVERY = 4 * 1024 * 1024; // bytes between progress messages
const MAX_KEPT = 4; // HARs kept for "Download redacted HAR"; older ones must be loaded again
const kept = new Map(); // id → { name, bytes }

/** The file's bytes, read in chunks into one buffer, with progress (never decoded to text). */
async function readBytes(file, id) {
  const bytes = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let loaded = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.byteLength > bytes.length) throw new Error('the file changed while it was read');
    bytes.set(value, loaded);
    loaded += value.byteLength;
    if (loaded - reported >= PROGRESS_EVERY) {
      reported = loaded;
      postMessage({ type: 'progress', id, name: file.name, loaded, total: file.size });
    }
  }
  postMessage({ type: 'progress', id, name: file.name, loaded, total: file.size });
  return bytes.subarray(0, loaded);
}

function keep(id, name, bytes) {
  kept.set(id, { name, bytes });
  while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value);
}

async function handle({ type, id, file }) {
  await ready;
  if (type === 'read') {
    const bytes = await readBytes(file, id);
    postMessage({ type: 'reducing', id, name: file.name });
    let reduced = null;
    try {
      reduced = reduce_har(bytes);
    } catch (_) {
      // Not a HAR: the page reads it as one response body (and says so if it is neither).
    }
    if (reduced) {
      keep(id, file.name, bytes);
      postMessage({ type: 'read', id, name: file.name, size: file.size, har: true, kept: reduced.kept, text: reduced.text });
    } else {
      const text = new TextDecoder().decode(bytes);
      postMessage({ type: 'read', id, name: file.name, size: file.size, har: false, text });
    }
  } else if (type === 'redact') {
    const har = kept.get(id);
    if (!har) return postMessage({ type: 'error', id, name: '', reason: 'not-kept' });
    const redacted = redact_har(har.bytes);
    const blob = new Blob([redacted.text], { type: 'application/json' });
    postMessage({ type: 'redacted', id, name: har.name, entries: redacted.entries, removed: redacted.removed, blob });
  }
}

self.addEventListener('message', ({ data }) => {
  handle(data ?? {}).catch((error) => {
    const name = data?.file?.name ?? kept.get(data?.id)?.name ?? '';
    postMessage({ type: 'error', id: data?.id, name, message: String(error?.message ?? error) });
  });
});

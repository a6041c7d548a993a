// The analyzer's worker (a module worker of analyzer.html): reads dropped files off the page's
// thread, with progress, reduces a HAR to the entries the doctor reads (Rust: reduce_har), and
// writes the redacted HAR on request (Rust: redact_har). The page only ever gets the reduced text;
// a HAR stays bytes here (UTF-8, half the memory of a JS string, no decoding).
//
//   page → read     worker → progress…, reducing, read
//   page → redact   worker → redacted
//   on any failure  worker → error
// Each message's shape is a typedef in shared/protocol.js.
import './shared/protocol.js';
import init, { reduce_har, redact_har } from './wasm/caldoctor.js';

const { worker: WORKER } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared'))).protocol;
const ready = init();
const PROGRESS_EVERY = 4 * 1024 * 1024; // bytes between progress messages
const MAX_KEPT = 4; // HARs kept for "Download redacted HAR"; older ones must be loaded again
/** @type {Map<number, { name: string, bytes: Uint8Array }>} */
const kept = new Map();

/** @param {WorkerReply} message */
const reply = (message) => postMessage(message);

/**
 * The file's bytes, read in chunks into one buffer, with progress (never decoded to text).
 * @param {File} file
 * @param {number} id
 */
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
      reply({ type: WORKER.progress, id, name: file.name, loaded, total: file.size });
    }
  }
  reply({ type: WORKER.progress, id, name: file.name, loaded, total: file.size });
  return bytes.subarray(0, loaded);
}

/**
 * @param {number} id
 * @param {string} name
 * @param {Uint8Array} bytes
 */
function keep(id, name, bytes) {
  kept.set(id, { name, bytes });
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_KEPT) break;
    kept.delete(oldest);
  }
}

/** @param {WorkerRequest} request */
async function handle(request) {
  await ready;
  const { id } = request;
  if (request.type === WORKER.read) {
    const { file } = request;
    const bytes = await readBytes(file, id);
    reply({ type: WORKER.reducing, id, name: file.name });
    let reduced = null;
    try {
      reduced = reduce_har(bytes);
    } catch (_) {
      // Not a HAR: the page reads it as one response body (and says so if it is neither).
    }
    if (reduced) {
      keep(id, file.name, bytes);
      reply({ type: WORKER.read, id, name: file.name, size: file.size, har: true, kept: reduced.kept, text: reduced.text });
    } else {
      const text = new TextDecoder().decode(bytes);
      reply({ type: WORKER.read, id, name: file.name, size: file.size, har: false, text });
    }
  } else if (request.type === WORKER.redact) {
    const har = kept.get(id);
    if (!har) return reply({ type: WORKER.error, id, name: '', reason: 'not-kept' });
    const redacted = redact_har(har.bytes);
    const blob = new Blob([redacted.text], { type: 'application/json' });
    reply({ type: WORKER.redacted, id, name: har.name, entries: redacted.entries, removed: redacted.removed, blob });
  }
}

addEventListener('message', ({ data }) => {
  handle(data ?? {}).catch((error) => {
    const name = data?.file?.name ?? kept.get(data?.id)?.name ?? '';
    reply({ type: WORKER.error, id: data?.id, name, message: String(error?.message ?? error) });
  });
});

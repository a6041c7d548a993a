// The pages' worker (a module worker of analyzer.html, triage.html and the popup), off the pages'
// thread. For the analyzer: reads dropped files with progress, reduces a HAR to the entries the
// doctor reads (Rust: reduce_har), and writes the redacted HAR on request (Rust: redact_har); the
// page only ever gets the reduced text, a HAR stays bytes here (UTF-8, half the memory of a JS
// string, no decoding). For the triage page: keeps its lists (Rust: TriageSession), decodes and
// triages them here and hands over the triage as JSON, its rows in parts. For the popup: counts
// a tab's subjects in error (Rust: triage_count).
//
//   page → read            worker → progress…, reducing, read
//   page → redact          worker → redacted
//   page → triage-add      worker → (progress…), triage-added
//   page → triage-build    worker → triage-board, then for a new build triage-rows…
//   page → triage-export   worker → triage-exported
//   popup → triage-count   worker → triage-counted
//   on any failure         worker → error
// Each message's shape is a typedef in shared/protocol.js.
import './shared/protocol.js';
import init, { TriageSession, reduce_har, redact_har, triage_count } from './wasm/caldoctor_pages.js';

const { worker: WORKER } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared'))).protocol;
const ready = init();
const PROGRESS_EVERY = 4 * 1024 * 1024; // bytes between progress messages
const MAX_KEPT = 4; // HARs kept for "Download redacted HAR"; older ones must be loaded again
const ROWS_PER_PART = 2000; // triage rows per message: the page reads each part within a frame
/** @type {Map<number, { name: string, bytes: Uint8Array }>} */
const kept = new Map();
/** @type {TriageSession | null} the triage page's lists, made at its first message */
let session = null;

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

/**
 * A file's text as the doctor reads it: a HAR reduced to its matching entries, anything else
 * decoded as UTF-8 (one response body, a CSV).
 * @param {Uint8Array} bytes
 */
function fileText(bytes) {
  try {
    const reduced = reduce_har(bytes);
    return { har: true, kept: reduced.kept, text: reduced.text };
  } catch (_) {
    // Not a HAR: read as one response body (and said so if it is neither).
    return { har: false, kept: undefined, text: new TextDecoder().decode(bytes) };
  }
}

/** @param {unknown} error */
const message = (error) => String(/** @type {Error} */ (error)?.message ?? error);

/** @param {TriageAddRequest} request */
async function triageAdd(request) {
  const { id, set } = request;
  session ??= new TriageSession();
  const errors = [];
  if (request.file) {
    const { file } = request;
    let read = 0;
    /** @type {{ har?: boolean, kept?: number }} */
    let found = {};
    // Answered whatever happens: the page triages once every file it handed over is answered.
    try {
      const { har, kept: matching, text } = fileText(await readBytes(file, id));
      found = { har, kept: matching };
      session.add(set, '', text, file.name);
      read++;
    } catch (error) {
      errors.push(message(error));
    }
    reply({ type: WORKER.triageAdded, set, id, read, errors, org: session.org(set), name: file.name, size: file.size, ...found });
    return;
  }
  let read = 0;
  for (const [index, input] of (request.inputs ?? []).entries()) {
    try {
      session.add(set, String(input?.url ?? ''), String(input?.body ?? ''), String(input?.source ?? `response ${index + 1}`));
      read++;
    } catch (error) {
      errors.push(message(error));
    }
  }
  reply({ type: WORKER.triageAdded, set, id, read, errors, org: session.org(set) });
}

/** @param {TriageBuildRequest} request */
function triageBuild(request) {
  const { set } = request;
  const build = session?.build(set, request.tenants);
  if (!session || build === undefined) return reply({ type: WORKER.triageBoard, set });
  reply({ type: WORKER.triageBoard, set, build, board: session.board(set, request.lang, request.mask) ?? undefined });
  if (build === request.have) return; // the page holds this build's rows
  const sizes = [...session.group_sizes(set)];
  const last = sizes.findLastIndex((size) => size > 0);
  sizes.forEach((size, group) => {
    for (let first = 0; first < size; first += ROWS_PER_PART) {
      const done = group === last && first + ROWS_PER_PART >= size;
      reply({ type: WORKER.triageRows, set, build, group, rows: /** @type {TriageSession} */ (session).rows(set, group, first, ROWS_PER_PART), done });
    }
  });
}

/** @param {TriageExportRequest} request */
function triageExport(request) {
  const { set, what } = request;
  const text = what === 'csv' ? session?.csv(set, request.redact) : session?.summary(set, request.lang, request.redact, request.format);
  if (text !== undefined) reply({ type: WORKER.triageExported, set, what, text });
}

/** @param {TriageCountRequest} request */
function triageCount(request) {
  const counts = (request.orgs ?? []).map(({ inputs, tenants }) => triage_count(inputs ?? [], tenants));
  reply({ type: WORKER.triageCounted, counts });
}

/** @param {WorkerRequest} request */
async function handle(request) {
  await ready;
  if (request.type === WORKER.triageAdd) return triageAdd(request);
  if (request.type === WORKER.triageBuild) return triageBuild(request);
  if (request.type === WORKER.triageExport) return triageExport(request);
  if (request.type === WORKER.triageCount) return triageCount(request);
  const { id } = request;
  if (request.type === WORKER.read) {
    const { file } = request;
    const bytes = await readBytes(file, id);
    reply({ type: WORKER.reducing, id, name: file.name });
    const { har, kept: matching, text } = fileText(bytes);
    if (har) keep(id, file.name, bytes);
    reply({ type: WORKER.read, id, name: file.name, size: file.size, har, kept: matching, text });
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
    reply({ type: WORKER.error, id: data?.id, name, message: message(error) });
  });
});

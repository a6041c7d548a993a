// The analyzer's memory on a large HAR, for measure-browser.mjs (Linux: it reads /proc), as
// multiples of the file's bytes:
//   extension   the analyzer page (dist/chromium-test analyzer.html) in a fresh headless Chromium,
//               one file picked: the peak resident memory of the extension's renderer process,
//               which holds the page, its worker (analyzer-worker.js, which reads the file and
//               reduces it in Wasm) and the service worker: VmHWM, reset (clear_refs) just before
//               the file is picked, until the findings are shown. Counted: everything in that
//               process (V8 heaps, ArrayBuffers such as the HAR's bytes the worker keeps for
//               "Download redacted HAR", Wasm linear memory, Blink), its baseline too; also given
//               without the baseline (peak − resident before). Not counted: the browser process,
//               which streams the file from disk to the worker. Beside it, at the end, the Wasm
//               linear memory of the page and the worker (WebAssembly.Memory buffers, found with
//               CDP's Runtime.queryObjects; linear memory never shrinks, so this is its peak).
//   native      `caldoctor explain FILE` (target/release): its peak RSS (GNU time's %M), the whole
//               process (the file read whole, the analysis, the report)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT, chromiumExtensionUrl, launchChromium } from '../tests/e2e/harness/browsers.mjs';

const CLI = path.join(ROOT, 'target', 'release', 'caldoctor');
const GNU_TIME = '/usr/bin/time';

/** A process's resident memory now and its peak (VmRSS, VmHWM), in bytes. */
function residentBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The pid of the extension's renderer process (Chromium gives one extension one process). */
async function extensionProcess(browserSession) {
  const { processInfo } = await browserSession.send('SystemInfo.getProcessInfo');
  // A Chromium child rewrites its command line as one string (its arguments joined by spaces).
  const flag = /(^|[\s\0])--extension-process([\s\0]|$)/;
  const pids = processInfo
    .filter((p) => p.type === 'renderer' && flag.test(readFileSync(`/proc/${p.id}/cmdline`, 'utf8')))
    .map((p) => p.id);
  if (pids.length !== 1) throw new Error(`expected one extension process, found ${pids.length}`);
  return pids[0];
}

/**
 * `send(method, params)` to the target `targetId` through the browser's session (not flattened:
 * Playwright's sessions do not route a child session's messages), and `detach()`.
 */
async function targetSession(browserSession, targetId) {
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map();
  let next = 0;
  browserSession.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    const reply = pending.get(message.id);
    if (!reply) return;
    pending.delete(message.id);
    if (message.error) reply.reject(new Error(`${message.error.message} (${sessionId})`));
    else reply.resolve(message.result);
  });
  return {
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    }),
    detach: () => browserSession.send('Target.detachFromTarget', { sessionId }),
  };
}

/** The bytes of every WebAssembly.Memory alive in a target (`send`: its CDP commands). */
async function wasmMemoryBytes(send) {
  const { result: prototype } = await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const { objects } = await send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId });
  const { result } = await send('Runtime.callFunctionOn', {
    objectId: objects.objectId,
    functionDeclaration: 'function () { return this.reduce((sum, memory) => sum + memory.buffer.byteLength, 0); }',
    returnByValue: true,
  });
  return result.value;
}

/** The analyzer page analysing `file` once, in a browser of its own: { before, peak, wasm } in bytes. */
export async function extensionMemory(file) {
  const browser = await launchChromium();
  try {
    const { context } = browser;
    const browserSession = await context.browser().newBrowserCDPSession();
    const page = await context.newPage();
    await page.goto(`${await chromiumExtensionUrl(context)}analyzer.html`);
    await page.waitForSelector('[data-caldoctor="file"]');
    const pid = await extensionProcess(browserSession);
    const before = residentBytes(pid).rss;
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // VmHWM := VmRSS
    await page.setInputFiles('[data-caldoctor="file"]', file);
    await page.waitForFunction(() => document.querySelector('[data-caldoctor="files"] li') && document.querySelector('[data-finding]'), null, { timeout: 120000 });
    const { peak } = residentBytes(pid);

    const { targetInfos } = await browserSession.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url.endsWith('/analyzer-worker.js'));
    if (!worker) throw new Error('the analyzer has no worker');
    const workerSession = await targetSession(browserSession, worker.targetId);
    const pageSession = await context.newCDPSession(page);
    const wasm = {
      worker: await wasmMemoryBytes(workerSession.send),
      page: await wasmMemoryBytes((method, params) => pageSession.send(method, params)),
    };
    await workerSession.detach();
    return { before, peak, wasm };
  } finally {
    await browser.close();
  }
}

/** `caldoctor explain FILE`'s peak RSS in bytes, or { skipped } saying why it was not measured. */
export function nativeMemory(file) {
  if (!existsSync(CLI)) return { skipped: `${path.relative(ROOT, CLI)} is not built (cargo build --release --bin caldoctor)` };
  if (!existsSync(GNU_TIME)) return { skipped: `GNU time (${GNU_TIME}) is not installed` };
  const run = spawnSync(GNU_TIME, ['-f', '%M', CLI, 'explain', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const kb = Number(run.stderr.trim().split('\n').at(-1));
  if (run.status !== 0 || !Number.isFinite(kb)) throw new Error(`caldoctor explain failed (${run.status}): ${run.stderr.trim()}`);
  return { peak: kb * 1024 };
}

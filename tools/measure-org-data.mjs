#!/usr/bin/env node
// What the adapter's JS heap holds for an organisation's data: the Control Hub replica's User Status
// Report org of N subjects (default 40,000), fetched as the report page fetches it (the status list a
// page of 10,000 at a time, the summary, the alarms, then SCIM users, machine accounts and CSDM places
// 50 ids a request), each response filed by extension/content/inputs.js's InputStore in a Node vm
// context as the hook's event detail reaches it. Prints (and records in target/bench/results.json)
// the heap it keeps after a full GC, the characters of the bodies, the time to file them, and the
// `lists` answer: its JSON bytes (Chromium refuses a message over 64 MiB) and the time to build it.
// V8 is Chromium's engine: the strings it keeps are the same there (one byte a character when ASCII).
// With --chromium, the same in Debian's Chromium with the built extension (dist/chromium-test): the
// report page's isolate heap after a GC, with the extension less without it (the adapter's world
// shares the page's isolate), and the `lists` round trip from an extension page.
//
//   node --expose-gc tools/measure-org-data.mjs [--subjects 40000] [--chromium] [--record]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

import { appendResults, commandLine } from './bench-results.mjs';
import { ORG_ID } from '../tests/replica/serve.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const SUBJECTS = Number.parseInt(option('subjects', '40000'), 10);
const RECORD = args.includes('--record');
const CHROMIUM = args.includes('--chromium');
const CAL = 'squared-fusion-cal';
const LOOKUP_IDS = 50;
const MB = 1024 * 1024;

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('measure-org-data: run with node --expose-gc\n');
  process.exit(2);
}
const settledHeap = () => {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};

// The replica in a process of its own: its generated org must not count in this heap.
const replica = spawn(process.execPath, [new URL('../tests/replica/serve.mjs', import.meta.url).pathname, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [listening] = await once(replica.stdout, 'data');
const server = { url: /listening (\S+)/.exec(String(listening))[1] };
const headers = { 'X-Replica-Subjects': String(SUBJECTS) };
const get = async (path) => {
  const res = await fetch(path.startsWith('http') ? path : `${server.url}${path}`, { headers });
  return { url: res.url, body: await res.text() };
};

// The adapter's input side, as the manifest loads it.
const context = vm.createContext({ URL, atob });
for (const file of ['shared/protocol.js', 'shared/endpoints.js', 'content/inputs.js']) {
  vm.runInContext(readFileSync(new URL(`../extension/${file}`, import.meta.url), 'utf8'), context, { filename: file });
}
const { InputStore, readDetail } = context.caldoctor.inputs;
let store = new InputStore();
let filing = 0;
let chars = 0;
/** Files one response as the hook forwards it (its detail a JSON string), timing the adapter's part. */
const file = ({ url, body }, via) => {
  const detail = JSON.stringify({ url, status: 200, time: new Date().toISOString(), body, via });
  const started = performance.now();
  store.add(readDetail(detail));
  filing += performance.now() - started;
  chars += body.length;
};

const filter = (chunk) => encodeURIComponent(chunk.map((id) => `id eq "${id}"`).join(' or '));
/** Files the answers for `all`, LOOKUP_IDS ids a request; the ids `known` reads in them. */
async function lookup(all, path, known) {
  const found = [];
  for (let i = 0; i < all.length; i += LOOKUP_IDS) {
    const answer = await get(`${path}?filter=${filter(all.slice(i, i + LOOKUP_IDS))}`);
    file(answer, 'fetch');
    found.push(...known(JSON.parse(answer.body)));
  }
  return found;
}

/** Fetches and files the report's data (in a function: only the store keeps what it fetched). */
async function report() {
  const first = `/uss/api/v1/orgs/${ORG_ID}/userStatuses?includeMessages=true&serviceId=${CAL}&limit=10000&entitled=true`;
  let page = await get(first);
  file(page, 'xhr');
  const ids = [];
  for (;;) {
    const json = JSON.parse(page.body);
    ids.push(...json.userStatuses.map((s) => s.userId));
    if (!json.paging?.next) break;
    page = await get(json.paging.next);
    file(page, 'fetch');
  }
  file(await get(`/uss/api/v1/orgs/${ORG_ID}/userStatuses/summary`), 'fetch');
  file(await get(`/hercules/api/v2/organizations/${ORG_ID}/alarms?serviceId=${CAL}&sourceType=cloud`), 'fetch');
  const users = new Set(await lookup(ids, `/identity/scim/${ORG_ID}/v1/Users`, (j) => j.Resources.map((r) => r.id)));
  const workspaces = await lookup(ids.filter((id) => !users.has(id)), `/identity/organization/${ORG_ID}/machines`, (j) => j.items.map((m) => m.id));
  await lookup(workspaces, `/csdm/api/v1/organization/${ORG_ID}/places`, () => []);
}
await report();
replica.kill();

/** The `lists` answer's JSON bytes and build time, and what it says (in a function of its own:
 * its temporaries go with its frame, never held when the heap is read). */
function answer() {
  const started = performance.now();
  const bytes = Buffer.byteLength(JSON.stringify({ orgs: store.lists() }));
  const ms = performance.now() - started;
  const [org] = store.lists();
  return { bytes, ms, subjects: org.subjects, bodies: org.inputs.length };
}
const { bytes: answerBytes, ms: answering, subjects, bodies } = answer();
// What the store holds: the heap with it less the heap once it is gone (the same realm, the same
// caches around it, so only its own strings and objects differ).
const withStore = settledHeap();
store = null;
const held = withStore - settledHeap();

const line = (label, value) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);
line(`org data of ${SUBJECTS.toLocaleString('en-US')} subjects: bodies`, `${bodies} (${(chars / MB).toFixed(1)} Mi characters)`);
line('status subjects held', subjects.toLocaleString('en-US'));
line('adapter heap held after GC', `${(held / MB).toFixed(1)} MiB (${(held / chars).toFixed(2)} bytes a character)`);
line('filing every response (readDetail + add)', `${filing.toFixed(0)} ms`);
line('the lists answer, JSON', `${(answerBytes / MB).toFixed(1)} MiB (Chromium's limit: 64 MiB), built in ${answering.toFixed(0)} ms`);
const records = [
  { name: 'org-data.heap', value: held, unit: 'bytes' },
  { name: 'org-data.chars', value: chars, unit: 'characters' },
  { name: 'org-data.filing', value: filing, unit: 'ms' },
  { name: 'org-data.answer', value: answerBytes, unit: 'bytes' },
];
if (CHROMIUM) {
  const { withExtension, without, roundTrip } = await inChromium();
  line('Chromium: the page\'s heap with the extension', `${(withExtension / MB).toFixed(1)} MiB, without it ${(without / MB).toFixed(1)} MiB`);
  line('Chromium: the lists round trip', `${roundTrip.toFixed(0)} ms`);
  records.push(
    { name: 'org-data.chromium-heap', variant: 'with the extension', value: withExtension, unit: 'bytes' },
    { name: 'org-data.chromium-heap', variant: 'without', value: without, unit: 'bytes' },
    { name: 'org-data.chromium-lists', value: roundTrip, unit: 'ms' },
  );
}
if (RECORD) {
  const command = commandLine();
  const subjectsVariant = `${SUBJECTS} subjects`;
  appendResults(records.map((r) => ({ ...r, variant: r.variant ? `${subjectsVariant}, ${r.variant}` : subjectsVariant, stat: 'single', command })));
}

/** The report page's isolate heap after a GC, with and without the extension, and the lists round trip. */
async function inChromium() {
  const { chromiumExtensionUrl, launchChromium } = await import('../tests/e2e/harness/browsers.mjs');
  const { startServer } = await import('../tests/replica/serve.mjs');
  const server = await startServer({ port: 0 });
  /** The report's heap in a browser with `extension` (null: none), and what `then(context)` returns. */
  const run = async (extension, then) => {
    const browser = await launchChromium(extension === undefined ? {} : { extension });
    try {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await page.goto(`${server.url}/reports/user-status?subjects=${SUBJECTS}`);
      await page.waitForFunction(() => globalThis.__replica.report?.state === 'loaded', null, { timeout: 300000 });
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return { heap: usedSize, then: await then?.(browser.context) };
    } finally {
      await browser.close();
    }
  };
  const ask = async (context) => {
    const page = await context.newPage();
    await page.goto(`${await chromiumExtensionUrl(context)}options.html`);
    return page.evaluate(async () => {
      const { messages } = globalThis[Symbol.for('caldoctor.shared')].protocol;
      for (const tab of await chrome.tabs.query({})) {
        const started = performance.now();
        const answer = await chrome.tabs.sendMessage(tab.id, { type: messages.lists }, { frameId: 0 }).catch(() => null);
        if (answer?.orgs.length) return performance.now() - started;
      }
      throw new Error('no tab answered lists');
    });
  };
  try {
    const withExtension = await run(undefined, ask);
    const without = await run(null);
    return { withExtension: withExtension.heap, without: without.heap, roundTrip: withExtension.then };
  } finally {
    await server.close();
  }
}

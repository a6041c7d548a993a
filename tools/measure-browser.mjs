#!/usr/bin/env node
// Browser-side measurements for `make bench`, in headless Chromium with dist/chromium-test on the
// replica. Prints, never asserts (the machines are shared and noisy; ratios are measured side by
// side in one run):
//   1. time from a matching response's end to the banner painted: the first banner of a freshly
//      loaded page, the first after an in-app navigation, and a later update of a shown banner
//      (a poll bringing another description); median of several runs each. With
//      `--compare DIR` (another build's chromium-test, e.g. the one-module design `make bench`
//      builds into target/bench/one/; repeatable, e.g. an earlier tree's build beside), every
//      build runs in a browser of its own, interleaved run by run, and their figures are printed
//      side by side. "Painted" is the task after the next
//      animation frame (that frame's paint is done); the figure two animation frames later, the
//      marker of earlier runs, is recorded too. A later update must reuse the frame's document
//      and Wasm instance: the run checks it. `--banner-only` stops after this one.
//   2. the hook's cost per non-matching fetch and XMLHttpRequest.open: a frame running the built
//      hook against two unwrapped frames of the same page, interleaved, with the method's noise
//      floor (the two unwrapped frames against each other); `--hook-only` runs this one alone
//   3. the analyzer on a generated 100 MB HAR: from the file picked to the findings shown, and
//      the page's longest stall meanwhile, against reading the same file and JSON.parse of it
//      in the same page; then the memory the analyzer and `caldoctor explain` (target/release)
//      take on it, as multiples of the file's bytes (analyzer-memory.mjs); `--analyzer-only`
//      runs this one alone
// Every figure also goes to target/bench/results.json (tools/bench-results.mjs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { IDS, startServer } from '../tests/replica/serve.mjs';
import { CHROMIUM_EXTENSION, chromiumExtensionUrl, launchChromium } from '../tests/e2e/harness/browsers.mjs';
import { writeLargeHar } from '../tests/e2e/harness/large-har.mjs';
import { until, waitForBanner } from '../tests/e2e/harness/banner-page.mjs';
import { appendResults, commandLine } from './bench-results.mjs';
import { extensionMemory, nativeMemory } from './analyzer-memory.mjs';

const RUNS = 5;
const HOOK_CALLS = 500; // per batch: 5 µs ticks are 10 ns a call
const HOOK_ROUNDS = 60;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(1)} ms`;

// In the page (main world), before its scripts: when a banner host becomes visible, record the
// (absolute) times it painted: `task`, the task after the next animation frame's (its paint
// done), and `frames`, two animation frames later (as earlier runs measured). Serialized into the
// page, so self-contained (the pages' CSP forbids building functions from text).
function recordBannerPaints() {
  window.__bannerPaints = [];
  const record = (marker) => window.__bannerPaints.push({ marker, at: performance.timeOrigin + performance.now() });
  new MutationObserver((records) => {
    for (const r of records) {
      if (!r.target.hasAttribute('data-visible')) continue;
      requestAnimationFrame(() => {
        setTimeout(() => record('task'), 0);
        requestAnimationFrame(() => record('frames'));
      });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-visible'] });
}

/** Absolute time (ms since the epoch, sub-millisecond) of a page's latest response matching `part`. */
const responseEndAt = (page, part) =>
  page.evaluate((p) => {
    const entry = performance.getEntriesByType('resource').filter((e) => e.name.includes(p)).at(-1);
    return entry ? performance.timeOrigin + entry.responseEnd : null;
  }, part);

/** The first banner's paint times, { task, frames }, once both are recorded. */
const bannerPainted = (page) =>
  until('a paint', () => page.evaluate(() => {
    const at = (marker) => window.__bannerPaints.find((p) => p.marker === marker)?.at;
    return at('task') && at('frames') ? { task: at('task'), frames: at('frames') } : null;
  }));

/** The banner frame of `subject`. */
const bannerFrame = async (page, subject) => (await page.$(`[data-caldoctor-subject="${subject}"] iframe`)).contentFrame();

/**
 * In the banner frame: marks its document and its Wasm app, then resolves to a function giving
 * the absolute times its banner next re-renders and paints ({ task, frames }, or null before),
 * with whether the same document and Wasm instance did it (both marks still there).
 */
async function nextFramePaint(page, subject) {
  const frame = await bannerFrame(page, subject);
  await frame.evaluate(() => {
    window.__painted = {};
    window.__sameDocument = true;
    globalThis.caldoctorBanner.__mark = true;
    const record = (marker) => (window.__painted[marker] = performance.timeOrigin + performance.now());
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => {
        setTimeout(() => record('task'), 0);
        requestAnimationFrame(() => record('frames'));
      });
    });
    observer.observe(document.getElementById('banner'), { childList: true, subtree: true });
  });
  return () => frame.evaluate(() => window.__painted.task && window.__painted.frames ? {
    ...window.__painted,
    // banner.js instantiates the Wasm once per document and holds its app in caldoctorBanner.
    reused: window.__sameDocument === true && globalThis.caldoctorBanner?.__mark === true,
  } : null);
}

/** One run of the three banner latencies, each { task, frames } (null when the sample is lost). */
async function bannerRun(context, server) {
  const control = (what) => fetch(`${server.url}/__control/${what}`).then((r) => r.text());
  const since = (painted, at) => painted && at !== null ? { task: painted.task - at, frames: painted.frames - at } : null;
  await control('reset');
  const page = await context.newPage();
  await page.addInitScript(recordBannerPaints);
  await page.goto(`${server.url}/workspaces/${IDS.workspaceA}?poll=1000`);
  await waitForBanner(page, IDS.workspaceA);
  const first = since(await bannerPainted(page), await responseEndAt(page, 'userStatuses'));

  // Later on the same page, once the banner has settled: the next poll brings another
  // description (the hostile scenario), the banner re-renders in place.
  await until('four polls', () => page.evaluate(() => window.__replica.polls >= 4));
  // A sample is lost (not counted) if the frame happened to be re-inserted meanwhile.
  const painted = await nextFramePaint(page, IDS.workspaceA).catch(() => null);
  await control('scenario?set=hostile');
  const later = painted && (await until('the re-render', painted, 5000).catch(() => null));
  const update = since(later, await responseEndAt(page, 'userStatuses'));
  const reused = later?.reused ?? null;

  // An in-app navigation to another subject: a new frame, on a page that already made one.
  await page.evaluate(() => { window.__bannerPaints = []; performance.clearResourceTimings(); });
  await page.$eval(`[data-place-id="${IDS.workspaceC}"]`, (a) => a.click());
  await waitForBanner(page, IDS.workspaceC);
  const navigation = since(await bannerPainted(page), await responseEndAt(page, 'userStatuses'));
  await page.close();
  await control('reset');
  return { first, navigation, update, reused };
}

/**
 * RUNS runs of each build, interleaved (alternating which goes first): { [name]: { first,
 * navigation, update: { task: [ms…], frames: [ms…] }, reused: [bool…] } }.
 */
async function bannerLatency(builds, server) {
  const samples = Object.fromEntries(builds.map(({ name }) => [name, { first: { task: [], frames: [] }, navigation: { task: [], frames: [] }, update: { task: [], frames: [] }, reused: [] }]));
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? [...builds].reverse() : builds;
    for (const { name, context } of order) {
      const result = await bannerRun(context, server);
      for (const what of ['first', 'navigation', 'update']) {
        if (!result[what]) continue;
        samples[name][what].task.push(result[what].task);
        samples[name][what].frames.push(result[what].frames);
      }
      if (result.reused !== null) samples[name].reused.push(result.reused);
    }
  }
  return samples;
}

// The hook's cost: three same-origin (about:blank) frames of one page, each timing its own calls with the same
// code built by that frame's own Function (no call crosses realms); the built MAIN-world scripts
// (dist/chromium-test/page/: the shared tables, then hook.js) run in one of them, `hooked`, as
// the extension runs them in Control Hub's top frame; `A` and `B` stay unwrapped. Cross-origin
// isolated (?isolated=1), so performance.now() ticks in 5 µs. Per call, in batches of HOOK_CALLS:
//   invalid    fetch of a URL that fails to parse: the hook's whole non-matching path (its Proxy
//              and one scan of a URL of usual length) while the native part is cheap
//   data       fetch of a data: URL, the call alone, and to the body read (what a page pays)
//   open       XMLHttpRequest.open of a non-matching URL
// A fourth frame has fetch and open behind a bare Proxy (BARE_PROXIES): what wrapping costs at all.
// Rounds interleaved, the order of the four frames rotating. The hook's cost is the median of
// the paired differences hooked − A (and ratios hooked / A); the noise floor is the same for the
// two unwrapped frames, B against A: what the method reports where there is no difference.
const HOOK_TIMING = `
  const invalid = 'https://[admin.webex.com]/identity/scim/1eb65fdf-9643-417f-9974-ad72cae0e10f/v1/Users/e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60';
  const data = 'data:application/json,%7B%7D';
  // An API the doctor does not read (SCIM users it does read, as the org's directory).
  const other = location.origin + '/locus/api/v1/loci/e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60';
  return {
    async fetch(url, calls) {
      const pending = new Array(calls);
      const start = performance.now();
      for (let i = 0; i < calls; i++) pending[i] = fetch(url === 'data' ? data : invalid);
      const called = performance.now();
      await Promise.all(pending.map((p) => p.then((r) => r.text(), () => null)));
      return { call: called - start, total: performance.now() - start };
    },
    open(calls) {
      const xhrs = [];
      for (let i = 0; i < calls; i++) xhrs.push(new XMLHttpRequest());
      const start = performance.now();
      for (let i = 0; i < calls; i++) xhrs[i].open('GET', other);
      return performance.now() - start;
    },
  };`;
const HOOK_MEASURES = ['invalid', 'data', 'dataTotal', 'open'];
const HOOK_FRAMES = ['hooked', 'proxied', 'A', 'B'];
// What any wrapper costs, whatever it does: fetch and open behind a Proxy that only calls them.
const BARE_PROXIES = `for (const [o, k] of [[window, 'fetch'], [XMLHttpRequest.prototype, 'open']]) {
  o[k] = new Proxy(o[k], { __proto__: null, apply: (target, self, args) => Reflect.apply(target, self, args) });
}`;
const HOOK_SCRIPTS = ['page/shared/protocol.js', 'page/shared/endpoints.js', 'page/hook.js'].map((file) => path.join(CHROMIUM_EXTENSION, file));

/** Per measure: the medians, the hook's and a bare Proxy's added cost, the hook's ratio, the noise floor. */
async function hookCost(context, server) {
  const page = await context.newPage();
  await page.goto(`${server.url}/services?isolated=1`);
  return page.evaluate(async ({ source, scripts, proxies, calls, rounds, names }) => {
    if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated: 100 µs timers');
    // about:blank frames: the page's origin and isolation, no content script, nothing running.
    const frames = names.map(() => document.body.appendChild(document.createElement('iframe')).contentWindow);
    const hooked = frames[names.indexOf('hooked')];
    const run = (w, text) => {
      const script = w.document.createElement('script');
      script.textContent = text;
      w.document.documentElement.append(script);
    };
    for (const text of scripts) run(hooked, text);
    run(frames[names.indexOf('proxied')], proxies);
    if (!Object.getOwnPropertyDescriptor(hooked, Symbol.for('caldoctor.hook'))) throw new Error('the hook did not run');
    const timers = frames.map((w) => new w.Function(source)());
    const measures = {
      invalid: async (t) => (await t.fetch('invalid', calls)).call,
      data: async (t) => (await t.fetch('data', calls)).call,
      dataTotal: async (t) => (await t.fetch('data', calls)).total,
      open: async (t) => t.open(calls),
    };
    const samples = Object.fromEntries(Object.keys(measures).map((m) => [m, Object.fromEntries(names.map((n) => [n, []]))]));
    for (let round = -3; round < rounds; round++) { // three rounds of warm-up
      for (const [m, run] of Object.entries(measures)) {
        for (let k = 0; k < names.length; k++) {
          const i = (k + round + names.length) % names.length;
          const ns = ((await run(timers[i])) / calls) * 1e6;
          if (round >= 0) samples[m][names[i]].push(ns);
        }
      }
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const paired = (m, x, f) => median(samples[m][x].map((v, i) => f(v, samples[m].A[i])));
    return Object.fromEntries(Object.keys(measures).map((m) => [m, {
      hooked: median(samples[m].hooked),
      unwrapped: median(samples[m].A),
      added: paired(m, 'hooked', (h, a) => h - a),
      ratio: paired(m, 'hooked', (h, a) => h / a),
      proxyAdded: paired(m, 'proxied', (p, a) => p - a),
      floorAdded: paired(m, 'B', (b, a) => b - a),
      floorRatio: paired(m, 'B', (b, a) => b / a),
    }]));
  }, { source: HOOK_TIMING, scripts: HOOK_SCRIPTS.map((file) => readFileSync(file, 'utf8')), proxies: BARE_PROXIES, calls: HOOK_CALLS, rounds: HOOK_ROUNDS, names: HOOK_FRAMES });
}

/** The analyzer's time on `file`, three runs in one page, against file.text() + JSON.parse. */
async function analyzerOnLargeHar(context, file) {
  const page = await context.newPage();
  await page.goto(`${await chromiumExtensionUrl(context)}analyzer.html`);
  await page.waitForSelector('[data-caldoctor="file"]');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'measure-input';
    input.hidden = true;
    document.body.append(input);
    window.__stall = { longest: 0, last: performance.now() };
    setInterval(() => {
      const now = performance.now();
      window.__stall.longest = Math.max(window.__stall.longest, now - window.__stall.last);
      window.__stall.last = now;
    }, 10);
  });
  const runs = [];
  for (let run = 0; run < 3; run++) {
    await page.evaluate(() => { window.__stall.longest = 0; window.__stall.last = performance.now(); window.__start = performance.now(); });
    const before = await page.$$eval('[data-caldoctor="files"] li', (items) => items.length);
    await page.setInputFiles('[data-caldoctor="file"]', file);
    await page.waitForFunction((n) => document.querySelectorAll('[data-caldoctor="files"] li').length > n && document.querySelector('[data-finding]'), before, { timeout: 120000 });
    const analyzer = await page.evaluate(() => ({ ms: performance.now() - window.__start, stall: window.__stall.longest }));
    await page.setInputFiles('#measure-input', file);
    const parse = await page.evaluate(async () => {
      const file = document.getElementById('measure-input').files[0];
      const start = performance.now();
      const text = await file.text();
      const read = performance.now();
      JSON.parse(text);
      const end = performance.now();
      return { ms: end - start, read: read - start, parse: end - read };
    });
    runs.push({ analyzer, parse });
  }
  await page.close();
  return runs;
}

const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The analyzer on a generated 100 MB HAR: its time against read + JSON.parse, then its memory
 * and the native CLI's on the same file (analyzer-memory.mjs), printed and into `records`.
 */
async function recordLargeHar(context, records, command) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-measure-'));
  try {
    const file = path.join(dir, 'large.har');
    const { bytes } = writeLargeHar(file, 100 * 1024 * 1024);
    const runs = await analyzerOnLargeHar(context, file);
    const a = median(runs.map((r) => r.analyzer.ms));
    const p = median(runs.map((r) => r.parse.ms));
    console.log(`analyzer on a ${MB(bytes)} HAR (median of ${runs.length}, same page):`);
    console.log(`  file picked → findings shown: ${ms(a)}; the page's longest stall meanwhile: ${ms(median(runs.map((r) => r.analyzer.stall)))}`);
    console.log(`  file.text() + JSON.parse of the same file: ${ms(p)} (read ${ms(median(runs.map((r) => r.parse.read)))}, parse ${ms(median(runs.map((r) => r.parse.parse)))}) — main thread blocked throughout the parse`);
    console.log(`  ratio analyzer / (read + JSON.parse): ${(a / p).toFixed(2)}`);
    records.push(
      { name: 'analyzer.large_har.bytes', value: bytes, unit: 'bytes', command },
      { name: 'analyzer.large_har.findings_shown', value: a, unit: 'ms', stat: 'median', runs: runs.map((r) => r.analyzer.ms), command },
      { name: 'analyzer.large_har.longest_stall', value: median(runs.map((r) => r.analyzer.stall)), unit: 'ms', stat: 'median', command },
      { name: 'analyzer.large_har.read_and_parse', value: p, unit: 'ms', stat: 'median', runs: runs.map((r) => r.parse.ms), command },
      { name: 'analyzer.large_har.ratio', value: a / p, unit: 'ratio', stat: 'median', command },
    );

    const extension = await extensionMemory(file);
    const native = nativeMemory(file);
    const times = (value) => `${(value / bytes).toFixed(2)}×`;
    const wasm = extension.wasm.worker + extension.wasm.page;
    const added = extension.peak - extension.before;
    console.log(`memory on the same ${MB(bytes)} HAR, as multiples of the file's bytes (one analysis each):`);
    console.log(`  analyzer page, the extension's renderer process (page, worker, service worker), peak RSS: ${MB(extension.peak)} = ${times(extension.peak)};`
      + ` above its ${MB(extension.before)} before the file was picked: ${MB(added)} = ${times(added)}`);
    console.log(`    of which Wasm linear memory at the end (its peak): worker ${MB(extension.wasm.worker)}, page ${MB(extension.wasm.page)} = ${times(wasm)}`);
    console.log(`  native, caldoctor explain, peak RSS: ${native.skipped ? `not measured: ${native.skipped}` : `${MB(native.peak)} = ${times(native.peak)}`}`);
    const rss = 'VmHWM of the extension renderer process (page, worker, service worker), reset just before the file is picked, read when the findings are shown';
    const linear = 'byteLength of every WebAssembly.Memory of the worker and the page when the findings are shown (linear memory never shrinks)';
    const time = 'GNU time %M of caldoctor explain FILE (target/release)';
    const single = (name, value, unit, method) => ({ name, value, unit, stat: 'single', method, command });
    records.push(
      single('analyzer.large_har.memory.peak_rss', extension.peak, 'bytes', rss),
      single('analyzer.large_har.memory.peak_rss.ratio', extension.peak / bytes, 'ratio', `${rss}, over the file's bytes`),
      single('analyzer.large_har.memory.rss_before', extension.before, 'bytes', 'VmRSS of the extension renderer process just before the file is picked'),
      single('analyzer.large_har.memory.added_rss.ratio', added / bytes, 'ratio', `${rss}, less its VmRSS before, over the file's bytes`),
      single('analyzer.large_har.memory.wasm', wasm, 'bytes', linear),
      single('analyzer.large_har.memory.wasm.ratio', wasm / bytes, 'ratio', `${linear}, over the file's bytes`),
    );
    if (!native.skipped) {
      records.push(
        single('explain.large_har.memory.peak_rss', native.peak, 'bytes', time),
        single('explain.large_har.memory.peak_rss.ratio', native.peak / bytes, 'ratio', `${time}, over the file's bytes`),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LATENCIES = [
  ['first', 'first banner on a freshly loaded page'],
  ['navigation', 'first banner after an in-app navigation'],
  ['update', 'later update of a shown banner (next poll)'],
];

/**
 * Measures the banner's latency in `browser` and in each of `others` (the `--compare` builds,
 * interleaved) into `records`.
 */
async function recordBannerLatency(browser, others, server, records, command) {
  const builds = [{ name: 'split', context: browser.context }, ...others.map(({ name, context }) => ({ name, context }))];
  const latency = await bannerLatency(builds, server);
  const runs = (values) => values.map((v) => v.toFixed(0)).join(', ');
  const named = others.map(({ name, dir }) => `${name} = ${path.relative(process.cwd(), dir)}`).join(', ');
  console.log(`banner latency, matching response end → banner painted (headless Chromium, median of ${RUNS}${others.length ? `, interleaved: split = this build's banner module, ${named}` : ''}):`);
  for (const [what, label] of LATENCIES) {
    const line = builds.map(({ name }) => {
      const { task, frames } = latency[name][what];
      for (const [marker, values] of [['task', task], ['frames', frames]]) {
        if (values.length) records.push({ name: `banner.${what}${marker === 'frames' ? '.two_frames' : ''}`, variant: name, value: median(values), unit: 'ms', stat: 'median', runs: values, command });
      }
      return task.length ? `${name} ${ms(median(task))} (two frames later ${ms(median(frames))}; runs ${runs(task)})` : `${name} no sample`;
    });
    console.log(`  ${label}: ${line.join('  |  ')}`);
  }
  for (const { name } of builds) {
    const reused = latency[name].reused;
    console.log(`  ${name}: later updates re-rendered by the same frame document and Wasm instance: ${reused.filter(Boolean).length} of ${reused.length}`);
    records.push({ name: 'banner.update.same_instance', variant: name, value: reused.filter(Boolean).length, unit: 'runs', stat: `of ${reused.length}`, command });
  }
}

async function main() {
  const args = process.argv.slice(2);
  // `--compare DIR` (repeatable): the first is `one` (the one-module design), the others are
  // named by their folder, e.g. an earlier tree's dist/chromium-test for a before/after.
  const compares = args.flatMap((arg, i) => (arg === '--compare' ? [args[i + 1]] : []));
  if (compares.some((dir) => !dir)) throw new Error('--compare needs the folder of another chromium-test build');
  const command = commandLine();
  const records = [];
  const server = await startServer({ port: 0, csp: 'strict' });
  const open = await startServer({ port: 0 }); // no CSP: data: URLs may be fetched
  const browser = await launchChromium();
  const others = [];
  for (const [i, dir] of compares.entries()) {
    const name = i === 0 ? 'one' : path.basename(path.dirname(path.resolve(dir)));
    others.push({ name, dir: path.resolve(dir), ...(await launchChromium({ extension: path.resolve(dir) })) });
  }
  try {
    const analyzerOnly = args.includes('--analyzer-only');
    if (!args.includes('--hook-only') && !analyzerOnly) await recordBannerLatency(browser, others, server, records, command);
    if (args.includes('--banner-only')) return appendResults(records);
    if (analyzerOnly) {
      await recordLargeHar(browser.context, records, command);
      return appendResults(records);
    }

    const cost = await hookCost(browser.context, open);
    const LABELS = {
      invalid: 'fetch, the call, a URL that fails to parse (the native part cheap)',
      data: 'fetch, the call, data: URL',
      dataTotal: 'fetch, call to body read, data: URL',
      open: 'XMLHttpRequest.open',
    };
    const ns = (value) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(0)} ns`;
    console.log(`hook cost per non-matching call (batches of ${HOOK_CALLS}, ${HOOK_ROUNDS} interleaved rounds, four frames of one page; medians):`);
    for (const measure of HOOK_MEASURES) {
      const c = cost[measure];
      console.log(`  ${LABELS[measure]}: hooked ${c.hooked.toFixed(0)} ns, unwrapped ${c.unwrapped.toFixed(0)} ns; the hook ${ns(c.added)}, ratio ${c.ratio.toFixed(3)}`
        + ` (a bare Proxy ${ns(c.proxyAdded)}; noise floor ${ns(c.floorAdded)}, ratio ${c.floorRatio.toFixed(3)})`);
      const name = `hook.${measure === 'dataTotal' ? 'data_total' : measure}`;
      records.push(
        { name, variant: 'hooked', value: c.hooked, unit: 'ns', stat: 'median', command },
        { name, variant: 'unwrapped', value: c.unwrapped, unit: 'ns', stat: 'median', command },
        { name: `${name}.added`, value: c.added, unit: 'ns', stat: 'median of paired differences', command },
        { name: `${name}.ratio`, value: c.ratio, unit: 'ratio', stat: 'median of paired ratios', command },
        { name: `${name}.proxy.added`, value: c.proxyAdded, unit: 'ns', stat: 'median of paired differences, a bare Proxy', command },
        { name: `${name}.floor.added`, value: c.floorAdded, unit: 'ns', stat: 'median of paired differences of two unwrapped frames', command },
        { name: `${name}.floor.ratio`, value: c.floorRatio, unit: 'ratio', stat: 'median of paired ratios of two unwrapped frames', command },
      );
    }
    if (args.includes('--hook-only')) return appendResults(records);

    await recordLargeHar(browser.context, records, command);
    appendResults(records);
  } finally {
    for (const other of others) await other.close();
    await browser.close();
    await server.close();
    await open.close();
  }
}

main().catch((error) => {
  console.error(`measurement failed: ${error.stack}`);
  process.exit(1);
});

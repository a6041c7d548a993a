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
//   2. the hook's cost per non-matching fetch: the page's (wrapped) fetch against an unwrapped
//      fetch of a same-origin iframe (content scripts run in the top frame only), side by side
//   3. the analyzer on a generated 100 MB HAR: from the file picked to the findings shown, and
//      the page's longest stall meanwhile, against reading the same file and JSON.parse of it
//      in the same page
// Every figure also goes to target/bench/results.json (tools/bench-results.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { IDS, startServer } from '../tests/replica/serve.mjs';
import { chromiumExtensionUrl, launchChromium } from '../tests/e2e/harness/browsers.mjs';
import { writeLargeHar } from '../tests/e2e/harness/large-har.mjs';
import { until, waitForBanner } from '../tests/e2e/harness/banner-page.mjs';
import { appendResults, commandLine } from './bench-results.mjs';

const RUNS = 5;
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

async function hookCost(context, server) {
  const page = await context.newPage();
  await page.goto(`${server.url}/services`);
  return page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.src = '/assets/favicon.svg'; // same origin, no content scripts: its fetch is native
    await new Promise((resolve) => { frame.onload = resolve; document.body.append(frame); });
    const wrapped = window.fetch;
    const native = frame.contentWindow.fetch;
    const url = 'data:application/json,%7B%7D'; // non-matching, no network
    const CALLS = 200;
    const ROUNDS = 100;
    const time = async (fetch, self) => {
      const start = performance.now();
      const pending = [];
      for (let i = 0; i < CALLS; i++) pending.push(fetch.call(self, url));
      const called = performance.now();
      await Promise.all(pending.map((p) => p.then((r) => r.text())));
      return { call: called - start, total: performance.now() - start };
    };
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    for (let i = 0; i < 5; i++) await time(wrapped, window), await time(native, frame.contentWindow); // warm up
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Side by side, alternating which goes first, so drift hits both alike.
      const measure = { wrapped: () => time(wrapped, window), native: () => time(native, frame.contentWindow) };
      const order = round % 2 ? ['native', 'wrapped'] : ['wrapped', 'native'];
      const t = {};
      for (const which of order) t[which] = await measure[which]();
      rounds.push(t);
    }
    const perCall = (which, part, scale) => (median(rounds.map((r) => r[which][part])) / CALLS) * scale;
    return {
      calls: CALLS * ROUNDS,
      callNs: { wrapped: perCall('wrapped', 'call', 1e6), native: perCall('native', 'call', 1e6) },
      totalUs: { wrapped: perCall('wrapped', 'total', 1e3), native: perCall('native', 'total', 1e3) },
      callRatio: median(rounds.map((r) => r.wrapped.call / r.native.call)),
      totalRatio: median(rounds.map((r) => r.wrapped.total / r.native.total)),
    };
  });
}

async function analyzerOnLargeHar(context) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-measure-'));
  try {
    const file = path.join(dir, 'large.har');
    const { bytes } = writeLargeHar(file, 100 * 1024 * 1024);
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
    return { bytes, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LATENCIES = [
  ['first', 'first banner on a freshly loaded page'],
  ['navigation', 'first banner after an in-app navigation'],
  ['update', 'later update of a shown banner (next poll)'],
];

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

    if (args.includes('--banner-only')) return appendResults(records);

    const cost = await hookCost(browser.context, open);
    console.log(`hook cost per non-matching fetch (${cost.calls} data: URL fetches each, in rounds of 200 side by side; medians):`);
    console.log(`  the call itself: wrapped ${cost.callNs.wrapped.toFixed(0)} ns, unwrapped ${cost.callNs.native.toFixed(0)} ns, ratio ${cost.callRatio.toFixed(2)}`);
    console.log(`  call to body read: wrapped ${cost.totalUs.wrapped.toFixed(1)} µs, unwrapped ${cost.totalUs.native.toFixed(1)} µs, ratio ${cost.totalRatio.toFixed(2)}`);
    records.push(
      { name: 'hook.call.wrapped', value: cost.callNs.wrapped, unit: 'ns', stat: 'median', command },
      { name: 'hook.call.native', value: cost.callNs.native, unit: 'ns', stat: 'median', command },
      { name: 'hook.call.ratio', value: cost.callRatio, unit: 'ratio', stat: 'median', command },
      { name: 'hook.total.wrapped', value: cost.totalUs.wrapped, unit: 'µs', stat: 'median', command },
      { name: 'hook.total.native', value: cost.totalUs.native, unit: 'µs', stat: 'median', command },
      { name: 'hook.total.ratio', value: cost.totalRatio, unit: 'ratio', stat: 'median', command },
    );

    const large = await analyzerOnLargeHar(browser.context);
    const a = median(large.runs.map((r) => r.analyzer.ms));
    const p = median(large.runs.map((r) => r.parse.ms));
    console.log(`analyzer on a ${(large.bytes / 1024 / 1024).toFixed(1)} MB HAR (median of ${large.runs.length}, same page):`);
    console.log(`  file picked → findings shown: ${ms(a)}; the page's longest stall meanwhile: ${ms(median(large.runs.map((r) => r.analyzer.stall)))}`);
    console.log(`  file.text() + JSON.parse of the same file: ${ms(p)} (read ${ms(median(large.runs.map((r) => r.parse.read)))}, parse ${ms(median(large.runs.map((r) => r.parse.parse)))}) — main thread blocked throughout the parse`);
    console.log(`  ratio analyzer / (read + JSON.parse): ${(a / p).toFixed(2)}`);
    records.push(
      { name: 'analyzer.large_har.bytes', value: large.bytes, unit: 'bytes', command },
      { name: 'analyzer.large_har.findings_shown', value: a, unit: 'ms', stat: 'median', runs: large.runs.map((r) => r.analyzer.ms), command },
      { name: 'analyzer.large_har.longest_stall', value: median(large.runs.map((r) => r.analyzer.stall)), unit: 'ms', stat: 'median', command },
      { name: 'analyzer.large_har.read_and_parse', value: p, unit: 'ms', stat: 'median', runs: large.runs.map((r) => r.parse.ms), command },
      { name: 'analyzer.large_har.ratio', value: a / p, unit: 'ratio', stat: 'median', command },
    );
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

#!/usr/bin/env node
// Browser-side measurements for `make bench`, in headless Chromium with dist/chromium-test on the
// replica. Prints, never asserts (the machines are shared and noisy; ratios are measured side by
// side in one run):
//   1. time from a matching response's end to the banner painted: the first banner of a freshly
//      loaded page, the first after an in-app navigation, and a later update of a shown banner
//      (a poll bringing another description); median of several runs each
//   2. the hook's cost per non-matching fetch: the page's (wrapped) fetch against an unwrapped
//      fetch of a same-origin iframe (content scripts run in the top frame only), side by side
//   3. the analyzer on a generated 100 MB HAR: from the file picked to the findings shown, and
//      the page's longest stall meanwhile, against reading the same file and JSON.parse of it
//      in the same page
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { IDS, startServer } from '../tests/replica/serve.mjs';
import { chromiumExtensionUrl, launchChromium } from '../tests/e2e/harness/browsers.mjs';
import { writeLargeHar } from '../tests/e2e/harness/large-har.mjs';
import { until, waitForBanner } from '../tests/e2e/harness/banner-page.mjs';

const RUNS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(1)} ms`;

// In the page (main world), before its scripts: when a banner host becomes visible, record
// performance.now() after the next paint (two animation frames).
function recordBannerPaints() {
  window.__bannerPaints = [];
  new MutationObserver((records) => {
    for (const r of records) {
      if (!r.target.hasAttribute('data-visible')) continue;
      requestAnimationFrame(() => requestAnimationFrame(() => window.__bannerPaints.push({ what: 'shown', at: performance.now() })));
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-visible'] });
}

/** responseEnd of the latest resource whose URL contains `part`. */
const responseEnd = (page, part) =>
  page.evaluate((p) => performance.getEntriesByType('resource').filter((e) => e.name.includes(p)).at(-1)?.responseEnd ?? null, part);

/** Absolute time (ms since the epoch, sub-millisecond) of a page's latest response matching `part`. */
const responseEndAt = (page, part) =>
  page.evaluate((p) => {
    const entry = performance.getEntriesByType('resource').filter((e) => e.name.includes(p)).at(-1);
    return entry ? performance.timeOrigin + entry.responseEnd : null;
  }, part);

/** In the banner frame: the absolute time its banner next re-renders and paints. */
async function nextFramePaint(page, subject) {
  const frame = await (await page.$(`[data-caldoctor-subject="${subject}"] iframe`)).contentFrame();
  await frame.evaluate(() => {
    window.__painted = null;
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => (window.__painted = performance.timeOrigin + performance.now())));
    });
    observer.observe(document.getElementById('banner'), { childList: true, subtree: true });
  });
  return () => frame.evaluate(() => window.__painted);
}

async function bannerLatency(context, server) {
  const first = [];
  const navigation = [];
  const update = [];
  const control = (what) => fetch(`${server.url}/__control/${what}`).then((r) => r.text());
  for (let run = 0; run < RUNS; run++) {
    await control('reset');
    const page = await context.newPage();
    await page.addInitScript(recordBannerPaints);
    await page.goto(`${server.url}/workspaces/${IDS.workspaceA}?poll=1000`);
    await waitForBanner(page, IDS.workspaceA);
    const shown = await until('a paint', () => page.evaluate(() => window.__bannerPaints.find((p) => p.what === 'shown')?.at));
    first.push(shown - (await responseEnd(page, 'userStatuses')));

    // Later on the same page, once the banner has settled: the next poll brings another
    // description (the hostile scenario), the banner re-renders in place.
    await until('four polls', () => page.evaluate(() => window.__replica.polls >= 4));
    const painted = await nextFramePaint(page, IDS.workspaceA);
    await control('scenario?set=hostile');
    // A sample is lost (not counted) if the frame happened to be re-inserted meanwhile.
    const at = await until('the re-render', painted, 5000).catch(() => null);
    if (at !== null) update.push(at - (await responseEndAt(page, 'userStatuses')));

    // An in-app navigation to another subject: a new frame, on a page that already made one.
    await page.evaluate(() => { window.__bannerPaints = []; performance.clearResourceTimings(); });
    await page.$eval(`[data-place-id="${IDS.workspaceC}"]`, (a) => a.click());
    await waitForBanner(page, IDS.workspaceC);
    const next = await until('a paint', () => page.evaluate(() => window.__bannerPaints.find((p) => p.what === 'shown')?.at));
    navigation.push(next - (await responseEnd(page, 'userStatuses')));
    await page.close();
  }
  await control('reset');
  return { first, navigation, update };
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

async function main() {
  const server = await startServer({ port: 0, csp: 'strict' });
  const open = await startServer({ port: 0 }); // no CSP: data: URLs may be fetched
  const browser = await launchChromium();
  try {
    const latency = await bannerLatency(browser.context, server);
    console.log(`banner latency, matching response end → banner painted (headless Chromium, median of ${RUNS}):`);
    console.log(`  first banner on a freshly loaded page: ${ms(median(latency.first))}   (runs: ${latency.first.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  first banner after an in-app navigation: ${ms(median(latency.navigation))}   (runs: ${latency.navigation.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  later update of a shown banner (next poll): ${ms(median(latency.update))}   (runs: ${latency.update.map((v) => v.toFixed(0)).join(', ')})`);

    const cost = await hookCost(browser.context, open);
    console.log(`hook cost per non-matching fetch (${cost.calls} data: URL fetches each, in rounds of 200 side by side; medians):`);
    console.log(`  the call itself: wrapped ${cost.callNs.wrapped.toFixed(0)} ns, unwrapped ${cost.callNs.native.toFixed(0)} ns, ratio ${cost.callRatio.toFixed(2)}`);
    console.log(`  call to body read: wrapped ${cost.totalUs.wrapped.toFixed(1)} µs, unwrapped ${cost.totalUs.native.toFixed(1)} µs, ratio ${cost.totalRatio.toFixed(2)}`);

    const large = await analyzerOnLargeHar(browser.context);
    const a = median(large.runs.map((r) => r.analyzer.ms));
    const p = median(large.runs.map((r) => r.parse.ms));
    console.log(`analyzer on a ${(large.bytes / 1024 / 1024).toFixed(1)} MB HAR (median of ${large.runs.length}, same page):`);
    console.log(`  file picked → findings shown: ${ms(a)}; the page's longest stall meanwhile: ${ms(median(large.runs.map((r) => r.analyzer.stall)))}`);
    console.log(`  file.text() + JSON.parse of the same file: ${ms(p)} (read ${ms(median(large.runs.map((r) => r.parse.read)))}, parse ${ms(median(large.runs.map((r) => r.parse.parse)))}) — main thread blocked throughout the parse`);
    console.log(`  ratio analyzer / (read + JSON.parse): ${(a / p).toFixed(2)}`);
  } finally {
    await browser.close();
    await server.close();
    await open.close();
  }
}

main().catch((error) => {
  console.error(`measurement failed: ${error.stack}`);
  process.exit(1);
});

#!/usr/bin/env node
// What a Control Hub page without Hybrid Calendar content pays for the extension, for `make
// bench`: in headless Chromium with dist/chromium-test, RUNS fresh loads of the replica's
// workspace list (no Hybrid Calendar response) and five in-app navigations by click on each,
// traced (devtools.timeline). Prints, never asserts: the median time each content script takes
// to run at document_start, and each extension function the page's events called (the Tenant
// details watcher's click listener and its one look, the adapter's navigation listener).
import { IDS, startServer } from '../tests/replica/serve.mjs';
import { launchChromium } from '../tests/e2e/harness/browsers.mjs';

const RUNS = 7;
const CLICKS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const EXTENSION_URL = /^chrome-extension:\/\/[^/]+\//;

/** The trace of one fresh load of `url` and CLICKS in-app navigations. */
async function traceLoad(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  await page.goto(url);
  await page.waitForSelector(`[data-testid="workspace-link"][data-place-id="${IDS.workspaceA}"]`);
  for (let i = 0; i < CLICKS; i++) await page.click('[data-testid="nav-workspaces"]');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return events.filter((e) => e.dur && EXTENSION_URL.test(e.args?.data?.url ?? ''));
}

const server = await startServer({ port: 0 });
const browser = await launchChromium();
try {
  /** @type {Record<string, number[]>} */
  const started = {};
  /** @type {Record<string, number[]>} */
  const called = {};
  for (let run = 0; run < RUNS; run++) {
    for (const e of await traceLoad(browser.context, `${server.url}/workspaces`)) {
      const file = e.args.data.url.replace(EXTENSION_URL, '');
      if (e.name === 'EvaluateScript') (started[file] ??= []).push(e.dur / 1000);
      if (e.name === 'FunctionCall') (called[`${file} ${e.args.data.functionName || '(anonymous)'}`] ??= []).push(e.dur / 1000);
    }
  }
  console.log(`== a page without Hybrid Calendar content: median of ${RUNS} loads, ${CLICKS} in-app navigations each ==`);
  let isolated = 0;
  for (const [file, times] of Object.entries(started)) {
    if (!file.startsWith('page/')) isolated += median(times);
    console.log(`start  ${file.padEnd(28)} ${median(times).toFixed(3)} ms`);
  }
  console.log(`start  isolated world in all        ${isolated.toFixed(3)} ms`);
  for (const [what, times] of Object.entries(called)) {
    console.log(`called ${what.padEnd(44)} ${(times.length / RUNS).toFixed(1)} per load, median ${median(times).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms`);
  }
} finally {
  await browser.close();
  server.close();
}

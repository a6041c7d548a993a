#!/usr/bin/env node
// What a Control Hub page without Hybrid Calendar content pays for the extension, for `make
// bench`, in headless Chromium with dist/chromium-test. Prints, never asserts:
//   1. RUNS fresh loads of the replica's workspace list (no Hybrid Calendar response) and CLICKS
//      in-app navigations by click on each, traced (devtools.timeline): the median time each
//      content script takes to run at document_start, and each extension function the page's
//      events called (the Tenant details watcher's click listener and its one look, the
//      adapter's navigation listener)
//   2. on RUNS other fresh loads, untraced, what the extension loaded into the page
//      (count-extension-loads.mjs): frames, Wasm fetched and Wasm compiled, after the load and
//      CLICKS in-app navigations between the workspace and user lists (expected: none of
//      either). Then, on the same page, the counters' positive controls: an in-app navigation to
//      a workspace, whose status is a matching response (its banner: frames and Wasm), and one
//      empty Wasm module compiled by the page itself (its own target's counter). A control that
//      counts nothing fails the run: its zeros would prove nothing.
// Every figure also goes to target/bench/results.json (tools/bench-results.mjs).
import { IDS, startServer } from '../tests/replica/serve.mjs';
import { chromiumExtensionUrl, launchChromium } from '../tests/e2e/harness/browsers.mjs';
import { waitForBanner } from '../tests/e2e/harness/banner-page.mjs';
import { appendResults, commandLine } from './bench-results.mjs';
import { countExtensionLoads } from './count-extension-loads.mjs';

const RUNS = 7;
const CLICKS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const EXTENSION_URL = /^chrome-extension:\/\/[^/]+\//;
const LIST = `[data-testid="workspace-link"][data-place-id="${IDS.workspaceA}"]`;
const twoFrames = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** The trace of one fresh load of `url` and CLICKS in-app navigations. */
async function traceLoad(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  await page.goto(url);
  await page.waitForSelector(LIST);
  for (let i = 0; i < CLICKS; i++) await page.click('[data-testid="nav-workspaces"]');
  await twoFrames(page);
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return events.filter((e) => e.dur && EXTENSION_URL.test(e.args?.data?.url ?? ''));
}

/** An in-app navigation by clicking `selector`, done when the replica has routed to `route`. */
async function navigate(page, selector, route) {
  await page.click(selector);
  await page.waitForFunction((r) => window.__replica.route === r, route);
}

/**
 * One fresh load of the workspace list and CLICKS in-app navigations, then the controls: what
 * the extension loaded by then ({ none, matching, own }, each the counts so far).
 */
async function countLoad(context, server, origin) {
  const page = await context.newPage();
  const counter = await countExtensionLoads(context, page, origin);
  await page.goto(`${server.url}/workspaces`);
  await page.waitForSelector(LIST);
  for (let i = 0; i < CLICKS; i++) {
    await navigate(page, '[data-testid="nav-users"]', '/users');
    await navigate(page, '[data-testid="nav-workspaces"]', '/workspaces');
  }
  await page.waitForSelector(LIST);
  await twoFrames(page);
  const none = await counter.counts();
  await page.click(LIST);
  await waitForBanner(page, IDS.workspaceA);
  const matching = await counter.counts();
  // The smallest module there is (magic and version): compiled in the page's main world.
  await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
  await counter.compiledByPageAtLeast(matching.compiledByPage + 1).catch(() => null); // a miss fails the run below
  const own = await counter.counts();
  await page.close();
  return { none, matching, own };
}

/** The content scripts' and listeners' times of RUNS traced loads, printed and into `records`. */
async function scriptTimes(context, server, records, command) {
  /** @type {Record<string, number[]>} */
  const started = {};
  /** @type {Record<string, number[]>} */
  const called = {};
  for (let run = 0; run < RUNS; run++) {
    for (const e of await traceLoad(context, `${server.url}/workspaces`)) {
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
    records.push({ name: 'idle.start', variant: file, value: median(times), unit: 'ms', stat: 'median', runs: times, command });
  }
  console.log(`start  isolated world in all        ${isolated.toFixed(3)} ms`);
  records.push({ name: 'idle.start.isolated_world', value: isolated, unit: 'ms', stat: 'sum of medians', command });
  for (const [what, times] of Object.entries(called)) {
    console.log(`called ${what.padEnd(44)} ${(times.length / RUNS).toFixed(1)} per load, median ${median(times).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms`);
    records.push({ name: 'idle.called', variant: what, value: median(times), unit: 'ms', stat: `median, ${(times.length / RUNS).toFixed(1)} per load`, runs: times, command });
  }
}

const COUNTS = [
  ['frames', 'idle.frames', 'extension frames (banners and spares)', 'child frames attached to the page (Playwright frameattached)'],
  ['fetched', 'idle.wasm_fetched', 'Wasm files fetched', 'requests for a .wasm path from the page or its frames (Playwright request)'],
  ['compiled', 'idle.wasm_compiled', 'Wasm modules compiled', "CDP Debugger.scriptParsed in WebAssembly, in the page's target and each extension frame's"],
];

/** What RUNS pages without a matching response loaded, with the controls; printed and into `records`. */
async function loadCounts(context, server, records, command) {
  const origin = await chromiumExtensionUrl(context);
  const loads = [];
  for (let run = 0; run < RUNS; run++) loads.push(await countLoad(context, server, origin));
  const unwatched = loads.flatMap((l) => l.own.unwatched);
  if (unwatched.length) throw new Error(`extension frames the Wasm counter could not watch: ${unwatched.join('; ')}`);
  console.log(`== what the extension loaded, ${RUNS} fresh loads, ${2 * CLICKS} in-app navigations each (max over the loads; the control: min) ==`);
  for (const [what, name, label, method] of COUNTS) {
    const none = loads.map((l) => l.none[what]);
    // The control's own: what the navigation to a matching response added.
    const matching = loads.map((l) => l.matching[what] - l.none[what]);
    if (Math.min(...matching) < 1) throw new Error(`the control counted no ${label} after a matching response: ${matching}`);
    console.log(`  ${label}: no matching response ${Math.max(...none)} (runs ${none.join(', ')}); control, a matching response ${Math.min(...matching)} (runs ${matching.join(', ')})`);
    records.push(
      { name, variant: 'no matching response', value: Math.max(...none), unit: 'count', stat: `max of ${RUNS} loads`, runs: none, method, command },
      { name, variant: 'control: matching response', value: Math.min(...matching), unit: 'count', stat: `min of ${RUNS} loads`, runs: matching, method, command },
    );
  }
  const own = loads.map((l) => l.own.compiledByPage - l.matching.compiledByPage);
  if (Math.min(...own) < 1) throw new Error(`the control counted no Wasm module compiled by the page itself: ${own}`);
  console.log(`  control, an empty module compiled by the page itself: counted ${Math.min(...own)} (runs ${own.join(', ')})`);
  records.push({ name: 'idle.wasm_compiled', variant: 'control: one module compiled by the page', value: Math.min(...own), unit: 'count', stat: `min of ${RUNS} loads`, runs: own, method: COUNTS[2][3], command });
}

const server = await startServer({ port: 0 });
const browser = await launchChromium();
try {
  const command = commandLine();
  const records = [];
  await scriptTimes(browser.context, server, records, command);
  await loadCounts(browser.context, server, records, command);
  appendResults(records);
} finally {
  await browser.close();
  server.close();
}

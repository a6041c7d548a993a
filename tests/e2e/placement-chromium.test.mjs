// Where the banner goes, in Chromium (Playwright, dist/chromium-test) on the Control Hub replica
// with the strict CSP: right under the Office 365 row through 20 re-renders without reloading,
// following scroll, a layout shift and a resize, never over page content, as tall as its content,
// gone after navigating — on pages whose URL names the subject and pages where nothing does, on a
// page that fetches its status once and never polls, in a main area that scrolls on its own, and
// all of it again with a CPU-burning page on a machine kept busy by a second process.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { launchChromium } from './harness/browsers.mjs';
import { describePlacement, placementScenario } from './harness/placement.mjs';
import { until } from './harness/banner-page.mjs';

const A = IDS.workspaceA;
const B = IDS.workspaceB;

let server;
let browser;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Runs the scenario on `path`, counting A's banner frame's navigations as Chromium reports them:
 * those to its URL (a frame's id is in it; the adapter's spare frames, B's page's, have others).
 */
async function check(path) {
  const page = await browser.context.newPage();
  /** @type {string[]} */
  const navigated = [];
  page.on('framenavigated', (frame) => {
    if (frame.url().includes('/banner.html#')) navigated.push(frame.url());
  });
  await page.goto(`${server.url}${path.replace('{A}', A)}`);
  const src = await until("A's frame", () => page.evaluate((a) => document.querySelector(`[data-caldoctor-subject="${a}"] iframe`)?.src, A));
  await placementScenario(page, { subject: A, away: B, setViewport: (size) => page.setViewportSize(size) });
  assert.equal(navigated.filter((url) => url === src).length, 1, 'Chromium saw the banner frame load once');
  assert.equal(new Set(navigated).size, navigated.length, `no banner frame reloaded: ${navigated.join(', ')}`);
  await page.close();
}

describePlacement('Chromium', check);

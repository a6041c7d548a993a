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

/** Runs the scenario on `path`, counting A's banner frame's navigations as Chromium reports them. */
async function check(path) {
  const page = await browser.context.newPage();
  let frameLoads = 0;
  page.on('framenavigated', (frame) => {
    if (frame.url().includes(`/banner.html#${A}.`)) frameLoads++; // B's page may get a (silent) frame of its own
  });
  await page.goto(`${server.url}${path.replace('{A}', A)}`);
  await placementScenario(page, { subject: A, away: B, setViewport: (size) => page.setViewportSize(size) });
  assert.equal(frameLoads, 1, 'Chromium saw the banner frame load once');
  await page.close();
}

describePlacement('Chromium', check);

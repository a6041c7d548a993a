// Where the banner goes, in Chromium (Playwright, dist/chromium-test) on the Control Hub replica
// with the strict CSP: right under the Office 365 row through 20 re-renders without reloading,
// following scroll, a layout shift and a resize, never over page content, as tall as its content,
// gone after navigating — on pages whose URL names the subject and pages where nothing does, on a
// page that fetches its status once and never polls, in a main area that scrolls on its own, and
// all of it again with a CPU-burning page on a machine kept busy by a second process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { launchChromium } from './harness/browsers.mjs';
import { spinElsewhere } from './harness/busy-machine.mjs';
import { placementScenario } from './harness/placement.mjs';

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

const PAGES = {
  'the URL names the subject': '/workspaces/{A}?poll=250',
  'nothing on the page names the subject': '/workspaces/n/1?poll=250&ids=hidden',
  'the status fetched once, never polled, re-rendered': '/workspaces/n/1?fetch=once&rerender=250&ids=hidden',
  'a main area that scrolls on its own': '/workspaces/{A}?poll=250&scroll=main',
};

/** Runs the scenario on `path`, counting the banner frame's navigations as Chromium reports them. */
async function check(path) {
  const page = await browser.context.newPage();
  let frameLoads = 0;
  page.on('framenavigated', (frame) => {
    if (frame.url().includes('/banner.html')) frameLoads++;
  });
  await page.goto(`${server.url}${path.replace('{A}', A)}`);
  await placementScenario(page, { subject: A, away: B, setViewport: (size) => page.setViewportSize(size) });
  assert.equal(frameLoads, 1, 'Chromium saw the banner frame load once');
  await page.close();
}

describe('the banner under the Office 365 row (Chromium)', () => {
  for (const [name, path] of Object.entries(PAGES)) test(name, () => check(path));
});

describe('the banner under the Office 365 row on a loaded machine (Chromium)', () => {
  let busy;
  before(() => {
    busy = spinElsewhere();
  });
  after(() => busy?.stop());
  for (const [name, path] of Object.entries(PAGES)) test(`${name}, with a CPU-burning page`, () => check(`${path}&busy=15`));
});

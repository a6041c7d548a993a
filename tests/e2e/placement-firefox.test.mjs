// Where the banner goes, in Firefox ESR (puppeteer-core over WebDriver BiDi, dist/firefox-test) on
// the Control Hub replica with the strict CSP: the same scenarios as in Chromium — under the
// Office 365 row through 20 re-renders without reloading, following scroll, a layout shift and a
// resize, never over page content, as tall as its content, gone after navigating; URL naming the
// subject or not, a status fetched once, a main area that scrolls; and again under load.
import { after, before } from 'node:test';

import { IDS, startServer } from '../replica/serve.mjs';
import { launchFirefox } from './harness/browsers.mjs';
import { describePlacement, placementScenario } from './harness/placement.mjs';

const A = IDS.workspaceA;
const B = IDS.workspaceB;

let server;
let firefox;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
  firefox = await launchFirefox();
});
after(async () => {
  await firefox?.close();
  await server?.close();
});

async function check(path) {
  const page = await firefox.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${server.url}${path.replace('{A}', A)}`);
  await placementScenario(page, { subject: A, away: B, setViewport: (size) => page.setViewport(size) });
  await page.close();
}

describePlacement('Firefox', check);

// Several Microsoft 365 tenants in Firefox ESR (puppeteer-core over WebDriver BiDi,
// dist/firefox-test) on the replica with ?tenants=several: Tenant details expanded on pages that
// received no Hybrid Calendar response, reached by in-app navigation (pushState) and expanded in
// place, are learned per tenant, and the second tenant's domain gives mailbox-not-found naming it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { launchFirefox } from './harness/browsers.mjs';
import { replica, waitForBanner } from './harness/banner-page.mjs';

const C = IDS.workspaceC;

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

/** A DOM click on the first element `selector` finds (the replica re-renders under the driver's aim). */
const click = (page, selector) => page.$eval(selector, (element) => element.click());

describe('several tenants in Firefox', () => {
  let firefox;
  before(async () => {
    firefox = await launchFirefox();
  });
  after(() => firefox?.close());

  test('learned by in-app navigation without a Hybrid Calendar response; the second tenant named', async () => {
    const page = await firefox.browser.newPage();
    await page.goto(`${server.url}/services?tenants=several&poll=250`);
    await click(page, '[data-testid="open-hybrid-calendar"]');
    await page.waitForSelector('[data-testid="tenant-card"]');
    await page.$$eval('[data-testid="tenant-card"]', (cards) => {
      for (const card of cards.slice(0, 2)) card.querySelector('[data-testid="tenant-details-toggle"]').click();
    });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="tenant-details-panel"]').length === 2);
    assert.equal((await replica(page)).polls, 0, 'no Hybrid Calendar request so far');
    await click(page, '[data-testid="nav-workspaces"]');
    await page.waitForSelector(`[data-testid="workspace-link"][data-place-id="${C}"]`);
    await click(page, `[data-testid="workspace-link"][data-place-id="${C}"]`);
    const banner = await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    assert.match(banner.text, /ciscolive\.com is a domain of Cisco Live Events/);
    await page.close();
  });
});

// Several Microsoft 365 tenants in Chromium (dist/chromium-test) on the replica with
// ?tenants=several (RTP Cloud Collab, Cisco Live Events holding ciscolive.com, and one shown
// "Unknown"): Tenant details are learned per tenant on pages that received no Hybrid Calendar
// response, reached by in-app navigation and expanded in place, and the banner routes the
// mailbox's domain among them; tenants added, marked "Unknown" and removed in the options.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { chromiumExtensionUrl, chromiumWorker, launchChromium, shotPath } from './harness/browsers.mjs';
import { replica, until, waitForBanner } from './harness/banner-page.mjs';

const C = IDS.workspaceC; // WebexWorkspace3@ciscolive.com
const ORG = '1eb65fdf-9643-417f-9974-ad72cae0e10f';

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

/** A fresh browser profile per suite: storage starts empty. */
function withBrowser() {
  const browser = {};
  before(async () => Object.assign(browser, await launchChromium()));
  after(() => browser.close?.());
  return browser;
}

/** A DOM click on what `selector` finds (the replica re-renders under Playwright's aim). */
const click = (page, selector) => page.locator(selector).first().evaluate((element) => element.click());

/** Expands the Tenant details of the tenant cards named `names` on /services/hybrid-calendar. */
async function expand(page, names) {
  await page.waitForSelector('[data-testid="tenant-card"]');
  for (const name of names) {
    await page.locator('[data-testid="tenant-card"]', { hasText: name }).locator('[data-testid="tenant-details-toggle"]').evaluate((b) => b.click());
  }
}

/** In-app navigation (pushState, no reload) to workspace C by the side navigation and the list. */
async function toWorkspaceC(page) {
  await click(page, '[data-testid="nav-workspaces"]');
  await click(page, `[data-testid="workspace-link"][data-place-id="${C}"]`);
}

/** storage.local's tenants of the replica's org: [name, domains, unknown] per tenant. */
async function storedTenants(context) {
  const worker = await chromiumWorker(context);
  const stored = await worker.evaluate(() => chrome.storage.local.get('tenantDomains').then((s) => s.tenantDomains ?? {}));
  return Object.values(stored[ORG]?.tenants ?? {}).map((t) => [t.name, t.domains, Boolean(t.unknown)]);
}

describe('Tenant details with no Hybrid Calendar response on the page (Chromium)', () => {
  const browser = withBrowser();

  test('learned per tenant by in-app navigation; the domain of the second tenant → mailbox-not-found naming it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/services?tenants=several&poll=250`);
    await click(page, '[data-testid="open-hybrid-calendar"]');
    await expand(page, ['RTP Cloud Collab', 'Cisco Live Events']);
    await page.waitForSelector('[data-testid="tenant-details-panel"] >> nth=1');
    assert.equal((await replica(page)).polls, 0, 'no Hybrid Calendar request so far');
    await page.screenshot({ path: shotPath('chromium-several-tenants'), fullPage: true });

    // No org is known yet (the URL names none, no response came): the readings wait for one, and
    // the workspace's first responses name it.
    await toWorkspaceC(page);
    const tenants = await until('both tenants stored', async () => ((await storedTenants(browser.context)).length === 2 ? storedTenants(browser.context) : null));
    assert.deepEqual(tenants.sort(), [
      ['Cisco Live Events', 'ciscolive.com (default)\nciscoliveevents.onmicrosoft.com', false],
      ['RTP Cloud Collab', 'rtpcloudcollab.com (default)\nadminrtpcloudcollab.onmicrosoft.com\nciscolive.us', false],
    ]);
    const banner = await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    assert.match(banner.text, /ciscolive\.com is a domain of Cisco Live Events/);
    await page.screenshot({ path: shotPath('chromium-second-tenant-mailbox-not-found'), fullPage: true });
    await page.close();
  });
});

describe('a tenant shown "Unknown" (Chromium)', () => {
  const browser = withBrowser();

  test('a domain in no known tenant while one is Unknown → undetermined, re-authorize it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/workspaces/${C}?tenants=several&poll=250`);
    await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'undetermined');
    await click(page, '[data-testid="nav-services"]');
    await click(page, '[data-testid="open-hybrid-calendar"]');
    await expand(page, ['RTP Cloud Collab', 'Unknown']);
    const tenants = await until('two tenants stored', async () => ((await storedTenants(browser.context)).length === 2 ? storedTenants(browser.context) : null));
    assert.deepEqual(tenants.map(([name, , unknown]) => [name, unknown]).sort(), [['RTP Cloud Collab', false], ['Unknown', true]]);

    await toWorkspaceC(page);
    const banner = await waitForBanner(page, C, (b) => /Re-authorize Unknown/.test(b.text));
    assert.equal(banner.findings[0].diagnosis, 'undetermined');
    assert.match(banner.text, /ciscolive\.com/);
    await page.close();
  });

  test('tenants added, marked Unknown and removed in the options decide the next diagnosis', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/workspaces/${C}?tenants=several&poll=250`);
    await waitForBanner(page, C, (b) => /Re-authorize Unknown/.test(b.text));
    const options = await browser.context.newPage();
    await options.goto(`${await chromiumExtensionUrl(browser.context)}options.html`);
    await options.fill(`[data-new-tenant][data-org="${ORG}"]`, 'Cisco Live Events');
    await options.fill(`[data-new-tenant-domains][data-org="${ORG}"]`, 'ciscolive.com');
    await options.click(`[data-action="add-tenant"][data-org="${ORG}"]`);
    await options.waitForSelector('textarea[data-tenant="Cisco Live Events"]');
    await options.screenshot({ path: shotPath('options-several-tenants'), fullPage: true });
    await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'mailbox-not-found' && /Cisco Live Events/.test(b.text));

    await options.click('[data-remove-tenant="Cisco Live Events"]');
    await options.waitForSelector('textarea[data-tenant="Cisco Live Events"]', { state: 'detached' });
    await waitForBanner(page, C, (b) => /Re-authorize Unknown/.test(b.text), 'undetermined again');
    // The Unknown tenant unmarked (its domains still not known): no longer a tenant to re-authorize.
    const unknownKey = '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e';
    await options.uncheck(`[data-tenant-unknown="${unknownKey}"]`);
    await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'undetermined' && !/Re-authorize Unknown/.test(b.text), 'no tenant Unknown');
    await options.close();
    await page.close();
  });
});

// The extension in Firefox ESR (puppeteer-core over WebDriver BiDi, dist/firefox-test) on the
// Control Hub replica with the strict CSP: the same banner, place, diagnoses, idempotence, dock
// and hostile-text checks as in Chromium, and the page's own results unchanged.
// BiDi reports a moz-extension frame's URL as about:blank: frames are found through their host.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { launchFirefox, shotPath } from './harness/browsers.mjs';
import { clickNow, hosts, replica, until, waitForBanner } from './harness/banner-page.mjs';
import { resultsWithAndWithout } from './harness/page-probe.mjs';
import { assertUnderRow, measure } from './harness/placement.mjs';

const A = IDS.workspaceA;
const C = IDS.workspaceC;

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

const workspace = (id, query = '') => `${server.url}/workspaces/${id}?poll=250${query}`;
const link = (page, id) => page.$eval(`[data-testid="workspace-switch-link"][data-place-id="${id}"]`, (a) => a.click());

describe('the extension in Firefox', () => {
  let firefox;
  before(async () => {
    firefox = await launchFirefox();
  });
  after(() => firefox?.close());

  test('the note scenario and its twin: in place, diagnosed once the tenant is known', async () => {
    const page = await firefox.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(workspace(A));
    const first = await waitForBanner(page, A);
    assert.deepEqual(first.findings, [{ code: 'o365-unauthorized', diagnosis: 'undetermined', resolved: false, earlier: false }]);
    await until('four polls', async () => (await replica(page)).polls >= 4);
    await waitForBanner(page, A);
    const place = await measure(page, A);
    assert.equal(place.placement, 'structure');
    assertUnderRow(place);

    await page.goto(`${server.url}/services/hybrid-calendar/tenant`);
    await page.waitForSelector('[data-testid="tenant-domain"]');
    await page.goto(workspace(A));
    const a = await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    assert.match(a.text, /WebexWorkspace1@ciscolive\.us/);
    await page.screenshot({ path: shotPath('firefox-workspace-a-mailbox-not-found'), fullPage: true });
    await link(page, C);
    const c = await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'domain-not-in-tenant');
    assert.match(c.text, /ciscolive\.com/);
    assert.deepEqual((await hosts(page)).map((h) => h.subject), [C]);
    await page.close();
  });

  test('one banner after polls and the XHR history, not reloaded', async () => {
    const page = await firefox.browser.newPage();
    await page.goto(workspace(A));
    await waitForBanner(page, A);
    const settled = await until('four polls', async () => ((await replica(page)).polls >= 4 ? hosts(page) : null));
    const start = await replica(page);
    await clickNow(page, '[data-testid="see-history"]');
    await until('the history loaded', async () => (await replica(page)).historyLoads > 0);
    await until('five more polls', async () => (await replica(page)).polls >= start.polls + 5);
    const now = await hosts(page);
    assert.equal(now.length, 1);
    assert.equal(now[0].loads, settled[0].loads);
    assert.equal(now[0].loads, 1, 'loaded once');
    await waitForBanner(page, A, (b) => b.text.includes('ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12'), 'the trackingRoot');
    await page.close();
  });

  test('docked when the panel cannot be found; hostile text stays text', async () => {
    const page = await firefox.browser.newPage();
    await page.goto(workspace(A, '&layout=unknown&scenario=hostile'));
    const banner = await waitForBanner(page, A);
    assert.deepEqual((await hosts(page)).map((h) => h.placement), ['dock']);
    assert.ok(banner.text.includes('<img src=x onerror=window.__pwned=1>'));
    assert.equal(banner.images, 0);
    assert.equal(banner.pwned, null);
    assert.equal(await page.evaluate(() => globalThis.__pwned ?? null), null);
    await page.close();
  });
});

describe('the page receives the same with and without the extension (Firefox)', () => {
  test('every fetch and XHR result, fetch.toString/name/length and XHR event order', async () => {
    const launch = async (options) => {
      const firefox = await launchFirefox(options);
      return { newPage: () => firefox.browser.newPage(), close: firefox.close };
    };
    const { withExtension, without } = await resultsWithAndWithout(launch, server.url);
    assert.deepEqual([withExtension.read, without.read], [true, false], 'the adapter read the responses through the hook');
    assert.deepEqual([withExtension.heard, without.heard], [0, 0], "the page heard none of the hook's channel");
    assert.deepEqual(withExtension.observations, without.observations);
  });
});

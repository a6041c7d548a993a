// The extension in Debian's Chromium (Playwright, dist/chromium-test) on the Control Hub replica,
// served with the strict CSP: the banner's place, diagnosis, idempotence, navigation, dock,
// hostile text, Japanese, and that the page's own fetch/XHR results do not change.
// Needs `make build` (the Makefile's test target builds first). Screenshots: target/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { chromiumWorker, launchChromium, shotPath } from './harness/browsers.mjs';
import { clickNow, hosts, replica, until, waitForBanner } from './harness/banner-page.mjs';
import { resultsWithAndWithout } from './harness/page-probe.mjs';
import { assertUnderRow, measure } from './harness/placement.mjs';

const A = IDS.workspaceA;
const B = IDS.workspaceB;
const C = IDS.workspaceC;
const NOTE_DOMAINS = ['rtpcloudcollab.com', 'adminrtpcloudcollab.onmicrosoft.com', 'ciscolive.us'];

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

/** A fresh browser profile per suite: storage (tenant domains, dismissals) starts empty. */
function withBrowser(options) {
  const browser = {};
  before(async () => Object.assign(browser, await launchChromium(options)));
  after(() => browser.close?.());
  return browser;
}

const workspace = (id, query = '') => `${server.url}/workspaces/${id}?poll=250${query}`;
// A DOM click: a banner growing above the link can move it between Playwright's aim and its click.
const link = (page, id) => page.locator(`[data-testid="workspace-switch-link"][data-place-id="${id}"]`).evaluate((a) => a.click());

describe('the note scenario in Chromium', () => {
  const browser = withBrowser();

  test('the banner sits right under the Office 365 row and says what is known', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    const banner = await waitForBanner(page, A);
    assert.deepEqual(banner.findings, [{ code: 'o365-unauthorized', diagnosis: 'undetermined', resolved: false, earlier: false }]);
    assert.match(banner.text, /Received error 'Unauthorized' from O365\. Admin action is required\./);
    assert.match(banner.text, /WebexWorkspace1@ciscolive\.us/, 'the email the panel shows');
    assert.match(banner.text, /UTC/);
    // The replica replaces the panel's subtree on every poll: the banner stays under the row.
    await until('four polls', async () => (await replica(page)).polls >= 4);
    await waitForBanner(page, A);
    const place = await measure(page, A);
    assert.equal(place.placement, 'structure');
    assertUnderRow(place);
    await page.screenshot({ path: shotPath('chromium-workspace-a-undetermined'), fullPage: true });
    await page.close();
  });

  test('the Tenant details panel teaches the domains: mailbox-not-found, then the .com twin', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/services/hybrid-calendar/tenant`);
    const worker = await chromiumWorker(browser.context);
    const learned = await until('the tenant domains in storage.local', () =>
      worker.evaluate(() => chrome.storage.local.get('tenantDomains').then((s) => s.tenantDomains)));
    const tenants = Object.values(learned).flatMap((org) => Object.values(org.tenants));
    assert.deepEqual(tenants.map((t) => [t.name, t.domains.split('\n').map((d) => d.replace(' (default)', ''))]), [['RTP Cloud Collab', NOTE_DOMAINS]]);

    await page.goto(workspace(A));
    const a = await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    assert.match(a.text, /graph\.microsoft\.com\/v1\.0\/places\/WebexWorkspace1@ciscolive\.us/);
    await page.screenshot({ path: shotPath('chromium-workspace-a-mailbox-not-found'), fullPage: true });

    // In-app navigation (history.pushState, no reload) to the twin on ciscolive.com.
    await link(page, C);
    const c = await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'domain-not-in-tenant');
    assert.match(c.text, /ciscolive\.com/);
    for (const domain of NOTE_DOMAINS) assert.ok(c.text.includes(domain), `names the tenant domain ${domain}`);
    assert.deepEqual((await hosts(page)).map((h) => h.subject), [C], "A's banner is gone");
    await page.screenshot({ path: shotPath('chromium-workspace-c-domain-not-in-tenant'), fullPage: true });

    // An activated workspace: no banner shown.
    await link(page, B);
    await until('B polled twice', async () => (await replica(page)).polls >= 2 && (await page.url()).includes(B));
    await page.waitForTimeout(600);
    assert.deepEqual((await hosts(page)).filter((h) => h.visible || h.subject !== B), []);
    await page.close();
  });

  test('a user\'s page: the banner is the user\'s, with the email the panel shows', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/users/${IDS.user}?poll=250`);
    const banner = await waitForBanner(page, IDS.user);
    assert.equal(banner.findings[0].code, 'o365-unauthorized');
    assert.match(banner.text, /alex\.morgan@ciscolive\.us/);
    assert.deepEqual((await hosts(page)).map((h) => h.subject), [IDS.user]);
    await page.close();
  });

  test('still one banner after five polls, re-renders and the history opened twice', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    await waitForBanner(page, A);
    const settled = await until('four polls', async () => ((await replica(page)).polls >= 4 ? hosts(page) : null));
    const start = await replica(page);
    for (let i = 0; i < 2; i++) {
      await clickNow(page, '[data-testid="see-history"]'); // open: the journal comes over XHR
      await until('the history loaded', async () => (await replica(page)).historyLoads > i);
      await clickNow(page, '[data-testid="see-history"]'); // close
    }
    await until('five more polls', async () => (await replica(page)).polls >= start.polls + 5);
    const now = await hosts(page);
    assert.equal(now.length, 1, JSON.stringify(now));
    assert.equal(now[0].loads, settled[0].loads, 'the frame was not reloaded by the re-renders');
    assert.equal(now[0].loads, 1, 'loaded once');
    assert.ok((await replica(page)).renders >= start.renders + 9);
    // A's frame, and the spare the adapter keeps loaded for the next subject (banner-frame.js).
    const frames = page.frames().filter((f) => f.url().includes('/banner.html'));
    assert.equal(frames.length, 2);
    const banner = await waitForBanner(page, A, (b) => b.text.includes('ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12'), 'the trackingRoot from the XHR history');
    assert.equal(banner.findings.filter((f) => !f.resolved).length, 1);
    await page.close();
  });

  test('a banner from the XHR history alone (responseType "" and "json")', async () => {
    for (const xhr of ['', '&xhr=json']) {
      const page = await browser.context.newPage();
      await page.goto(workspace(A, `&scenario=fixed${xhr}`)); // status: activated
      await until('two polls', async () => (await replica(page)).polls >= 2);
      assert.deepEqual((await hosts(page)).filter((h) => h.visible), [], 'nothing to say while only the status is known');
      await clickNow(page, '[data-testid="see-history"]');
      const banner = await waitForBanner(page, A, (b) => b.findings.some((f) => f.code === 'o365-unauthorized'));
      assert.ok(banner.findings.find((f) => f.code === 'o365-unauthorized').resolved, 'the error was fixed since');
      await page.close();
    }
  });

  test('dismissed per subject and state, kept across reloads', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(C));
    await waitForBanner(page, C);
    await until('four polls (the banner has settled)', async () => (await replica(page)).polls >= 4);
    const frame = await (await page.$(`[data-caldoctor-subject="${C}"] iframe`)).contentFrame();
    await frame.click('#dismiss');
    await until('hidden', async () => (await hosts(page)).every((h) => !h.visible));
    await page.reload();
    await until('three polls after the reload', async () => (await replica(page)).polls >= 3);
    assert.deepEqual((await hosts(page)).filter((h) => h.visible), [], 'still dismissed');
    await page.goto(workspace(A));
    await waitForBanner(page, A); // another subject is not affected
    await page.close();
  });
});

describe('fallbacks and hostile data in Chromium', () => {
  const browser = withBrowser();

  test('docked at the top right when the panel cannot be found', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A, '&layout=unknown'));
    await waitForBanner(page, A);
    const dock = await page.evaluate(() => {
      const host = document.querySelector('[data-caldoctor-host]');
      const box = host.getBoundingClientRect();
      return { placement: host.getAttribute('data-placement'), position: getComputedStyle(host).position, right: innerWidth - box.right, top: box.top };
    });
    assert.equal(dock.placement, 'dock');
    assert.equal(dock.position, 'fixed');
    assert.ok(dock.right >= 0 && dock.right < 40 && dock.top < 120, JSON.stringify(dock));
    await page.screenshot({ path: shotPath('chromium-dock') });
    await page.close();
  });

  test('a hostile description is text and runs nothing; links stay on the allowlist', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A, '&scenario=hostile'));
    const banner = await waitForBanner(page, A);
    assert.ok(banner.text.includes('<img src=x onerror=window.__pwned=1>'), banner.text);
    assert.equal(banner.images, 0);
    assert.equal(banner.pwned, null);
    assert.equal(await page.evaluate(() => globalThis.__pwned ?? null), null);
    const allowed = ['graph.microsoft.com', 'developer.microsoft.com', 'admin.webex.com', 'admin.exchange.microsoft.com', 'help.webex.com', 'learn.microsoft.com'];
    for (const href of banner.links) {
      const url = new URL(href);
      assert.ok(url.protocol === 'https:' && allowed.includes(url.hostname), href);
    }
    await page.close();
  });

  test('speaks Control Hub\'s language: Japanese', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A, '&lang=ja'));
    const banner = await waitForBanner(page, A);
    assert.equal(banner.lang, 'ja');
    assert.match(banner.text, /[\u3040-\u30ff]/, 'kana in the banner');
    await page.screenshot({ path: shotPath('chromium-japanese'), fullPage: true });
    await page.close();
  });
});

describe('a dark system with a light Control Hub (Chromium)', () => {
  const browser = withBrowser({ colorScheme: 'dark' });

  test("the banner follows the page's light theme, not the system's", async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    await waitForBanner(page, A);
    const frame = await (await page.$(`[data-caldoctor-subject="${A}"] iframe`)).contentFrame();
    const seen = await frame.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      background: getComputedStyle(document.getElementById('banner')).backgroundColor,
    }));
    assert.deepEqual(seen, { theme: 'light', background: 'rgb(255, 255, 255)' });
    await page.close();
  });
});

describe('the page receives the same with and without the extension (Chromium)', () => {
  test('every fetch and XHR result, fetch.toString/name/length and XHR event order', async () => {
    const launch = async (options) => {
      const browser = await launchChromium(options);
      return { newPage: () => browser.context.newPage(), close: browser.close };
    };
    const { withExtension, without } = await resultsWithAndWithout(launch, server.url);
    assert.deepEqual([withExtension.read, without.read], [true, false], 'the adapter read the responses through the hook');
    assert.deepEqual([withExtension.heard, without.heard], [0, 0], "the page heard none of the hook's channel");
    assert.ok(without.observations.length > 80, `${without.observations.length} observations`);
    assert.deepEqual(withExtension.observations, without.observations);
  });
});

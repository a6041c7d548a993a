// The compact banner in Debian's Chromium (Playwright, dist/chromium-test) on the Control Hub
// replica at 1280 px: collapsed at most 120 px high in English and Japanese, the tenant domains
// typed into the banner re-diagnosing it, Details opened with the keyboard and remembered across
// a reload, the current status first with an earlier error in the Details, a recovered note, and
// the dock's banner minimized to a pill. Needs `make build`. Screenshots: target/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, ORG_ID, startServer } from '../replica/serve.mjs';
import { chromiumWorker, launchChromium, shotPath } from './harness/browsers.mjs';
import { bannerFrame, clickNow, hosts, readBanner, replica, until, waitForBanner } from './harness/banner-page.mjs';

const A = IDS.workspaceA;
const NOTE_DOMAINS = 'rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com, ciscolive.us';
const MAX_COLLAPSED = 120;

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

const workspace = (id, query = '') => `${server.url}/workspaces/${id}?poll=250${query}`;

/**
 * The visible banner host's height once the frame has settled on `check`. The replica replaces
 * its panel on every poll, and until the adapter has learned to sit outside it the frame is
 * re-inserted (and reloaded): four polls first, so that the frame read is the one that stays.
 */
async function settledHeight(page, subject, check) {
  await until('four polls', async () => (await replica(page)).polls >= 4);
  await waitForBanner(page, subject, check);
  return until('the host to take the height the frame reported', async () => {
    const host = (await hosts(page)).find((h) => h.subject === subject && h.visible);
    const frame = await bannerFrame(page, subject);
    const body = await frame?.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    return host && body && Math.abs(host.height - body) <= 1 ? host.height : null;
  });
}

describe('the compact banner in Chromium, 1280 px wide', () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  test('collapsed: the domains asked for in place, at most 120 px high in English and Japanese', async () => {
    const page = await browser.context.newPage();
    for (const lang of ['en', 'ja']) {
      await page.goto(workspace(A, lang === 'ja' ? '&lang=ja' : ''));
      const height = await settledHeight(page, A, (b) => b.lang === lang && b.findings[0].diagnosis === 'undetermined');
      const banner = await readBanner(page, A);
      assert.equal(banner.expanded, false);
      assert.doesNotMatch(banner.shown, /Admin action is required/, 'what happened is in the Details');
      const frame = await bannerFrame(page, A);
      assert.equal(await frame.getAttribute('#domains-input', 'data-org'), ORG_ID, 'the domains asked for, for the org');
      assert.ok(height > 40 && height <= MAX_COLLAPSED, `${lang}: ${height} px`);
      console.log(`collapsed, undetermined, ${lang}: ${height} px`);
      await page.screenshot({ path: shotPath(`compact-undetermined-${lang}`) });
    }
    await page.close();
  });

  test('the tenant domains typed into the banner re-diagnose it; then 120 px at most again', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    await settledHeight(page, A, (b) => b.findings[0].diagnosis === 'undetermined');
    const frame = await bannerFrame(page, A);
    await frame.fill('#domains-input', NOTE_DOMAINS);
    await frame.press('#domains-input', 'Enter');
    const banner = await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found', 'the diagnosis with the typed domains');
    assert.match(banner.shown, /Mailbox address not found in Microsoft 365 — ciscolive\.us is a tenant domain/);
    const worker = await chromiumWorker(browser.context);
    const stored = await worker.evaluate(() => chrome.storage.local.get('tenantDomains').then((s) => s.tenantDomains));
    assert.equal(stored[ORG_ID].tenants[''].domains, NOTE_DOMAINS, "stored as the options store it: the org's one unnamed tenant");
    for (const lang of ['en', 'ja']) {
      await page.goto(workspace(A, lang === 'ja' ? '&lang=ja' : ''));
      const height = await settledHeight(page, A, (b) => b.lang === lang && b.findings[0].diagnosis === 'mailbox-not-found');
      assert.ok(height <= MAX_COLLAPSED, `${lang}: ${height} px`);
      console.log(`collapsed, mailbox-not-found, ${lang}: ${height} px`);
      await page.screenshot({ path: shotPath(`compact-mailbox-not-found-${lang}`) });
    }
    await page.close();
  });

  test('Details: a button the keyboard opens, aria-expanded and aria-controls right, remembered across a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    const collapsedHeight = await settledHeight(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    let frame = await bannerFrame(page, A);
    const toggle = await frame.evaluate(() => {
      const button = document.getElementById('details-toggle');
      return { tag: button.tagName, controls: button.getAttribute('aria-controls'), expanded: button.getAttribute('aria-expanded') };
    });
    assert.deepEqual(toggle, { tag: 'BUTTON', controls: 'details', expanded: 'false' });
    await frame.focus('#details-toggle');
    await page.keyboard.press('Enter');
    const open = await waitForBanner(page, A, (b) => b.expanded, 'the Details open');
    assert.match(open.shown, /Received error 'Unauthorized' from O365\. Admin action is required\./);
    assert.match(open.shown, /Copy report/);
    assert.equal(await frame.evaluate(() => document.getElementById('details').hidden), false);
    const openHeight = await settledHeight(page, A, (b) => b.expanded);
    assert.ok(openHeight > collapsedHeight + 100, `${collapsedHeight} → ${openHeight} px`);
    await page.screenshot({ path: shotPath('compact-expanded'), fullPage: true });

    await page.reload();
    await settledHeight(page, A, (b) => b.expanded); // still open after the reload
    frame = await bannerFrame(page, A);
    await frame.focus('#details-toggle');
    await page.keyboard.press('Space');
    await waitForBanner(page, A, (b) => !b.expanded, 'the Details closed');
    await page.reload();
    const again = await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    assert.equal(again.expanded, false, 'closed is remembered too');
    await page.close();
  });

  test('current first: the Forbidden the current status superseded is listed Earlier, in the Details', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A, '&scenario=superseded'));
    await settledHeight(page, A, () => true);
    await clickNow(page, '[data-testid="see-history"]');
    const banner = await waitForBanner(page, A, (b) => b.findings.some((f) => f.earlier), 'the earlier error');
    assert.deepEqual(banner.findings[0], { code: 'o365-unauthorized', diagnosis: 'mailbox-not-found', resolved: false, earlier: false });
    assert.deepEqual(banner.findings.filter((f) => f.earlier).map((f) => f.code), ['o365-forbidden']);
    assert.equal(banner.state, 'o365-unauthorized:mailbox-not-found');
    assert.doesNotMatch(banner.shown, /Forbidden/, 'not beside the current finding');
    assert.match(banner.text, /ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_10/, 'its tracking ID, in the Details');
    const frame = await bannerFrame(page, A);
    await frame.click('#details-toggle');
    const open = await waitForBanner(page, A, (b) => b.expanded && /Forbidden/.test(b.shown), 'the Earlier list shown');
    assert.match(open.shown, /Earlier errors/);
    await page.screenshot({ path: shotPath('compact-earlier'), fullPage: true });
    await frame.click('#details-toggle');
    await waitForBanner(page, A, (b) => !b.expanded);
    await page.close();
  });

  test('an activated subject: a small recovered note, not an error', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A, '&scenario=fixed'));
    await until('two polls', async () => (await replica(page)).polls >= 2);
    await clickNow(page, '[data-testid="see-history"]');
    const height = await settledHeight(page, A, (b) => b.findings[0]?.resolved);
    const banner = await readBanner(page, A);
    assert.equal(banner.state, '');
    assert.match(banner.shown, /Recovered: Microsoft 365 refused this calendar/);
    assert.match(banner.shown, /activated again since/);
    assert.ok(height <= MAX_COLLAPSED, `${height} px`);
    await page.close();
  });

  test('docked: the compact banner, minimized to a pill and back', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A, '&layout=unknown'));
    const height = await settledHeight(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found');
    assert.equal((await hosts(page))[0].placement, 'dock');
    assert.ok(height <= MAX_COLLAPSED, `${height} px`);
    const frame = await bannerFrame(page, A);
    await frame.click('#minimize');
    const pill = await until('the pill', async () => {
      const host = (await hosts(page))[0];
      return host.height > 0 && host.height < 48 ? host.height : null;
    });
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'restore');
    await page.screenshot({ path: shotPath('compact-dock-pill') });
    await page.keyboard.press('Enter');
    await until('the banner back', async () => (await hosts(page))[0].height > pill + 20);
    await page.close();
  });
});

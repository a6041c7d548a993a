// The extension's own pages with the banner, in Chromium: options that persist and change the
// next diagnosis and the banner's language, screen-share mode masking the banner, and the
// toolbar popup listing the tab's findings, showing a dismissed banner again and pausing the tab.
// (A test browser cannot open the toolbar popup, so popup.html#tab=<id> opens it in a tab.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, ORG_ID, startServer } from '../replica/serve.mjs';
import { chromiumExtensionUrl, chromiumWorker, launchChromium, shotPath } from './harness/browsers.mjs';
import { hosts, replica, until, waitForBanner } from './harness/banner-page.mjs';

const A = IDS.workspaceA;
const NOTE_DOMAINS = 'rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com, ciscolive.us';

let server;
let browser;
let base;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
  browser = await launchChromium();
  base = await chromiumExtensionUrl(browser.context);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const workspace = (id) => `${server.url}/workspaces/${id}?poll=250`;

async function openOptions() {
  const page = await browser.context.newPage();
  await page.goto(`${base}options.html`);
  await page.waitForSelector('[data-setting="lang"]');
  return page;
}

/** The settled banner's frame (after the replica's first re-renders moved it out of the card). */
async function settledBanner(page, subject) {
  await waitForBanner(page, subject);
  await until('four polls', async () => (await replica(page)).polls >= 4);
  await waitForBanner(page, subject);
  return (await page.$(`[data-caldoctor-subject="${subject}"] iframe`)).contentFrame();
}

describe('options, screen-share mode and the popup', () => {
  test('tenant domains added in the options decide the next diagnosis; the language follows the options', async () => {
    const options = await openOptions();
    await options.fill('[data-new-org]', ORG_ID);
    await options.fill('[data-new-domains]', NOTE_DOMAINS);
    await options.click('[data-action="add-org"]');
    await options.waitForSelector(`textarea[data-org="${ORG_ID}"]`);
    await options.screenshot({ path: shotPath('options'), fullPage: true });

    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found', 'the diagnosis with the domains from the options');

    await options.selectOption('[data-setting="lang"]', 'ja');
    const banner = await waitForBanner(page, A, (b) => b.lang === 'ja', 'the banner in Japanese');
    assert.match(banner.text, /[\u3040-\u30ff]/);
    await options.selectOption('[data-setting="lang"]', 'auto');
    await waitForBanner(page, A, (b) => b.lang === 'en', "the banner back in Control Hub's language");
    await page.close();
    await options.close();
  });

  test('screen-share mode masks the open banner, with a visible marker, and unmasks it', async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    await waitForBanner(page, A, (b) => b.text.includes('WebexWorkspace1@ciscolive.us'));
    const options = await openOptions();
    await options.check('[data-setting="screenShare"]');
    const masked = await waitForBanner(page, A, (b) => !b.text.includes('WebexWorkspace1@'), 'the masked banner');
    assert.match(masked.text, /W\*\*\*@ciscolive\.us/, 'the domain stays');
    const frame = await (await page.$(`[data-caldoctor-subject="${A}"] iframe`)).contentFrame();
    assert.ok(await frame.$('[data-caldoctor="masked"]'), 'a visible "masked" marker');
    await page.screenshot({ path: shotPath('chromium-screen-share'), fullPage: true });
    await options.uncheck('[data-setting="screenShare"]');
    await waitForBanner(page, A, (b) => b.text.includes('WebexWorkspace1@ciscolive.us'), 'the unmasked banner');
    await options.close();
    await page.close();
  });

  test("the popup lists the tab's findings, shows a dismissed banner again, and pauses the tab", async () => {
    const page = await browser.context.newPage();
    await page.goto(workspace(A));
    const frame = await settledBanner(page, A);
    const tabId = await frame.evaluate(() => chrome.tabs.getCurrent().then((tab) => tab.id));
    const worker = await chromiumWorker(browser.context);
    const badge = () => worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    await until('the badge counts one subject', async () => (await badge()) === '1');

    const popup = await browser.context.newPage();
    const openPopup = async () => {
      await popup.goto(`${base}popup.html#tab=${tabId}`);
      await popup.reload(); // a new fragment alone would not run the popup again
      await popup.waitForSelector('[data-action="pause"]');
    };
    await openPopup();
    const lines = await popup.$$eval('.banner-line', (items) => items.map((li) => li.textContent));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /Microsoft 365/);
    assert.match(lines[0], /o365-unauthorized|undetermined|mailbox-not-found/);
    await popup.screenshot({ path: shotPath('popup') });

    await frame.click('#dismiss');
    await until('dismissed', async () => (await hosts(page)).every((h) => !h.visible));
    await openPopup();
    await popup.click('[data-action="reveal"]');
    await until('shown again', async () => (await hosts(page)).some((h) => h.visible));

    await openPopup();
    await popup.check('[data-action="pause"]');
    await until('no banner while paused', async () => (await hosts(page)).length === 0);
    assert.equal(await badge(), 'II');
    await openPopup();
    assert.match(await popup.textContent('#popup'), /Paused on this tab/);
    await popup.uncheck('[data-action="pause"]');
    await waitForBanner(page, A);
    await popup.close();
    await page.close();
  });
});

// The triage page (triage.html) in Chromium with the built extension: an org's status list and
// its places through the file input, one group per cause (data-triage-group, data-diagnosis,
// data-count) with the org's tenant domains from storage, the filters and the sort, the CSV and
// the summary (redacted by default), screen-share mode and Japanese; a generated list of 20,000
// subjects whose lists keep a few dozen rows in the DOM while scrolling and the keyboard reach the
// last subject, read without stalling the page; and the whole way on the Control Hub replica: its
// User Status Report, the popup's count of the tab's subjects in error, its link to the triage of
// the lists the tab's adapter holds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT, chromiumExtensionUrl, chromiumWorker, launchChromium, shotPath } from './harness/browsers.mjs';
import { until } from './harness/banner-page.mjs';
import { longestPause, watchPauses } from './harness/pauses.mjs';
import { REPORT_DOMAINS, startServer } from '../replica/serve.mjs';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'triage');
const ORG = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
const FILES = [path.join(FIXTURES, 'org-statuses.json'), path.join(FIXTURES, 'org-places.json')];
const FULL_EMAIL = 'room-101@rooms.example.net';

let browser;
let base;
before(async () => {
  browser = await launchChromium();
  base = await chromiumExtensionUrl(browser.context);
});
after(() => browser?.close());

/** triage.html with `settings` and the org's tenant domains in storage. */
async function openTriage(settings = {}) {
  const page = await browser.context.newPage();
  await page.goto(`${base}triage.html`);
  await page.evaluate(
    ([org, settings]) => chrome.storage.local.set({ settings, tenantDomains: { [org]: 'example.com' } }),
    [ORG, settings],
  );
  await page.reload();
  await page.waitForSelector('[data-caldoctor="file"]');
  return page;
}

async function openOrgFiles(settings) {
  const page = await openTriage(settings);
  await page.setInputFiles('[data-caldoctor="file"]', FILES);
  await page.waitForSelector('[data-triage-group] [data-caldoctor="grid"]');
  return page;
}

/** Every group: its code, diagnosis and count, and whether it shows. */
const groups = (page) =>
  page.$$eval('[data-triage-group]', (nodes) =>
    nodes.map((n) => ({ code: n.dataset.triageGroup, diagnosis: n.dataset.diagnosis ?? null, count: Number(n.dataset.count), shown: !n.hidden })),
  );
const status = (page) => page.textContent('[data-caldoctor="status"]');
const rowCount = (page) => page.$$eval('.triage-row', (rows) => rows.length);

/** The file the click on `selector` downloads, as text. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** `count` subjects in error in pages of 10,000 (USS's page size), the domains of every 7th apart. */
function largeList(dir, count) {
  const files = [];
  for (let first = 0; first < count; first += 10000) {
    const statuses = [];
    for (let i = first; i < Math.min(count, first + 10000); i++) {
      statuses.push({
        userId: `${i.toString(16).padStart(8, '0')}-5d1b-4c8e-9f0a-7b2d4e6f8a10`,
        orgId: ORG,
        serviceId: 'squared-fusion-cal',
        entitled: true,
        state: 'error',
        lastStateChange: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T01:00:00.000Z`,
        lastStatusUpdate: '2026-11-27T01:30:12.345Z',
        owner: 'ccc',
        messages: [{ severity: 'error', description: i % 5 ? "Received error 'Unauthorized' from O365. Admin action is required." : "Received error 'Forbidden' from O365. Admin action is required." }],
      });
    }
    const file = path.join(dir, `statuses-${first}.json`);
    writeFileSync(file, JSON.stringify({ userStatuses: statuses, paging: { count: statuses.length } }));
    files.push(file);
  }
  return files;
}

describe('the triage page', () => {
  test('an org list: one group per cause, biggest first, with its domains, the tenants from storage', async () => {
    const page = await openOrgFiles();
    assert.deepEqual(await groups(page), [
      { code: 'o365-unauthorized', diagnosis: 'domain-not-in-tenant', count: 4, shown: true },
      { code: 'o365-unauthorized', diagnosis: 'mailbox-not-found', count: 1, shown: true },
      { code: 'status-error-without-message', diagnosis: null, count: 1, shown: true },
    ]);
    const first = '#group-0';
    assert.match(await page.textContent(`${first} [data-caldoctor="domains"]`), /rooms\.example\.net\s*·?\s*3.*legacy\.example\.org\s*·?\s*1/s);
    assert.ok(await page.$(`${first} [data-finding="o365-unauthorized"]`), "the banner's finding node, once");
    assert.match(await status(page), /6 of 8 users and workspaces in error, in 3 groups/);
    // Each subject: name, kind and state, local and UTC times, the server's words.
    const row = await page.textContent('#group-0-row-0');
    assert.match(row, /Boardroom.*boardroom@legacy\.example\.org/s);
    assert.match(row, /workspace/);
    assert.match(row, /UTC/);
    assert.match(row, /Received error 'Unauthorized' from O365/);
    assert.equal(await page.getAttribute('#group-0-row-0', 'aria-rowindex'), '2');
    assert.equal(await page.getAttribute(`${first} [role="grid"]`, 'aria-rowcount'), '5');
    await page.screenshot({ path: shotPath('triage'), fullPage: true });
    await page.close();
  });

  test('filters narrow the groups; the sort orders their subjects; the keyboard moves through them', async () => {
    const page = await openOrgFiles();
    await page.fill('#search', 'legacy');
    await until('one subject shown', async () => (await groups(page)).filter((g) => g.shown).length === 1);
    assert.match(await status(page), /Showing 1 of the 6/);
    assert.match(await page.textContent('#group-0-shown'), /1 of 4 shown/);
    assert.equal(await rowCount(page), 1);
    await page.fill('#search', '');
    await until('every group again', async () => (await groups(page)).every((g) => g.shown));

    await page.selectOption('#kind', 'user');
    await until('no user in error', async () => (await groups(page)).every((g) => !g.shown));
    await page.selectOption('#kind', 'all');
    await page.selectOption('#cause', '1');
    await until('one cause', async () => JSON.stringify((await groups(page)).map((g) => g.shown)) === '[false,true,false]');
    await page.selectOption('#cause', '');
    await page.selectOption('#domain', { label: 'rooms.example.net (3)' });
    await until('one domain', async () => (await rowCount(page)) === 3);
    await page.selectOption('#domain', '');

    await page.selectOption('#sort', 'name');
    await until('by name', async () => /Boardroom/.test(await page.textContent('#group-0-row-0')));
    await until('Room 101 second', async () => /Room 101/.test(await page.textContent('#group-0-row-1')));
    await page.selectOption('#sort', 'since');
    await until('newest first', async () => /Boardroom/.test(await page.textContent('#group-0-row-0')));
    await until('Room 103 second', async () => /Room 103/.test(await page.textContent('#group-0-row-1')));

    const grid = '#group-0 [role="grid"]';
    await page.focus(grid);
    await page.keyboard.press('ArrowDown');
    await until('the first row active', async () => (await page.getAttribute(grid, 'aria-activedescendant')) === 'group-0-row-0');
    await page.keyboard.press('End');
    await until('the last row active', async () => (await page.getAttribute(grid, 'aria-activedescendant')) === 'group-0-row-3');
    assert.equal(await page.getAttribute('#group-0-row-3', 'aria-selected'), 'true');
    await page.close();
  });

  test('Download CSV and Copy summary: redacted by default, whole when switched off', async () => {
    const page = await openOrgFiles();
    await until('the summary', async () => (await page.inputValue('[data-caldoctor="summary"]')).length > 0);
    const redacted = await download(page, '#download-csv');
    assert.equal(redacted.name, 'triage-1eb65fdf.csv');
    const lines = redacted.text.split('\r\n');
    assert.equal(lines[0], 'subject_id,kind,name,email,state,code,diagnosis,since_utc,message,tracking_id');
    assert.equal(lines.filter(Boolean).length, 7, 'a header and one line per subject in error');
    assert.ok(redacted.text.includes('r***@rooms.example.net') && !redacted.text.includes(FULL_EMAIL), redacted.text);
    assert.ok(lines.some((line) => line.includes(',o365-unauthorized,domain-not-in-tenant,')));
    const summary = await page.inputValue('[data-caldoctor="summary"]');
    assert.match(summary, /^# Hybrid Calendar triage/);
    assert.ok(!summary.includes(FULL_EMAIL));

    await page.uncheck('[data-caldoctor="redact"]');
    await until('the whole summary', async () => (await page.inputValue('[data-caldoctor="summary"]')).includes(FULL_EMAIL));
    const whole = await download(page, '#download-csv');
    assert.ok(whole.text.includes(FULL_EMAIL));
    await page.selectOption('[data-caldoctor="format"]', 'text');
    await until('plain text', async () => !(await page.inputValue('[data-caldoctor="summary"]')).startsWith('#'));
    await page.click('#copy-summary');
    await until('copied', () => page.$eval('#copy-summary', (b) => b.dataset.copied === 'true'));
    await page.close();
  });

  test('screen-share mode masks names, emails and ids on screen, the domains kept', async () => {
    const page = await openOrgFiles();
    assert.ok((await page.textContent('[data-caldoctor="results"]')).includes(FULL_EMAIL));
    await page.evaluate(() => chrome.storage.local.get('settings').then(({ settings }) => chrome.storage.local.set({ settings: { ...settings, screenShare: true } })));
    await page.waitForSelector('[data-caldoctor="masked"]');
    await until('masked rows', async () => (await page.textContent('#group-0-row-0')).includes('B***'));
    const shown = await page.textContent('main');
    for (const personal of [FULL_EMAIL, 'Boardroom', '0a1b2c3d-0001-4e5f-8a9b-000000000001']) {
      assert.ok(!shown.includes(personal), `${personal} on screen`);
    }
    assert.match(shown, /\*\*\*@rooms\.example\.net/);
    await page.close();
  });

  test('speaks Japanese when the options say so', async () => {
    const page = await openOrgFiles({ lang: 'ja' });
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.match(await page.textContent('h1'), /トリアージ/);
    assert.match(await page.textContent('#group-0-shown'), /エラー 4 件/);
    assert.match(await page.textContent('#group-0-row-0'), /ワークスペース/);
    await page.close();
  });

  test('20,000 subjects: a few dozen rows in the DOM, scrolling and the keyboard reach the last', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-triage-'));
    try {
      const page = await openTriage();
      // The page's longest pause while the lists are read, triaged and listed.
      await watchPauses(page);
      await page.setInputFiles('[data-caldoctor="file"]', largeList(dir, 20000));
      await page.waitForSelector('#group-0 [data-caldoctor="grid"]', { timeout: 60000 });
      const longest = await longestPause(page);
      assert.deepEqual(
        (await groups(page)).map(({ code, count }) => ({ code, count })),
        [
          { code: 'o365-unauthorized', count: 16000 },
          { code: 'o365-forbidden', count: 4000 },
        ],
      );
      assert.ok(await rowCount(page) <= 60, `${await rowCount(page)} rows in the DOM`);

      // Scrolled to the end, the last subject is there, and still only the window is.
      const viewport = '#group-0-viewport';
      await page.$eval(viewport, (v) => v.scrollTo(0, v.scrollHeight));
      await page.waitForSelector('#group-0 [aria-rowindex="16001"]');
      assert.ok(await rowCount(page) <= 60);
      // The keyboard from the top: Home, then End.
      const grid = '#group-0 [role="grid"]';
      await page.focus(grid);
      await page.keyboard.press('Home');
      await until('the first row active', async () => (await page.getAttribute(grid, 'aria-activedescendant')) === 'group-0-row-0');
      await page.keyboard.press('PageDown');
      await until('a page down', async () => (await page.getAttribute(grid, 'aria-activedescendant')) === 'group-0-row-10');
      await page.keyboard.press('End');
      await until('the last row active', async () => (await page.getAttribute(grid, 'aria-activedescendant')) === 'group-0-row-15999');
      await page.waitForSelector('#group-0-row-15999[aria-selected="true"]');
      assert.ok(await rowCount(page) <= 60);
      // A search narrows 20,000 rows at once.
      await page.fill('#search', '00004e1f');
      await until('one subject', async () => (await rowCount(page)) === 1);
      console.log(`# triage of 20,000 subjects: the page's longest pause ${longest.toFixed(0)} ms`);
      // The page only lists what the worker decoded and triaged, in parts of 2,000 rows (about
      // 15 ms of work each); on a two-core test machine the worker, the browser and the test
      // runner take turns on the same cores, so a part can take several times that to finish.
      assert.ok(longest < 500, `the page stalled ${longest.toFixed(0)} ms`);
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the replica's User Status Report: the popup counts the tab's subjects in error and opens their triage", async () => {
    const server = await startServer({ port: 0 });
    try {
      const worker = await chromiumWorker(browser.context);
      const tabIds = () => worker.evaluate(() => chrome.tabs.query({}).then((tabs) => tabs.map((t) => t.id)));
      const before = await tabIds();
      const report = await browser.context.newPage();
      await report.goto(`${server.url}/reports/user-status?subjects=260&pageSize=100`);
      const [tabId] = (await tabIds()).filter((id) => !before.includes(id));
      await until('the report loaded', () => report.evaluate(() => window.__replica.report?.state === 'loaded'));

      const popup = await openTriage(); // the org's tenant domains stored, from an extension page
      await popup.evaluate(([org, domain]) => chrome.storage.local.set({ tenantDomains: { [org]: domain } }), [ORG, REPORT_DOMAINS.tenant]);
      // What the adapter holds once the hook has handed it the report's last page.
      const held = () =>
        popup.evaluate(async (tab) => {
          const { messages } = Reflect.get(globalThis, Symbol.for('caldoctor.shared')).protocol;
          const answer = await chrome.tabs.sendMessage(tab, { type: messages.lists }, { frameId: 0 });
          return answer?.orgs?.[0]?.subjects ?? 0;
        }, tabId);
      await until('the adapter holds the 260 subjects', async () => (await held()) === 260);

      await popup.goto(`${base}popup.html#tab=${tabId}`);
      const link = 'a[data-caldoctor="open-triage"]';
      const counted = await until('the count', async () => {
        const text = (await popup.$(link)) && (await popup.textContent(link));
        return /(\d+) of 260 users and workspaces in error/.exec(text ?? '')?.[1];
      });
      assert.equal(await popup.getAttribute(link, 'href'), `triage.html#tab=${tabId}`);
      await popup.screenshot({ path: shotPath('popup-triage') });

      // Opened again while the tab holds the same lists and the tenants are the same, the popup
      // shows the count it kept for the tab (here made recognisable) and counts nothing; with
      // other tenants it counts again.
      const kept = (change) =>
        popup.evaluate(async ([tab, change]) => {
          const { storage } = Reflect.get(globalThis, Symbol.for('caldoctor.shared')).protocol;
          const key = `${storage.triageCountPrefix}${tab}`;
          const record = (await chrome.storage.session.get(key))[key];
          if (record && change) await chrome.storage.session.set({ [key]: { ...record, ...change } });
          return record ?? null;
        }, [tabId, change]);
      assert.equal((await kept({ inError: 9999 }))?.inError, Number(counted), 'the count is kept for the tab');
      const countAfterReload = async (what, expected) => {
        await popup.reload();
        return until(what, async () => {
          const text = (await popup.$(link)) && (await popup.textContent(link));
          const n = /(\d+) of 260 users and workspaces in error/.exec(text ?? '')?.[1];
          return n !== undefined && expected(n) && n;
        });
      };
      await countAfterReload('the kept count', (n) => n === '9999');
      const tenants = (domain) => popup.evaluate(([org, domain]) => chrome.storage.local.set({ tenantDomains: { [org]: domain } }), [ORG, domain]);
      await tenants('another-tenant.example');
      await countAfterReload('counted again for other tenants', (n) => n !== '9999');
      await tenants(REPORT_DOMAINS.tenant);
      assert.equal(await countAfterReload('counted again for the first tenants', (n) => n !== '9999'), counted);
      assert.equal((await kept())?.inError, Number(counted));

      const [triage] = await Promise.all([browser.context.waitForEvent('page'), popup.click(link)]);
      await triage.waitForSelector('#group-0 [data-caldoctor="grid"]');
      assert.equal(new URL(triage.url()).hash, `#tab=${tabId}`);
      await until('the same count', async () => (await status(triage)).includes(`${counted} of 260 users and workspaces in error`));
      const found = await groups(triage);
      assert.equal(found.reduce((sum, g) => sum + g.count, 0), Number(counted));
      const outside = found.findIndex((g) => g.code === 'o365-unauthorized' && g.diagnosis === 'domain-not-in-tenant');
      assert.ok(outside >= 0, JSON.stringify(found));
      const domains = await triage.textContent(`#group-${outside} [data-caldoctor="domains"]`);
      for (const domain of REPORT_DOMAINS.outside) assert.ok(domains.includes(domain), domains);
      assert.ok(!domains.includes(REPORT_DOMAINS.tenant), 'the tenant domain is no cause here');
      await triage.screenshot({ path: shotPath('triage-replica'), fullPage: true });
      for (const page of [triage, popup, report]) await page.close();
    } finally {
      await server.close();
    }
  });
});

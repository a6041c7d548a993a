// The analyzer page (analyzer.html) in Chromium with the built extension: a HAR fixture through
// the file input, findings (data-finding / data-diagnosis, as in the banner), the history, the
// requests, live re-diagnosis from the typed context, the report preview and its redaction, the
// redacted HAR download, a HAR without bodies, a pasted body, and a large HAR read without
// freezing the page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT, chromiumExtensionUrl, launchChromium, shotPath } from './harness/browsers.mjs';
import { until } from './harness/banner-page.mjs';
import { startServer } from '../replica/serve.mjs';
import { writeLargeHar } from './harness/large-har.mjs';
import { longestPause, watchPauses } from './harness/pauses.mjs';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
const NOTE_DOMAINS = 'rtpcloudcollab.com (default)\nadminrtpcloudcollab.onmicrosoft.com\nciscolive.us';
// Seeded in har/note-scenario.har: a bearer JWT (its signature), a session cookie.
const SECRETS = ['c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ', 'SECRETCOOKIE123', 'Bearer'];
const FULL_EMAIL = 'WebexWorkspace1@ciscolive.us';
const IDS = ['1eb65fdf-9643-417f-9974-ad72cae0e10f', 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10'];

let browser;
let base;
before(async () => {
  browser = await launchChromium();
  base = await chromiumExtensionUrl(browser.context);
});
after(() => browser?.close());

async function openAnalyzer() {
  const page = await browser.context.newPage();
  await page.goto(`${base}analyzer.html`);
  await page.waitForSelector('[data-caldoctor="file"]');
  return page;
}

const findings = (page) =>
  page.$$eval('[data-finding]', (nodes) => nodes.map((n) => ({ code: n.dataset.finding, diagnosis: n.dataset.diagnosis ?? null })));
const report = (page) => page.inputValue('[data-caldoctor="report"]');

describe('the analyzer', () => {
  test('the note HAR: findings, history, requests, live diagnosis, report', async () => {
    const page = await openAnalyzer();
    await page.setInputFiles('[data-caldoctor="file"]', path.join(FIXTURES, 'har/note-scenario.har'));
    await page.waitForSelector('[data-finding]');
    // The HAR carries the mailbox but not the tenant: undetermined until the domains are typed.
    assert.deepEqual(await findings(page), [{ code: 'o365-unauthorized', diagnosis: 'undetermined' }]);
    await page.fill('#tenant', NOTE_DOMAINS);
    await until('mailbox-not-found', async () => (await findings(page))[0]?.diagnosis === 'mailbox-not-found');

    const history = await page.$$eval('[data-caldoctor="timelines"] li', (items) => items.map((li) => li.className));
    assert.ok(history.length >= 3 && history.includes('event error'), JSON.stringify(history));
    const rows = await page.$$eval('[data-caldoctor="requests"] tbody tr', (trs) => trs.map((tr) => tr.textContent));
    // Place, three status polls, the history, the org summary and the connector status.
    assert.equal(rows.length, 7);
    assert.ok(rows.every((row) => row.includes('UTC')), 'local and UTC times');
    assert.match(await page.textContent('[data-caldoctor="files"]'), /note-scenario\.har: .* 7 /);

    // The report: redacted by default, the domains kept, no secret ever.
    const redacted = await report(page);
    assert.match(redacted, /^# Hybrid Calendar Doctor report/);
    assert.match(redacted, /mailbox-not-found/);
    assert.match(redacted, /W\*\*\*@ciscolive\.us/);
    for (const hidden of [...SECRETS, FULL_EMAIL, ...IDS]) assert.ok(!redacted.includes(hidden), `${hidden} in the redacted report`);
    await page.uncheck('[data-caldoctor="redact"]');
    const full = await report(page);
    assert.ok(full.includes(FULL_EMAIL) && full.includes(IDS[1]));
    for (const secret of SECRETS) assert.ok(!full.includes(secret), `${secret} in the report`);
    await page.selectOption('[data-caldoctor="format"]', 'text');
    assert.match(await report(page), /^Hybrid Calendar Doctor report .*\n=+\n/);

    // Copy report puts exactly the preview on the clipboard (read back from a loopback page:
    // Playwright cannot grant clipboard-read to an extension origin).
    await page.click('#copy-report');
    await until('copied', () => page.$eval('#copy-report', (b) => b.dataset.copied === 'true'));
    const server = await startServer({ port: 0 });
    try {
      await browser.context.grantPermissions(['clipboard-read'], { origin: server.url });
      const reader = await browser.context.newPage();
      await reader.goto(`${server.url}/services`);
      assert.equal(await reader.evaluate(() => navigator.clipboard.readText()), await report(page));
      await reader.close();
    } finally {
      await server.close();
    }
    await page.screenshot({ path: shotPath('analyzer-note-har'), fullPage: true });

    // Screen-share mode, switched on elsewhere (here: storage, as the popup does): masked at once.
    await page.evaluate(() => chrome.storage.local.set({ settings: { screenShare: true } }));
    await page.waitForSelector('[data-caldoctor="masked"]');
    const shown = await page.textContent('[data-caldoctor="results"]');
    assert.ok(!shown.includes(FULL_EMAIL) && shown.includes('W***@ciscolive.us'), 'masked on screen, the domain kept');
    await page.evaluate(() => chrome.storage.local.set({ settings: { screenShare: false } }));
    await until('unmasked', async () => (await page.textContent('[data-caldoctor="results"]')).includes(FULL_EMAIL));
    await page.close();
  });

  test('Download redacted HAR: no secrets, evidence kept, still a HAR the doctor reads', async () => {
    const page = await openAnalyzer();
    await page.setInputFiles('[data-caldoctor="file"]', path.join(FIXTURES, 'har/note-scenario.har'));
    await page.waitForSelector('[data-finding]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-har')]);
    assert.equal(download.suggestedFilename(), 'note-scenario.redacted.har');
    const text = readFileSync(await download.path(), 'utf8');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} in the redacted HAR`);
    assert.ok(text.includes("Received error 'Unauthorized' from O365") && text.includes('ciscolive.us'));
    const har = JSON.parse(text);
    assert.ok(har.log.entries.every((e) => e.request.headers.every((h) => !/authorization|cookie/i.test(h.name))));
    assert.match(await page.textContent('[data-caldoctor="status"]'), /note-scenario\.redacted\.har/);

    // Loaded again, it says the same.
    const again = await openAnalyzer();
    await again.setInputFiles('[data-caldoctor="file"]', { name: 'again.har', mimeType: 'application/json', buffer: Buffer.from(text) });
    await again.waitForSelector('[data-finding]');
    assert.deepEqual(await findings(again), await findings(page));
    await page.close();
    await again.close();
  });

  test('a pasted status: the email and domains typed in decide the diagnosis, live', async () => {
    const page = await openAnalyzer();
    await page.fill('[data-caldoctor="paste"]', readFileSync(path.join(FIXTURES, 'uss/status-o365-unauthorized.json'), 'utf8'));
    await page.click('#analyze-paste');
    await page.waitForSelector('[data-finding]');
    assert.equal((await findings(page))[0].diagnosis, 'undetermined');
    await page.fill('#tenant', NOTE_DOMAINS);
    await page.fill('#email', 'WebexWorkspace1@ciscolive.com');
    await until('domain-not-in-tenant', async () => (await findings(page))[0]?.diagnosis === 'domain-not-in-tenant');
    await page.fill('#email', FULL_EMAIL);
    await until('mailbox-not-found', async () => (await findings(page))[0]?.diagnosis === 'mailbox-not-found');
    await page.close();
  });

  test('a HAR without bodies explains how to export one with content; a pasted body works', async () => {
    const page = await openAnalyzer();
    await page.setInputFiles('[data-caldoctor="file"]', path.join(FIXTURES, 'har/without-bodies.har'));
    await page.waitForSelector('[data-finding="har-without-bodies"]');
    const text = await page.textContent('[data-finding="har-without-bodies"]');
    assert.match(text, /Chrome/);
    assert.match(text, /Firefox/);
    await page.fill('[data-caldoctor="paste"]', readFileSync(path.join(FIXTURES, 'uss/status-o365-forbidden.json'), 'utf8'));
    await page.click('#analyze-paste');
    await page.waitForSelector('[data-finding="o365-forbidden"]');
    await page.fill('[data-caldoctor="paste"]', '{"not": "a known shape"');
    await page.click('#analyze-paste');
    await until('an error line', async () => (await page.textContent('[data-caldoctor="status"]')).includes('could not be read'));
    await page.close();
  });

  test('speaks Japanese when the options say so', async () => {
    const page = await openAnalyzer();
    await page.evaluate(() => chrome.storage.local.set({ settings: { lang: 'ja' } }));
    await page.reload();
    await page.waitForSelector('[data-caldoctor="file"]');
    await page.setInputFiles('[data-caldoctor="file"]', path.join(FIXTURES, 'har/note-scenario.har'));
    await page.waitForSelector('[data-finding]');
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.match(await page.textContent('h1'), /アナライザー/);
    assert.match(await page.textContent('[data-caldoctor="results"]'), /[\u3040-\u30ff]/);
    await page.evaluate(() => chrome.storage.local.remove('settings'));
    await page.close();
  });

  test('a large HAR is read by the worker while the page keeps responding', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-large-'));
    try {
      const file = path.join(dir, 'large.har');
      const { bytes } = writeLargeHar(file, 40 * 1024 * 1024);
      const page = await openAnalyzer();
      // The page's longest pause while the file is read and analyzed.
      await watchPauses(page);
      await page.setInputFiles('[data-caldoctor="file"]', file);
      await page.waitForSelector('[data-finding]', { timeout: 60000 });
      const longest = await longestPause(page);
      const progress = await page.textContent('[data-caldoctor="files"]');
      assert.match(progress, /large\.har: .*MB/);
      assert.ok(longest < 1000, `the page stalled ${longest.toFixed(0)} ms on a ${(bytes / 1e6).toFixed(0)} MB HAR`);
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

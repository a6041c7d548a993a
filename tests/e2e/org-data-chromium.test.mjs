// The organisation's data end to end in Chromium with the built extension: the replica's User
// Status Report loads its status list (the first page over XHR, the next pages with fetch at
// paging.next), the summary, the alarms and the directory lookups; the hook forwards each, the
// adapter files them per organisation, and an extension page's `lists` request to the tab's top
// frame gets them back, oldest first, with the status subjects counted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { ORG_ID, startServer } from '../replica/serve.mjs';
import { chromiumExtensionUrl, launchChromium } from './harness/browsers.mjs';
import { replica, until } from './harness/banner-page.mjs';

const SUBJECTS = 300;

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

/** What an extension page gets for `lists` from the tab that answers it (the report's). */
async function askLists() {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${base}options.html`);
    return await page.evaluate(async () => {
      const { messages } = globalThis[Symbol.for('caldoctor.shared')].protocol;
      for (const tab of await chrome.tabs.query({})) {
        try {
          const answer = await chrome.tabs.sendMessage(tab.id, { type: messages.lists }, { frameId: 0 });
          if (answer) return answer;
        } catch {
          // No adapter in that tab (this page's own).
        }
      }
      return null;
    });
  } finally {
    await page.close();
  }
}

test("an extension page gets the User Status Report's data from the tab, as the page received it", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/reports/user-status?subjects=${SUBJECTS}&pageSize=100`);
  await until('the report loaded', async () => (await replica(page)).report?.state === 'loaded', 30000);
  const answer = await askLists();
  assert.ok(answer, 'the report tab answers');
  assert.equal(answer.orgs.length, 1);
  const [org] = answer.orgs;
  assert.equal(org.org, ORG_ID);
  assert.equal(org.subjects, SUBJECTS);
  const kind = (url) => new URL(url).pathname.split('/').at(-1);
  const lists = org.inputs.filter((i) => kind(i.url) === 'userStatuses');
  assert.deepEqual(lists.map((i) => i.source), ['xhr', 'fetch', 'fetch'], 'the first page over XHR, the next ones with fetch');
  assert.ok(lists.slice(1).every((i) => /[?&]start=\d+/.test(i.url)), 'the next pages at paging.next');
  const ids = lists.flatMap((i) => JSON.parse(i.body).userStatuses.map((s) => s.userId));
  assert.equal(new Set(ids).size, SUBJECTS);
  const kinds = org.inputs.map((i) => kind(i.url));
  for (const expected of ['summary', 'alarms', 'Users', 'machines', 'places']) assert.ok(kinds.includes(expected), `${expected}: ${kinds}`);
  assert.equal(kinds.filter((k) => k === 'Users').length, SUBJECTS / 50, 'every SCIM lookup');
  const start = (i) => Number(new URL(i.url).searchParams.get('start') ?? 0);
  assert.deepEqual(lists.map(start), [0, 100, 200], 'oldest first: the pages as they came');
  assert.ok(kinds.lastIndexOf('userStatuses') < kinds.indexOf('Users'), 'the lookups after the list');
  // The report loaded again: each URL's new copy replaces the old, nothing is held twice.
  await page.reload();
  await until('the report loaded again', async () => (await replica(page)).report?.state === 'loaded', 30000);
  const again = (await askLists()).orgs[0];
  assert.equal(again.inputs.length, org.inputs.length);
  assert.equal(again.subjects, SUBJECTS);
  await page.close();
});

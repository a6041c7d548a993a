// Tenant details in headless Chromium, without the extension: the reader (content/tenant-details.js)
// on the replica's markup and on other markup (heading only, Japanese, a name in the heading or
// the tenant's card, several tenants, "Unknown", still loading), and the watcher
// (content/tenant-learning.js): idle off the Hybrid Calendar settings views, reading there after
// an in-app navigation and when a panel is expanded, the org from the URL or the page's responses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, launchChromium } from '../e2e/harness/browsers.mjs';
import { until } from '../e2e/harness/banner-page.mjs';

const SCRIPTS = ['tenant-details.js', 'tenant-learning.js'].map((f) => path.join(ROOT, 'extension', 'content', f));
const ORG = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
const RTP_ID = '6d1f0c3a-9b8e-4f27-a5d4-3e2c1b0a9f87';
const RTP_DOMAINS = 'rtpcloudcollab.com (default)\nadminrtpcloudcollab.onmicrosoft.com\nciscolive.us';
const SITE = 'https://admin.webex.com';

let browser;
let page;
before(async () => {
  browser = await launchChromium({ extension: null });
  page = await browser.context.newPage();
  // Control Hub's origin, served here: the watcher reads the URL and in-app navigation needs one.
  await page.route(`${SITE}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body><main id="main"></main></body></html>' }));
});
after(() => browser?.close());

/** Opens `url` with `html` in its body and the scripts, and returns what `probe` returns. */
async function onPage(url, html, probe, arg) {
  await page.goto(url);
  await page.evaluate((body) => {
    document.getElementById('main').replaceChildren(document.createRange().createContextualFragment(body));
  }, html);
  for (const file of SCRIPTS) await page.addScriptTag({ path: file });
  return page.evaluate(probe, arg);
}

const read = () => globalThis.caldoctor.tenantDetails.readTenants(document);

test("the replica's Tenant details: its test ids, the tenant's id as its key", async () => {
  const tenants = await onPage(`${SITE}/services/hybrid-calendar/tenant`, `
    <section class="md-card" data-testid="tenant-details"><header><h2 data-testid="tenant-details-heading">Tenant details</h2></header>
      <dl><dt>Tenant name</dt><dd data-testid="tenant-name">RTP Cloud Collab</dd><dt>Tenant ID</dt><dd data-testid="tenant-id">${RTP_ID.toUpperCase()}</dd></dl>
      <h3>Domains</h3><ul data-testid="tenant-domains"><li>rtpcloudcollab.com (default)</li><li>adminrtpcloudcollab.onmicrosoft.com</li><li>ciscolive.us</li></ul>
    </section>`, read);
  assert.deepEqual(tenants, [{ key: RTP_ID, name: 'RTP Cloud Collab', domains: RTP_DOMAINS, unknown: false }]);
});

test('other markup: the heading alone, in Japanese, a name in the heading, a paragraph before the list', async () => {
  const tenants = await onPage(`${SITE}/services`, `
    <section><h2>テナントの詳細</h2><dl><dt>テナント名</dt><dd>Contoso</dd></dl><h3>ドメイン</h3><ul><li>contoso.com (default)</li><li>contoso.onmicrosoft.com</li></ul></section>
    <div role="dialog"><h3>Tenant details: Fabrikam</h3><div><span>Domains</span><p>Verified in Microsoft 365:</p><ol><li>fabrikam.com</li></ol></div></div>
    <article><h4>Tenant details</h4><p>Loading…</p></article>`, read);
  assert.deepEqual(tenants, [
    { key: 'Contoso', name: 'Contoso', domains: 'contoso.com (default)\ncontoso.onmicrosoft.com', unknown: false },
    { key: 'Fabrikam', name: 'Fabrikam', domains: 'fabrikam.com', unknown: false },
  ], 'a panel still loading is no tenant yet');
});

test("several tenants, each expanded in its card: named by the card's title; one shown \"Unknown\"", async () => {
  const card = (name, id, items) => `
    <section class="md-card" data-tenant-id="${id}"><header><h2>${name}</h2></header><div><div>Status <span>Authorized</span></div>
      <button aria-expanded="true">Tenant details</button>
      <div><h3>Tenant details</h3><dl><dt>Tenant ID</dt><dd>${id}</dd></dl><h4>Domains</h4><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul></div></div></section>`;
  const tenants = await onPage(`${SITE}/services/hybrid-calendar`,
    card('RTP Cloud Collab', RTP_ID, ['rtpcloudcollab.com (default)']) +
    card('Cisco Live Events', 'e2a7b4c9-1d3f-4e6a-8b5c-9f0e1d2c3b4a', ['ciscolive.com (default)', 'ciscoliveevents.onmicrosoft.com']) +
    card('Unknown', '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', ['Unknown']), read);
  assert.deepEqual(tenants.map((t) => [t.name, t.key.slice(0, 8), t.domains, t.unknown]), [
    ['RTP Cloud Collab', '6d1f0c3a', 'rtpcloudcollab.com (default)', false],
    ['Cisco Live Events', 'e2a7b4c9', 'ciscolive.com (default)\nciscoliveevents.onmicrosoft.com', false],
    ['Unknown', '0b9c8d7e', '', true],
  ]);
});

/** Loads the watcher on `url`, counting MutationObservers; `window.__stored` collects what it stores. */
async function watch(url, org) {
  await page.goto(url);
  // The scripts first: Playwright's own injected script (set up by the first addScriptTag)
  // creates an observer that must not be counted.
  for (const file of SCRIPTS) await page.addScriptTag({ path: file });
  await page.evaluate((lastOrg) => {
    const Native = MutationObserver;
    window.__observers = { created: 0, connected: 0 };
    window.MutationObserver = class extends Native {
      constructor(callback) {
        super(callback);
        window.__observers.created++;
      }
      observe(...args) {
        window.__observers.connected++;
        return super.observe(...args);
      }
      disconnect() {
        window.__observers.connected--;
        return super.disconnect();
      }
    };
    window.__stored = [];
    window.__org = lastOrg;
  }, org);
  await page.evaluate(() => {
    window.__watch = globalThis.caldoctor.tenantLearning.watchTenantDetails(document, {
      lastOrg: () => window.__org,
      store: async (org, tenants) => void window.__stored.push(...tenants.map((t) => [org, t.name, t.domains, t.unknown])),
      quiet: (error) => window.__stored.push(['error', String(error)]),
    });
  });
}

const PANEL = `<section><h2>Tenant details</h2><dl><dt>Tenant name</dt><dd>RTP Cloud Collab</dd></dl><h3>Domains</h3><ul><li>ciscolive.us</li></ul></section>`;
const addPanel = (html) => document.getElementById('main').insertAdjacentHTML('beforeend', html);
const state = () => ({ stored: window.__stored, observers: window.__observers });

test('idle off the settings views; an in-app navigation to one reads the panel, for the last org seen', async () => {
  await watch(`${SITE}/workspaces`, ORG);
  assert.deepEqual(await page.evaluate(state), { stored: [], observers: { created: 0, connected: 0 } }, 'no observer on a page without Tenant details');
  await page.evaluate(() => history.pushState({}, '', '/services/hybrid-calendar'));
  await page.evaluate(addPanel, PANEL);
  const stored = await until('the panel stored', () => page.evaluate(() => window.__stored.length && window.__stored));
  assert.deepEqual(stored, [[ORG, 'RTP Cloud Collab', 'ciscolive.us', false]]);
  // Re-renders of the same panel store nothing again; expanding another tenant stores it.
  await page.evaluate(() => document.getElementById('main').replaceChildren());
  await page.evaluate(addPanel, PANEL.replace('RTP Cloud Collab', 'Cisco Live Events').replace('ciscolive.us', 'ciscolive.com'));
  await until('the second tenant', () => page.evaluate(() => window.__stored.length === 2));
  await page.evaluate(() => window.__watch.stop());
  assert.equal((await page.evaluate(state)).observers.connected, 0, 'stop() disconnects');
});

test('the org named in the URL wins; read before any org is known, it waits for one', async () => {
  const other = '00000000-1111-4222-8333-444444444444';
  await watch(`${SITE}/services/hybrid-calendar?orgId=${other}`, ORG);
  await page.evaluate(addPanel, PANEL);
  assert.deepEqual(await until('stored', () => page.evaluate(() => window.__stored.length && window.__stored)), [[other, 'RTP Cloud Collab', 'ciscolive.us', false]]);
  await page.evaluate(() => window.__watch.stop());

  await watch(`${SITE}/services/hybrid-calendar`, null);
  await page.evaluate(addPanel, PANEL);
  await until('the panel read', () => page.evaluate(() => window.__observers.created === 1));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.deepEqual(await page.evaluate(() => window.__stored), [], 'no org yet');
  await page.evaluate((org) => {
    window.__org = org;
    window.__watch.orgSeen();
  }, ORG);
  assert.deepEqual(await until('stored', () => page.evaluate(() => window.__stored.length && window.__stored)), [[ORG, 'RTP Cloud Collab', 'ciscolive.us', false]]);
  await page.evaluate(() => window.__watch.stop());
});

test('a click elsewhere watches briefly: a panel opened in place is read', async () => {
  await watch(`${SITE}/workspaces/a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10`, ORG);
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.addEventListener('click', () => document.getElementById('main').insertAdjacentHTML('beforeend', window.__panel));
    document.body.append(button);
  });
  await page.evaluate((html) => (window.__panel = html), PANEL);
  await page.click('button');
  assert.deepEqual(await until('stored', () => page.evaluate(() => window.__stored.length && window.__stored)), [[ORG, 'RTP Cloud Collab', 'ciscolive.us', false]]);
  assert.equal(await page.evaluate(() => window.__observers.created), 1);
  await until('the look over, on a page that stays still', () => page.evaluate(() => window.__observers.connected === 0));
  await page.evaluate(() => window.__watch.stop());
});

test('which URLs are settings views and name an org', async () => {
  const seen = await onPage(`${SITE}/`, '', () => {
    const { isSettingsView, orgInUrl } = globalThis.caldoctor.tenantLearning;
    const view = (href) => isSettingsView(new URL(href));
    return {
      views: ['/services/hybrid-calendar', '/services/hybrid-calendar/tenant', '/#/services/calendar-o365/settings', '/services/office365/tenants/x'].map((p) => view(`https://admin.webex.com${p}`)),
      others: ['/workspaces', '/services', '/users/calendar', '/overview?x=services/calendar'].map((p) => view(`https://admin.webex.com${p}`)),
      orgs: [
        orgInUrl('https://admin.webex.com/services/hybrid-calendar?orgId=1EB65FDF-9643-417F-9974-AD72CAE0E10F'),
        orgInUrl('https://admin.webex.com/orgs/1eb65fdf-9643-417f-9974-ad72cae0e10f/services'),
        orgInUrl('https://admin.webex.com/workspaces/1eb65fdf-9643-417f-9974-ad72cae0e10f'),
      ],
    };
  });
  assert.deepEqual(seen, { views: [true, true, true, true], others: [false, false, false, false], orgs: [ORG, ORG, null] });
});

// No egress (issue 11, item 6) in Firefox ESR with the built extension, as far as WebDriver BiDi
// reaches: the replica's workspace page with its banner (domains typed into it, Details, the
// history over XHR, an in-app navigation) and Tenant details learned. BiDi cannot open the
// extension's own pages (navigating to moz-extension: is refused) nor reach its background page:
// Chromium's suite covers those. Firefox has no NetLog naming the requesting context, so the
// recorder is the loopback proxy that every non-loopback request goes to (harness/egress.mjs):
// whatever reaches it is either a positive control (from the page and from the banner frame) or
// Firefox's own services; and every request the page and its frames made, as BiDi reports them,
// went to the replica or the extension's own package. The replica is served without a CSP, so no
// page policy can hide a request the hook or the adapter would make.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { IDS, startServer } from '../replica/serve.mjs';
import { launchFirefox } from './harness/browsers.mjs';
import { bannerFrame, clickNow, replica, until, waitForBanner } from './harness/banner-page.mjs';
import { firefoxRecorderPrefs, startRecordingProxy } from './harness/egress.mjs';

const A = IDS.workspaceA;
const C = IDS.workspaceC;
const NOTE_DOMAINS = 'rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com, ciscolive.us';
const NONCE = Math.random().toString(36).slice(2);
const CONTROLS = {
  page: `http://egress-control-page.example/${NONCE}`,
  frame: `https://egress-control-frame.example/${NONCE}`,
};
// Firefox's own services (Remote Settings and the like), and the sink puppeteer points the
// others at: Firefox calls them whether or not an extension is installed.
const FIREFOX_OWN = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|dummy\.test)$/;

let server;
let proxy;
before(async () => {
  server = await startServer({ port: 0 });
  proxy = await startRecordingProxy();
});
after(async () => {
  await server?.close();
  await proxy?.close();
});

test('the banner, the history and Tenant details make no request but to the replica', async () => {
  const firefox = await launchFirefox({ prefs: firefoxRecorderPrefs(proxy.port) });
  const driven = [];
  let origin;
  try {
    const page = await firefox.browser.newPage();
    page.on('request', (request) => driven.push(request.url()));
    await page.goto(`${server.url}/workspaces/${A}?poll=250`);
    await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'undetermined');
    origin = new URL(await page.$eval('[data-caldoctor-host] iframe', (iframe) => iframe.src)).origin;
    const frame = await bannerFrame(page, A);
    await frame.type('#domains-input', NOTE_DOMAINS);
    await frame.focus('#domains-input');
    await page.keyboard.press('Enter');
    await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found', 'the diagnosis with the typed domains');
    await (await bannerFrame(page, A)).$eval('#details-toggle', (button) => button.click());
    await waitForBanner(page, A, (b) => b.expanded, 'the Details open');
    await clickNow(page, '[data-testid="see-history"]');
    await until('the history loaded over XHR', async () => (await replica(page)).historyLoads > 0);
    await page.$eval(`[data-testid="workspace-switch-link"][data-place-id="${C}"]`, (a) => a.click());
    await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'domain-not-in-tenant');
    await page.goto(`${server.url}/services/hybrid-calendar/tenant`);
    await page.waitForSelector('[data-testid="tenant-domain"]');
    await page.goto(`${server.url}/workspaces/${C}?poll=250`);
    await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'domain-not-in-tenant');
    await until('the tenant learned', async () =>
      (await bannerFrame(page, C)).evaluate(() =>
        browser.storage.local.get('tenantDomains').then((s) => Object.values(s.tenantDomains ?? {}).some((o) => Object.values(o.tenants).some((t) => t.name === 'RTP Cloud Collab')))));

    // Positive controls: a request to an outside host from the page and from the banner frame.
    assert.match(await page.evaluate((url) => fetch(url).then((r) => `HTTP ${r.status}`, (e) => e.name), CONTROLS.page), /TypeError|HTTP 502/);
    assert.match(await (await bannerFrame(page, C)).evaluate((url) => fetch(url).then((r) => `HTTP ${r.status}`, (e) => e.name), CONTROLS.frame), /TypeError/);
  } finally {
    await firefox.close();
  }

  // The recorder works: it saw both controls (the frame's as its TLS tunnel).
  assert.ok(proxy.seen.some((r) => r.url === CONTROLS.page), 'the proxy sees the page request');
  assert.ok(proxy.seen.some((r) => r.method === 'CONNECT' && r.url === 'egress-control-frame.example:443'), "the proxy sees the frame's tunnel");
  // Nothing else reached it but Firefox's own services.
  const host = (r) => (r.method === 'CONNECT' ? r.url.replace(/:\d+$/, '') : new URL(r.url).hostname);
  const others = proxy.seen.filter((r) => !/^egress-control-(page|frame)\.example$/.test(host(r)) && !FIREFOX_OWN.test(host(r)));
  assert.deepEqual(others, [], 'requests that left for anywhere else');

  // What BiDi saw of the page and its frames: the replica, the extension's own files, the controls.
  const replicaOrigin = new URL(server.url).origin;
  const controls = new Set(Object.values(CONTROLS));
  assert.ok(driven.filter((url) => url.startsWith(`${replicaOrigin}/uss/`)).length > 5, 'the run itself was recorded');
  assert.deepEqual(driven.filter((url) => !url.startsWith(`${replicaOrigin}/`) && !url.startsWith(`${origin}/`) && !controls.has(url)), [], 'requests elsewhere');
});

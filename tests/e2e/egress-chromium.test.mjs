// No egress (issue 11, item 6), in Chromium with the built extension: a full run — the replica's
// workspace page with its banner (Details opened, domains typed into it, the history over XHR,
// Tenant details learned, an in-app navigation), the toolbar popup, the options, the analyzer
// reading a HAR, and the triage page when the build has one — recorded by a loopback proxy and by
// Chromium's NetLog (harness/egress.mjs), then checked: every request that a page, a frame or a
// worker made went to the replica, the extension's documents loaded nothing but their own
// package's files, and the extension opened no tab. The replica is served without a CSP, so no
// page policy can hide a request the hook or the adapter would make. Positive controls prove
// each recorder sees what the checks forbid: a request to an outside host from the page, from a
// banner frame and from the service worker (over TLS), each seen with its initiator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { IDS, startServer } from '../replica/serve.mjs';
import { CHROMIUM_EXTENSION, ROOT, chromiumExtensionUrl, chromiumWorker, launchChromium } from './harness/browsers.mjs';
import { bannerFrame, clickNow, replica, until, waitForBanner } from './harness/banner-page.mjs';
import { netLogRequests, recorderArgs, startRecordingProxy } from './harness/egress.mjs';

const A = IDS.workspaceA;
const C = IDS.workspaceC;
const NOTE_DOMAINS = 'rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com, ciscolive.us';
const HAR = path.join(ROOT, 'tests', 'fixtures', 'har', 'note-scenario.har');
const STATUS_HAR = path.join(ROOT, 'tests', 'fixtures', 'har', 'user-status-report.har');
// The positive controls' targets: hosts no code of ours names, a nonce so that nothing else matches.
const NONCE = Math.random().toString(36).slice(2);
const CONTROLS = {
  page: `http://egress-control-page.example/${NONCE}`,
  frame: `http://egress-control-frame.example/${NONCE}`,
  worker: `https://egress-control-worker.example/${NONCE}`,
};

let server;
let proxy;
let workdir;
before(async () => {
  server = await startServer({ port: 0 });
  proxy = await startRecordingProxy();
  workdir = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-egress-'));
});
after(async () => {
  await server?.close();
  await proxy?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

/** Every request the page (and its frames) made through the driver, with the frame's URL. */
function recordPage(page, into) {
  page.on('request', (request) => into.push({ url: request.url(), frame: request.frame()?.url() ?? '' }));
  return page;
}

/**
 * The scripts behind each request of `page`'s own document (CDP's initiator stacks): a request
 * the content scripts make has the page's origin in the NetLog, like the page's own, but their
 * files in its stack. Resolves to the list it fills with { url, scripts }.
 */
async function recordInitiators(context, page) {
  const into = [];
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', ({ request, initiator }) => {
    const scripts = [];
    for (let stack = initiator.stack; stack; stack = stack.parent) for (const frame of stack.callFrames) scripts.push(frame.url);
    if (initiator.url) scripts.push(initiator.url);
    into.push({ url: request.url, scripts });
  });
  await cdp.send('Network.enable');
  return into;
}

test('a full run makes no request but to the replica; the extension loads only its own files', async () => {
  const netlog = path.join(workdir, 'netlog.json');
  const browser = await launchChromium({ args: recorderArgs(proxy.port, netlog) });
  const driven = []; // requests seen by the driver, per page
  let opened = 0; // the pages the test opened
  const pages = []; // every page of the context, whoever opened it
  browser.context.on('page', (page) => pages.push(page));
  const newPage = async () => {
    opened++;
    return recordPage(await browser.context.newPage(), driven);
  };
  let origin;
  let initiated; // the replica page's requests with the scripts behind them
  try {
    origin = (await chromiumExtensionUrl(browser.context)).replace(/\/$/, ''); // Node's URL has no origin for chrome-extension:

    // The replica: the banner asks for the tenant domains; typed into it, it diagnoses again.
    const page = await newPage();
    initiated = await recordInitiators(browser.context, page);
    await page.goto(`${server.url}/workspaces/${A}?poll=250`);
    await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'undetermined');
    const frame = await bannerFrame(page, A);
    await frame.fill('#domains-input', NOTE_DOMAINS);
    await frame.press('#domains-input', 'Enter');
    await waitForBanner(page, A, (b) => b.findings[0].diagnosis === 'mailbox-not-found', 'the diagnosis with the typed domains');
    await (await bannerFrame(page, A)).click('#details-toggle');
    await waitForBanner(page, A, (b) => b.expanded, 'the Details open');
    await clickNow(page, '[data-testid="see-history"]');
    await until('the history loaded over XHR', async () => (await replica(page)).historyLoads > 0);
    await waitForBanner(page, A, (b) => b.text.includes('ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12'), 'the tracking ID from the history');
    await page.$eval(`[data-testid="workspace-switch-link"][data-place-id="${C}"]`, (a) => a.click());
    await waitForBanner(page, C, (b) => b.findings[0].diagnosis === 'domain-not-in-tenant');

    // Tenant details, learned from the page.
    const tenantPage = await newPage();
    await tenantPage.goto(`${server.url}/services/hybrid-calendar/tenant`);
    const worker = await chromiumWorker(browser.context);
    await until('the tenant learned', () =>
      worker.evaluate(() => chrome.storage.local.get('tenantDomains').then((s) => Object.values(s.tenantDomains ?? {}).some((o) => Object.values(o.tenants).some((t) => t.name === 'RTP Cloud Collab'))))
    );
    await tenantPage.close();

    // The toolbar popup, for the banner's tab.
    const tabId = await (await bannerFrame(page, C)).evaluate(() => chrome.tabs.getCurrent().then((tab) => tab.id));
    const popup = await newPage();
    await popup.goto(`${origin}/popup.html#tab=${tabId}`);
    await popup.waitForSelector('.banner-line');

    // The options: a setting changed, an organization's domains added.
    const options = await newPage();
    await options.goto(`${origin}/options.html`);
    await options.waitForSelector('[data-setting="lang"]');
    await options.fill('[data-new-org]', '2f1c8e0a-1b2c-4d3e-8f4a-5b6c7d8e9f00');
    await options.fill('[data-new-domains]', 'example.com');
    await options.click('[data-action="add-org"]');
    await options.waitForSelector('textarea[data-org="2f1c8e0a-1b2c-4d3e-8f4a-5b6c7d8e9f00"]');
    await options.selectOption('[data-setting="format"]', 'text');
    await until('the format saved', () => worker.evaluate(() => chrome.storage.local.get('settings').then((s) => s.settings?.format === 'text')));

    // The analyzer reading a HAR, re-diagnosing as the domains are typed, its report copied.
    const analyzer = await newPage();
    await analyzer.goto(`${origin}/analyzer.html`);
    await analyzer.waitForSelector('[data-caldoctor="file"]');
    await analyzer.setInputFiles('[data-caldoctor="file"]', HAR);
    await analyzer.waitForSelector('[data-finding]');
    await analyzer.fill('#tenant', NOTE_DOMAINS);
    await analyzer.waitForSelector('[data-finding][data-diagnosis="mailbox-not-found"]');
    const [download] = await Promise.all([analyzer.waitForEvent('download'), analyzer.click('#download-har')]);
    await download.path();

    // The triage page, once the build has it: for the banner's tab, and reading a status HAR.
    if (existsSync(path.join(CHROMIUM_EXTENSION, 'triage.html'))) {
      const triage = await newPage();
      await triage.goto(`${origin}/triage.html#tab=${tabId}`);
      await triage.waitForSelector('#triage > *');
      if (await triage.$('input[type="file"]')) {
        const before = await triage.$eval('#triage', (root) => root.textContent);
        await triage.setInputFiles('input[type="file"]', STATUS_HAR);
        await until('the triage page read the HAR', async () => (await triage.$eval('#triage', (root) => root.textContent)) !== before);
      }
    }

    // Positive controls, last: a request to an outside host from the page (the replica has no
    // CSP), from the banner frame and from the service worker. Each fails (refused by the proxy).
    assert.match(await page.evaluate((url) => fetch(url).then((r) => `HTTP ${r.status}`, (e) => e.name), CONTROLS.page), /TypeError|HTTP 502/);
    assert.match(await (await bannerFrame(page, C)).evaluate((url) => fetch(url).then((r) => `HTTP ${r.status}`, (e) => e.name), CONTROLS.frame), /TypeError|HTTP 502/);
    assert.match(await worker.evaluate((url) => fetch(url).then((r) => `HTTP ${r.status}`, (e) => e.name), CONTROLS.worker), /TypeError/);
  } finally {
    await browser.close(); // writes the NetLog out
  }

  const requests = netLogRequests(netlog);
  const controls = new Set(Object.values(CONTROLS));
  const replicaOrigin = new URL(server.url).origin;
  const toReplica = (url) => new URL(url).origin === replicaOrigin;

  // The recorders work: each control was seen, with the context that made it.
  const seenControl = (url) => requests.find((r) => r.url === url);
  assert.equal(seenControl(CONTROLS.page)?.initiator, replicaOrigin, 'the NetLog sees the page request');
  assert.equal(seenControl(CONTROLS.frame)?.initiator, origin, "the NetLog sees the banner frame's request");
  assert.equal(seenControl(CONTROLS.worker)?.initiator, origin, "the NetLog sees the service worker's request");
  assert.ok(proxy.seen.some((r) => r.url === CONTROLS.page), 'the proxy sees the page request');
  assert.ok(proxy.seen.some((r) => r.url === CONTROLS.frame), "the proxy sees the frame's request");
  assert.ok(proxy.seen.some((r) => r.method === 'CONNECT' && r.url === 'egress-control-worker.example:443'), "the proxy sees the worker's tunnel");
  assert.ok(requests.filter((r) => toReplica(r.url)).length > 20, 'the run itself was recorded');

  // Every request of a page, frame or worker (anything with an initiator) went to the replica.
  const fromContexts = requests.filter((r) => r.initiator !== null && !controls.has(r.url));
  assert.deepEqual(fromContexts.filter((r) => !toReplica(r.url)), [], 'requests to anywhere but the replica');
  // The extension's own contexts made no network request at all, not even to the replica.
  assert.deepEqual(fromContexts.filter((r) => r.initiator === origin), [], "the extension's network requests");
  // Nor did the content scripts (whose requests the NetLog files under the page's origin): a
  // request of the page's document with one of our scripts in its stack is the page's own only
  // through the hook, which wraps the page's fetch (the page's code below it in the stack).
  assert.ok(initiated.some((r) => r.scripts.some((s) => s.includes('/assets/app.js'))), 'the stacks were recorded');
  const ours = (script) => script.startsWith(`${origin}/`);
  const hook = (script) => script === `${origin}/page/hook.js`;
  const byUs = initiated.filter(
    (r) => !ours(r.url) && (r.scripts.some((s) => ours(s) && !hook(s)) || (r.scripts.length > 0 && r.scripts.every(ours))),
  );
  assert.deepEqual(byUs, [], 'requests the content scripts or the hook made');
  // What is left, without an initiator, is the browser's own: navigations the test made, and
  // Chromium's update and account services. None may carry the extension's data.
  const browserOwn = requests.filter((r) => r.initiator === null && !toReplica(r.url));
  for (const r of browserOwn) {
    assert.match(new URL(r.url).hostname, /(^|\.)(googleapis|google|gstatic)\.com$/, `a browser request to ${r.url}`);
    assert.ok(!r.url.includes(A) && !r.url.includes('ciscolive'), `the subject or its domain in ${r.url}`);
  }
  // Everything that reached the proxy is in the NetLog: the NetLog misses nothing that left.
  const netlogHosts = new Set(requests.map((r) => new URL(r.url).host));
  for (const r of proxy.seen) {
    const host = r.method === 'CONNECT' ? r.url.replace(/:443$/, '') : new URL(r.url).host;
    assert.ok(netlogHosts.has(host), `${r.method} ${r.url} reached the proxy but not the NetLog`);
  }

  // The extension's documents (the banner frames, popup, options, analyzer, triage) loaded only
  // files of its own package.
  const own = driven.filter((r) => r.frame.startsWith(`${origin}/`));
  assert.ok(own.some((r) => r.url.endsWith('/caldoctor_banner_bg.wasm')) && own.some((r) => r.url.endsWith('/caldoctor_pages_bg.wasm')), 'both Wasm modules loaded');
  assert.deepEqual(own.filter((r) => !r.url.startsWith(`${origin}/`) && !controls.has(r.url)).map((r) => r.url), [], 'loads from outside the package');
  assert.equal(pages.length, opened, `pages the extension opened by itself: ${pages.map((p) => p.url())}`);
});

// Forged messages (issue 11, item 4), in Chromium with the built extension on the replica (strict
// CSP): a page script can dispatch the hook's event (protocol.events.response) with any detail,
// post anything to a banner frame, and embed banner.html itself (it is web-accessible). None of it
// may show a link outside the allowlist (src/explain/links.rs), run code, reach the extension's
// runtime, file the page's Tenant details under another org, or grow storage without bound.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HOSTILE, IDS, ORG_ID, startServer } from '../replica/serve.mjs';
import { chromiumExtensionUrl, chromiumWorker, launchChromium } from './harness/browsers.mjs';
import { bannerFrame, hosts, readBanner, until, waitForBanner } from './harness/banner-page.mjs';
import { contentScriptWorld, protocol } from './harness/worlds.mjs';

const { events, storage } = protocol();
const ORG_B = '0bbbbbbb-1111-4222-8333-444444444444';
const ALLOWED_HOSTS = ['graph.microsoft.com', 'developer.microsoft.com', 'learn.microsoft.com', 'admin.exchange.microsoft.com', 'admin.webex.com', 'help.webex.com', 'admin.google.com'];
const EVIL = 'https://evil.example/phish';

/** A subject id of its own for each n (a UUID, as USS writes them). */
const subject = (n) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A forged hook event's detail: a USS status of `id` in `org`, in error with `description`. */
function forgedStatus(org, id, description, host = 'uss-a.wbx2.com') {
  const status = {
    userId: id, orgId: org, serviceId: 'squared-fusion-cal', entitled: true, state: 'error', owner: 'ccc',
    lastStateChange: '2026-11-27T01:24:00.000Z', lastStatusUpdate: '2026-11-27T01:30:00.000Z',
    messages: [{ severity: 'error', key: 'c_cal@o365.error', title: 'Unauthorized', description }],
  };
  return {
    url: `https://${host}/uss/api/v1/orgs/${org}/userStatuses?includeMessages=true&entitled=true&userId=${id}`,
    status: 200, time: new Date().toISOString(), via: 'fetch', body: JSON.stringify({ userStatuses: [status] }),
  };
}

/** Dispatches each of `details` as the hook's event, from a page script (strings are sent as they are). */
function forge(page, details) {
  return page.evaluate(
    ({ name, details }) => {
      for (const detail of details) document.dispatchEvent(new CustomEvent(name, { detail: typeof detail === 'string' ? detail : JSON.stringify(detail) }));
    },
    { name: events.response, details },
  );
}

/**
 * Dispatches events `from` to `to` (exclusive) as the hook's event, built in the page (no data
 * crosses the driver): mostly statuses of a subject of their own, every 100th an org-wide
 * response of 16 KiB under a URL of its own (the org's bucket is in every banner's payload).
 */
function flood(page, from, to) {
  return page.evaluate(
    ({ name, from, to, org, builders }) => {
      const [subject, forgedStatus] = builders.map((source) => (0, eval)(`(${source})`)); // the test's own builders
      for (let n = from; n < to; n++) {
        const detail = n % 100 === 99
          ? { url: `https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/${org}/services/squared-fusion-cal?n=${n}`, status: 200, time: '', via: 'fetch', body: JSON.stringify({ provisioned: true, status: 'ok', errorCode: 0, pad: 'x'.repeat(16384) }) }
          : forgedStatus(org, subject(1000 + n), `Received error 'Unauthorized' from O365. ${'y'.repeat(1000)}`);
        document.dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(detail) }));
      }
    },
    { name: events.response, from, to, org: ORG_ID, builders: [subject.toString(), forgedStatus.toString()] },
  );
}

/** What the extension keeps: bytes and keys of storage.session and storage.local. */
function storageFigures(worker) {
  return worker.evaluate(async () => ({
    sessionBytes: await chrome.storage.session.getBytesInUse(null),
    sessionKeys: Object.keys(await chrome.storage.session.get(null)).sort(),
    localBytes: await chrome.storage.local.getBytesInUse(null),
    local: await chrome.storage.local.get(null),
  }));
}

const tenantsOf = async (worker, org) => (await worker.evaluate((key) => chrome.storage.local.get(key), storage.tenantDomains))[storage.tenantDomains]?.[org];

/** Asserts every link of `banner` is https to an allowlisted host. */
function assertAllowlisted(banner) {
  for (const href of banner.links) {
    const url = new URL(href);
    assert.ok(url.protocol === 'https:' && ALLOWED_HOSTS.includes(url.hostname), `a link outside the allowlist: ${href}`);
  }
}

let server;
let browser;
let worker;
let base;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
  browser = await launchChromium();
  worker = await chromiumWorker(browser.context);
  base = await chromiumExtensionUrl(browser.context);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A replica page whose page errors are collected in `page.errors`. */
async function openPage(path) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(`${server.url}${path}`);
  return page;
}

describe('forged messages in Chromium', () => {
  test('crafted response events show as text, link only to the allowlist and run nothing', async () => {
    const page = await openPage('/services'); // shows no subject: a forged one gets the banner
    const world = await contentScriptWorld(page, base.replace(/\/$/, ''));
    const X = subject(1);
    const markup = `${HOSTILE} <a href="${EVIL}">here</a> [sign in](${EVIL}) ${EVIL} <script>window.__pwned=5</script> \u202Egnp.exe`;
    const place = {
      url: `https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG_ID}/places/${X}`, status: 200, time: '', via: 'fetch',
      body: JSON.stringify({ cisUuid: X, displayName: '<img src=x onerror=window.__pwned=6>', externalLinkedAccounts: [{ providerID: 'squared-fusion-cal', accountGUID: `x"><img src=x onerror=window.__pwned=7>@evil.example` }] }),
    };
    // Over the adapter's cap (the hook's 8 MiB body and its envelope), made in the page.
    await page.evaluate((name) => document.dispatchEvent(new CustomEvent(name, { detail: `{"url":"x","body":"${'x'.repeat(10 * 1024 * 1024)}"}` })), events.response);
    await forge(page, [
      // Not details at all, or not what the hook sends: ignored.
      '', 'null', '[]', '{"url":5}', '{"__proto__":{"polluted":1},"url":"https://uss-a.wbx2.com/uss/api/v1/orgs/x/userStatuses?userId=y","body":"{}"}',
      { ...forgedStatus(ORG_ID, X, 'ignored'), url: 'javascript:alert(1)//uss/api/v1/orgs/o/userStatuses?userId=u' },
      { ...forgedStatus(ORG_ID, X, 'ignored'), body: { not: 'a string' } },
      // Read, and shown: markup, links and a direction override in the server's words; an evil host.
      place,
      forgedStatus(ORG_ID, X, markup, 'evil.example'),
    ]);
    const banner = await waitForBanner(page, X, (b) => b.text.includes('<script>window.__pwned=5</script>'), 'the forged words, shown');
    assert.ok(banner.text.includes(HOSTILE) && banner.text.includes(`[sign in](${EVIL})`), 'shown verbatim, as text');
    assertAllowlisted(banner);
    assert.equal(banner.images, 0, 'no element made from data');
    assert.equal(banner.pwned, null, 'nothing ran in the frame');
    assert.equal(await page.evaluate(() => globalThis.__pwned ?? null), null, 'nothing ran in the page');
    const frame = await bannerFrame(page, X);
    assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('script')].map((s) => s.getAttribute('src'))), ['shared/protocol.js', 'shared/api.js', 'shared/settings.js', 'banner.js'], "the frame's scripts are its own");
    assert.equal(await world.evaluate('globalThis.__pwned ?? null'), null, 'nothing ran in the content scripts\' world');
    assert.equal(await world.evaluate('({}).polluted ?? null'), null, "the content scripts' Object.prototype is untouched");
    assert.equal(await page.evaluate(() => ({}).polluted ?? null), null);
    assert.deepEqual(page.errors, []);
    await world.detach();
    await page.close();
  });

  test('messages posted to a banner frame change nothing; the runtime is out of the page\'s reach', async () => {
    const page = await openPage(`/workspaces/${IDS.workspaceA}?poll=250`);
    const before = await waitForBanner(page, IDS.workspaceA);
    const frame = await bannerFrame(page, IDS.workspaceA);
    const [host] = await hosts(page);
    const stored = await storageFigures(worker);
    // A witness in the frame counts what arrives, after the frame's own listener has seen it.
    await frame.evaluate(() => {
      window.__received = 0;
      addEventListener('message', () => window.__received++);
    });
    const sent = await page.evaluate(({ refresh, evil }) => {
      const target = document.querySelector('[data-caldoctor-host] iframe').contentWindow;
      const id = decodeURIComponent(new URL(document.querySelector('[data-caldoctor-host] iframe').src).hash.slice(1));
      const payload = { inputs: [{ url: 'https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?userId=u', body: `{"userStatuses":[{"state":"error","messages":[{"description":"<a href=${evil}>x</a>"}]}]}`, source: 'fetch' }], context: {} };
      const messages = [
        { type: 'put', id, payload }, { type: 'get', id }, { type: 'height', id, height: 0, state: '' }, { type: 'dismiss', id },
        `${refresh}<img src=x onerror=window.__pwned=8>`, JSON.stringify({ type: 'put', id, payload }), { data: refresh }, [refresh], 42, null,
      ];
      for (const message of messages) target.postMessage(message, '*');
      const channel = new MessageChannel();
      target.postMessage(refresh, '*', [channel.port2]); // the word itself: the frame only refetches its payload
      return messages.length + 1;
    }, { refresh: protocol().frame.refresh, evil: EVIL });
    await until('the frame received every message', () => frame.evaluate((n) => window.__received === n, sent));
    const afterwards = await waitForBanner(page, IDS.workspaceA);
    assert.equal(afterwards.text, before.text, 'the banner says the same');
    assertAllowlisted(afterwards);
    assert.equal(afterwards.pwned, null);
    const [hostNow] = await hosts(page);
    assert.deepEqual({ visible: hostNow.visible, height: hostNow.height }, { visible: host.visible, height: host.height }, 'neither hidden nor resized');
    assert.deepEqual((await storageFigures(worker)).local, stored.local, 'storage.local unchanged');

    // The page has no extension runtime: not chrome.runtime (no externally_connectable), not the frame's.
    const reach = await page.evaluate(async (id) => {
      const out = { runtime: typeof globalThis.chrome?.runtime?.sendMessage };
      try {
        await globalThis.chrome.runtime.sendMessage(id, { type: 'summary', tabId: 0 });
        out.sent = true;
      } catch (error) {
        out.sent = error.name;
      }
      try {
        out.frame = typeof document.querySelector('[data-caldoctor-host] iframe').contentWindow.chrome;
      } catch (error) {
        out.frame = error.name;
      }
      return out;
    }, new URL(base).hostname);
    assert.deepEqual(reach, { runtime: 'undefined', sent: 'TypeError', frame: 'SecurityError' });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('banner frames the page embeds itself, with made-up ids, add no banner to the tab', async () => {
    const page = await openPage(`/workspaces/${IDS.workspaceA}?poll=250`);
    await waitForBanner(page, IDS.workspaceA);
    const ids = ['made-up-1', 'made-up-2', `${IDS.workspaceB}.00000000-0000-4000-8000-000000000000`];
    await page.evaluate(({ base, ids }) => {
      for (const id of ids) {
        const iframe = document.createElement('iframe');
        iframe.src = `${base}banner.html#${encodeURIComponent(id)}`;
        iframe.className = 'embedded-by-the-page';
        document.body.append(iframe);
      }
    }, { base, ids });
    const embedded = await until('the embedded frames started', async () => {
      const frames = page.frames().filter((f) => ids.some((id) => decodeURIComponent(f.url()).endsWith(`#${id}`)));
      if (frames.length !== ids.length) return null;
      const started = await Promise.all(frames.map((f) => f.evaluate(() => globalThis.caldoctorBanner !== undefined).catch(() => false)));
      return started.every(Boolean) && frames;
    });
    // Each one reports as a frame does; the background refuses it (null), in the order sent.
    for (const [i, frame] of embedded.entries()) {
      const answer = await frame.evaluate((id) => chrome.runtime.sendMessage({ type: 'height', id, height: 100, state: 'o365-unauthorized:undetermined', subject: 's', summary: 'forged' }), ids[i]);
      assert.equal(answer, null, `a report for ${ids[i]}`);
    }
    const tabId = await (await bannerFrame(page, IDS.workspaceA)).evaluate(() => chrome.tabs.getCurrent().then((tab) => tab.id));
    const record = await worker.evaluate((key) => chrome.storage.session.get(key).then((s) => s[key]), `${storage.tabPrefix}${tabId}`);
    // The adapter's own: A's banner (and a spare frame, subject-less, loading for the next one).
    const genuine = (await hosts(page)).map((h) => h.subject).filter(Boolean);
    assert.deepEqual(genuine, [IDS.workspaceA]);
    const idOfA = await page.$eval(`[data-caldoctor-subject="${IDS.workspaceA}"] iframe`, (f) => decodeURIComponent(new URL(f.src).hash.slice(1)));
    assert.deepEqual(Object.keys(record.banners), [idOfA], "the tab's banners: A's alone");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("a forged event naming another org cannot take the page's Tenant details there", async () => {
    const page = await openPage('/services/hybrid-calendar/tenant');
    await until('the tenant learned for the org', async () => Object.values((await tenantsOf(worker, ORG_ID))?.tenants ?? {}).some((t) => t.name === 'RTP Cloud Collab'));
    // A page script names org B (a status in error: a banner docks, the DOM changes), then the
    // page shows a domain more in the panel.
    const Y = subject(2);
    await forge(page, [forgedStatus(ORG_B, Y, "Received error 'Unauthorized' from O365. Admin action is required.")]);
    await until('the forged banner', async () => (await hosts(page)).some((h) => h.subject === Y && h.visible));
    await page.evaluate(() => document.querySelector('[data-testid="tenant-domains"]').insertAdjacentHTML('beforeend', '<li data-testid="tenant-domain">added.example</li>'));
    // The next page (in-app) names the org again: what was read is filed there, under the org.
    await page.$eval('a[href="/services/hybrid-calendar"]', (a) => a.click());
    await until('the reading filed under the page\'s org', async () => Object.values((await tenantsOf(worker, ORG_ID))?.tenants ?? {}).some((t) => t.domains.includes('added.example')));
    assert.equal(await tenantsOf(worker, ORG_B), undefined, 'nothing stored for org B');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('10,000 forged events leave storage bounded: one payload per banner on the page', async (t) => {
    const page = await openPage('/services');
    await page.waitForSelector('[data-testid="ccc-status"] [data-state]'); // the org named by a genuine response
    const start = await storageFigures(worker);
    let n = 0;
    // In batches, each shown: every batch's last subject gets the page's banner in turn.
    for (let batch = 0; batch < 10; batch++, n += 1000) {
      await flood(page, n, n + 1000);
      const last = subject(1000 + n + 998); // the batch's last status (its very last event is org-wide)
      await until(`the banner of batch ${batch}`, async () => (await hosts(page)).some((h) => h.subject === last && h.visible));
    }
    const end = await storageFigures(worker);
    const banners = (await hosts(page)).length;
    t.diagnostic(`after ${n} forged events: storage.session ${start.sessionBytes} → ${end.sessionBytes} bytes (${end.sessionKeys.length} keys), storage.local ${start.localBytes} → ${end.localBytes} bytes; ${banners} banner on the page`);
    assert.equal(n, 10000);
    const payloads = end.sessionKeys.filter((k) => k.startsWith(storage.bannerPrefix));
    assert.ok(payloads.length <= banners, `payloads kept: ${payloads.length} for ${banners} banner(s)`);
    assert.ok(end.sessionBytes <= 10 * 1024 * 1024, 'within storage.session\'s quota');
    assert.deepEqual(end.local, start.local, 'storage.local untouched');
    const banner = await readBanner(page, subject(1000 + n - 2));
    assertAllowlisted(banner);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

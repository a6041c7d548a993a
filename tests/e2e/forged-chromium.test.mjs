// Forged messages (issue 11, item 4), in Chromium with the built extension on the replica (strict
// CSP). The hook hands its responses to the adapter on a node of its own that no page script can
// reach (extension/content/channel.js): a page script that dispatches the channel's events on
// `document` — as its very first script, before any real response, or later — or fishes for the
// node with a `ready` of its own reaches nothing: no banner, no org, no storage. What a page can
// still do is receive crafted responses (a hostile server, a service worker): those show as text,
// link only to the allowlist (src/explain/links.rs) and run nothing. It can also post anything to a
// banner frame and embed banner.html itself (it is web-accessible): neither reaches the runtime.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HOSTILE, IDS, ORG_ID, startServer } from '../replica/serve.mjs';
import { chromiumExtensionUrl, chromiumWorker, launchChromium } from './harness/browsers.mjs';
import { bannerFrame, hosts, replica, until, waitForBanner } from './harness/banner-page.mjs';
import { contentScriptWorld, protocol } from './harness/worlds.mjs';

const { events, messages, storage } = protocol();
const ORG_B = '0bbbbbbb-1111-4222-8333-444444444444';
const ALLOWED_HOSTS = ['graph.microsoft.com', 'developer.microsoft.com', 'learn.microsoft.com', 'admin.exchange.microsoft.com', 'admin.webex.com', 'help.webex.com', 'admin.google.com'];
const EVIL = 'https://evil.example/phish';

/** A subject id of its own for each n (a UUID, as USS writes them). */
const subject = (n) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** A status list of org B: organisation's data, which the `lists` request would show. */
const listOfB = (id) => ({ url: `https://uss-a.wbx2.com/uss/api/v1/orgs/${ORG_B}/userStatuses?limit=10&of=${id}`, status: 200, time: '', via: 'fetch', body: JSON.stringify({ userStatuses: [{ userId: id, orgId: ORG_B, state: 'error' }] }) });

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

/** Dispatches each of `details` as the hook's event on `document`, from a page script. */
function forge(page, details) {
  return page.evaluate(
    ({ name, details }) => {
      for (const detail of details) document.dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(detail) }));
    },
    { name: events.response, details },
  );
}

/**
 * A page script fishing for the channel: it listens on `document` for the channel's events,
 * dispatches `ready` there (the hook's cue to offer its node), offers a hello of its own from a
 * node of its own, and dispatches `details` as responses on `document` and on that node.
 * Returns { heard: events it heard that it did not send, taken: whether its hello was taken }.
 * Sent as source: it runs as the replica's first script too (see firstScript).
 */
function fish({ events, details }) {
  const heard = [];
  const mine = new Set();
  for (const name of Object.values(events)) document.addEventListener(name, (e) => mine.has(e) || heard.push(name), true);
  const send = (target, event) => {
    mine.add(event);
    return target.dispatchEvent(event);
  };
  send(document, new Event(events.ready));
  const node = document.createElement('span');
  document.documentElement.append(node);
  const taken = !send(node, new Event(events.hello, { bubbles: true, cancelable: true }));
  node.remove();
  for (const detail of details) {
    for (const target of [document, node]) send(target, new CustomEvent(events.response, { detail: JSON.stringify(detail) }));
  }
  return { heard, taken };
}

/**
 * Dispatches events `from` to `to` (exclusive) as the hook's event on `document`, built in the page (no
 * data crosses the driver), all of org B: statuses of a subject of their own each, every 100th a
 * status list of 16 KiB under a URL of its own (the organisation's data).
 */
function flood(page, from, to) {
  return page.evaluate(
    ({ name, from, to, org, builders }) => {
      const [subject, forgedStatus] = builders.map((source) => (0, eval)(`(${source})`)); // the test's own builders
      for (let n = from; n < to; n++) {
        const detail = n % 100 === 99
          ? { url: `https://uss-a.wbx2.com/uss/api/v1/orgs/${org}/userStatuses?limit=10000&n=${n}`, status: 200, time: '', via: 'fetch', body: JSON.stringify({ userStatuses: [], pad: 'x'.repeat(16384) }) }
          : forgedStatus(org, subject(1000 + n), `Received error 'Unauthorized' from O365. ${'y'.repeat(1000)}`);
        document.dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(detail) }));
      }
    },
    { name: events.response, from, to, org: ORG_B, builders: [subject.toString(), forgedStatus.toString()] },
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

/**
 * A replica page whose page errors are collected in `page.errors`. With `first`, `first(page)`'s
 * source runs as the page's first script (the head's first element, same origin for the CSP) and
 * leaves its result in `window.first`.
 */
async function openPage(path, { first, crafted } = {}) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  if (first) {
    await page.route((url) => url.pathname === '/first-script.js', (route) => route.fulfill({ contentType: 'text/javascript', body: `window.first = (${first});` }));
    await page.route((url) => url.href === `${server.url}${path}`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('<head>', '<head><script src="/first-script.js"></script>');
      await route.fulfill({ response, body: html });
    });
  }
  // Crafted responses under URLs the hook reads: what a hostile server or service worker can answer.
  if (crafted) await page.route((url) => url.searchParams.has('crafted'), (route) => route.fulfill({ contentType: 'application/json', body: crafted[new URL(route.request().url()).searchParams.get('crafted')] }));
  await page.goto(`${server.url}${path}`);
  return page;
}

/** The organisations' data the adapter of `page` holds: the `lists` request, from A's banner frame. */
async function listsOf(page) {
  const frame = await bannerFrame(page, IDS.workspaceA);
  return frame.evaluate(async (type) => {
    const tab = await chrome.tabs.getCurrent();
    return chrome.tabs.sendMessage(tab.id, { type }, { frameId: 0 });
  }, messages.lists);
}

/** Asserts nothing of org B reached the adapter or storage. */
async function assertNothingOfB(page, storedBefore) {
  const { orgs } = await listsOf(page);
  assert.ok(orgs.every((o) => o.org !== ORG_B && o.inputs.every((i) => !i.url.includes(ORG_B))), JSON.stringify(orgs.map((o) => o.org)));
  assert.equal(await tenantsOf(worker, ORG_B), undefined, 'nothing stored for org B');
  if (storedBefore) assert.deepEqual((await storageFigures(worker)).local, storedBefore.local, 'storage.local unchanged');
}

describe('forged messages in Chromium', () => {
  test("the page's first script, before any real response, neither forges nor finds the channel", async () => {
    const stored = await storageFigures(worker);
    const X = subject(1);
    const details = [forgedStatus(ORG_B, X, "Received error 'Unauthorized' from O365. Admin action is required."), listOfB(X)];
    const page = await openPage(`/workspaces/${IDS.workspaceA}?poll=250`, { first: `(${fish})(${JSON.stringify({ events, details })})` });
    assert.deepEqual(await page.evaluate(() => window.first), { heard: [], taken: false }, 'it heard nothing and its hello was not taken');
    // The page's genuine responses still arrive: A's banner, then more polls.
    await waitForBanner(page, IDS.workspaceA);
    const polls = (await replica(page)).polls;
    await until('two more polls', async () => (await replica(page)).polls >= polls + 2);
    assert.deepEqual((await hosts(page)).map((h) => h.subject).filter(Boolean), [IDS.workspaceA], 'no banner for the forged subject');
    await assertNothingOfB(page, stored);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a page script that dispatches "ready" after load, or forges on document, gets nothing and reaches nothing', async () => {
    const page = await openPage(`/workspaces/${IDS.workspaceA}?poll=250`);
    await waitForBanner(page, IDS.workspaceA);
    const stored = await storageFigures(worker);
    const X = subject(2);
    const fished = await page.evaluate(({ events, details, source }) => (0, eval)(`(${source})`)({ events, details }), { events, details: [forgedStatus(ORG_B, X, 'after load'), listOfB(X)], source: fish.toString() });
    assert.deepEqual(fished, { heard: [], taken: false }, 'no hello for its ready; its own hello not taken');
    await forge(page, [forgedStatus(ORG_ID, X, 'on document, under the real org'), listOfB(subject(5))]);
    const polls = (await replica(page)).polls;
    await until('two more polls', async () => (await replica(page)).polls >= polls + 2);
    await waitForBanner(page, IDS.workspaceA);
    assert.deepEqual((await hosts(page)).map((h) => h.subject).filter(Boolean), [IDS.workspaceA], 'no banner for the forged subject');
    const { orgs } = await listsOf(page);
    assert.ok(orgs.every((o) => o.inputs.every((i) => !i.url.includes(X))), 'nothing of the forged subject held');
    await assertNothingOfB(page, stored);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('crafted responses show as text, link only to the allowlist and run nothing', async () => {
    const X = subject(3);
    const markup = `${HOSTILE} <a href="${EVIL}">here</a> [sign in](${EVIL}) ${EVIL} <script>window.__pwned=5</script> \u202Egnp.exe`;
    const crafted = {
      place: JSON.stringify({ cisUuid: X, displayName: '<img src=x onerror=window.__pwned=6>', externalLinkedAccounts: [{ providerID: 'squared-fusion-cal', accountGUID: `x"><img src=x onerror=window.__pwned=7>@evil.example` }] }),
      status: forgedStatus(ORG_ID, X, markup).body.replace('{"userStatuses"', '{"__proto__":{"polluted":1},"userStatuses"'),
    };
    const page = await openPage('/services', { crafted }); // shows no subject: a polled one gets the banner
    const world = await contentScriptWorld(page, base.replace(/\/$/, ''));
    await page.evaluate(({ org, x }) => Promise.all([
      fetch(`/csdm/api/v1/organization/${org}/places/${x}?crafted=place`).then((r) => r.text()),
      fetch(`/uss/api/v1/orgs/${org}/userStatuses?userId=${x}&crafted=status`).then((r) => r.text()),
    ]), { org: ORG_ID, x: X });
    const banner = await waitForBanner(page, X, (b) => b.text.includes('<script>window.__pwned=5</script>'), 'the crafted words, shown');
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
    // A page script names org B, then the page shows a domain more in the panel: read, and filed
    // under the page's org, as if nothing had been dispatched.
    await forge(page, [forgedStatus(ORG_B, subject(4), "Received error 'Unauthorized' from O365. Admin action is required.")]);
    await page.evaluate(() => document.querySelector('[data-testid="tenant-domains"]').insertAdjacentHTML('beforeend', '<li data-testid="tenant-domain">added.example</li>'));
    await until('the reading filed under the page\'s org', async () => Object.values((await tenantsOf(worker, ORG_ID))?.tenants ?? {}).some((t) => t.domains.includes('added.example')));
    assert.equal(await tenantsOf(worker, ORG_B), undefined, 'nothing stored for org B');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('10,000 forged events change nothing: no banner, no storage', async (t) => {
    const page = await openPage('/services');
    await page.waitForSelector('[data-testid="ccc-status"] [data-state]'); // the org named by a genuine response
    const start = await storageFigures(worker);
    for (let n = 0; n < 10000; n += 1000) await flood(page, n, n + 1000);
    // A genuine response after them: its banner is the only one.
    await page.evaluate((url) => fetch(url).then((r) => r.text()), `/uss/api/v1/orgs/${ORG_ID}/userStatuses?userId=${IDS.workspaceA}&probe=ok`);
    await waitForBanner(page, IDS.workspaceA);
    const end = await storageFigures(worker);
    t.diagnostic(`after 10000 forged events: storage.session ${start.sessionBytes} → ${end.sessionBytes} bytes (${end.sessionKeys.length} keys), storage.local ${start.localBytes} → ${end.localBytes} bytes`);
    assert.deepEqual((await hosts(page)).map((h) => h.subject).filter(Boolean), [IDS.workspaceA]);
    assert.ok(end.sessionKeys.filter((k) => k.startsWith(storage.bannerPrefix)).length <= start.sessionKeys.filter((k) => k.startsWith(storage.bannerPrefix)).length + 2, "A's payload (and a spare's) at most");
    await assertNothingOfB(page, start);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

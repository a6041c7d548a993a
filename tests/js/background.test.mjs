// The background relay, loaded into a vm context with a fake extension API that records what it
// sends: put/get round trip per tab, height and dismiss forwarded to the adapter's frame 0 and
// kept for the popup (only for banners the adapter put), the toolbar badge, pause and reveal from
// the popup, the screen-share shortcut, bad messages and strangers ignored, the adapter's lists
// request left alone, a closed tab forgotten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';

import { runBackground } from './harness/extension-scripts.mjs';

const OWN_ID = 'caldoctor-test-id';
const ORIGIN = `chrome-extension://${OWN_ID}/`;

/** `sessionWrites`: awaited by every storage.session write before it lands (a slow disk). */
function load({ withSession = true, managed = null, sessionWrites = async () => {} } = {}) {
  const listeners = { message: [], removed: [], command: [] };
  const sent = { tabs: [], badges: [] };
  const session = new Map();
  const local = new Map();
  const chrome = {
    runtime: {
      id: OWN_ID,
      getURL: (path) => `${ORIGIN}${path}`,
      onMessage: { addListener: (f) => listeners.message.push(f) },
    },
    tabs: {
      onRemoved: { addListener: (f) => listeners.removed.push(f) },
      sendMessage: async (tabId, message, options) => {
        sent.tabs.push({ tabId, message, options });
      },
    },
    action: {
      setBadgeText: async ({ tabId, text }) => sent.badges.push({ tabId, text }),
      setBadgeBackgroundColor: async () => {},
    },
    commands: { onCommand: { addListener: (f) => listeners.command.push(f) } },
    storage: {
      session: withSession
        ? {
            set: async (items) => {
              await sessionWrites();
              for (const [k, v] of Object.entries(items)) session.set(k, JSON.parse(JSON.stringify(v)));
            },
            get: async (key) => (key === null ? Object.fromEntries(session) : session.has(key) ? { [key]: session.get(key) } : {}),
            remove: async (keys) => {
              for (const k of keys) session.delete(k);
            },
          }
        : undefined,
      local: {
        get: async (keys) => Object.fromEntries([keys].flat().filter((k) => local.has(k)).map((k) => [k, local.get(k)])),
        set: async (items) => {
          for (const [k, v] of Object.entries(items)) local.set(k, v);
        },
      },
      managed: {
        get: async () => {
          if (!managed) throw new Error('Managed storage manifest not found');
          return managed;
        },
      },
    },
  };
  runBackground(vm.createContext({ chrome }));
  const send = (message, sender) =>
    new Promise((resolve) => {
      const async = listeners.message[0](message, { id: OWN_ID, ...sender }, (answer) => resolve(plain(answer)));
      assert.equal(async, true);
    });
  return { send, sent, session, local, listeners };
}

const tab = (id) => ({ tab: { id }, url: 'https://admin.webex.com/workspaces' });
const popup = { url: `${ORIGIN}popup.html` }; // in the toolbar: no tab
const popupInTab = { url: `${ORIGIN}popup.html#tab=6`, tab: { id: 12 } };
// Objects made inside the vm context have that realm's prototypes: compare their JSON.
const plain = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a frame gets what the adapter put, per tab; a later put replaces it', async () => {
  const { send } = load();
  const payload = { inputs: [{ url: '/uss', body: '{}' }], context: { lang: 'ja' } };
  assert.deepEqual(await send({ type: 'put', id: 'b1', payload }, tab(7)), { ok: true });
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(7)), { payload });
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(8)), { payload: null });
  await send({ type: 'put', id: 'b1', payload: { n: 2 } }, tab(7));
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(7)), { payload: { n: 2 } });
});

test('a stopped service worker still answers from session storage', async () => {
  const first = load();
  await first.send({ type: 'put', id: 'b1', payload: { n: 2 } }, tab(3));
  await first.send({ type: 'height', id: 'b1', height: 10, state: 's' }, tab(3));
  const restarted = load();
  for (const [k, v] of first.session) restarted.session.set(k, v);
  assert.deepEqual(await restarted.send({ type: 'get', id: 'b1' }, tab(3)), { payload: { n: 2 } });
  assert.equal((await restarted.send({ type: 'summary', tabId: 3 }, popup)).banners.length, 1);
});

test('height and dismiss go to the top frame of the sender tab, and the badge counts', async () => {
  const { send, sent } = load();
  const state = 'o365-unauthorized:mailbox-not-found';
  for (const id of ['b1', 'b2']) await send({ type: 'put', id, payload: {} }, tab(4));
  await send({ type: 'height', id: 'b1', height: '312', width: 512, state, subject: 'workspace · W***@ciscolive.us', summary: 'Problem' }, tab(4));
  await send({ type: 'dismiss', id: 'b1' }, tab(4));
  assert.deepEqual(plain(sent.tabs), [
    { tabId: 4, message: { type: 'height', id: 'b1', height: 312, width: 512, state }, options: { frameId: 0 } },
    { tabId: 4, message: { type: 'dismiss', id: 'b1', height: 0, width: 0, state: '' }, options: { frameId: 0 } },
  ]);
  assert.deepEqual(plain(sent.badges.at(-1)), { tabId: 4, text: '1' });
  assert.deepEqual(await send({ type: 'summary', tabId: 4 }, popup), {
    paused: false,
    banners: [{ id: 'b1', state, subject: 'workspace · W***@ciscolive.us', summary: 'Problem', dismissed: true }],
  });
  // A banner with nothing to say does not count; a banner that left the page is forgotten.
  await send({ type: 'height', id: 'b2', height: 0, state: '' }, tab(4));
  assert.deepEqual(plain(sent.badges.at(-1)), { tabId: 4, text: '1' });
  await send({ type: 'forget', id: 'b1' }, tab(4));
  assert.deepEqual(plain(sent.badges.at(-1)), { tabId: 4, text: '' });
});

test('only banners the adapter put and has not forgotten: a page can embed banner.html with any id', async () => {
  const { send, sent, session } = load();
  assert.equal(await send({ type: 'height', id: 'made-up', height: 10, state: 's' }, tab(5)), null);
  assert.equal(await send({ type: 'dismiss', id: 'made-up' }, tab(5)), null);
  assert.deepEqual(await send({ type: 'summary', tabId: 5 }, popup), { paused: false, banners: [] });
  assert.deepEqual(sent.tabs, [], 'nothing forwarded to the adapter');
  // Forgotten, a banner's payload goes at once (every banner has an id of its own: kept, it
  // would stay until the tab closes), and its frame speaks for it no more.
  await send({ type: 'put', id: 'b1', payload: { n: 1 } }, tab(5));
  await send({ type: 'height', id: 'b1', height: 10, state: 's' }, tab(5));
  await send({ type: 'forget', id: 'b1' }, tab(5));
  assert.deepEqual([...session.keys()], ['tab:5']);
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(5)), { payload: null });
  assert.equal(await send({ type: 'height', id: 'b1', height: 10, state: 's' }, tab(5)), null);
  assert.deepEqual((await send({ type: 'summary', tabId: 5 }, popup)).banners, []);
});

test('a forget right after a put leaves no payload behind, however late the put lands in storage.session', async () => {
  let land;
  const landed = new Promise((resolve) => (land = resolve));
  const { send, session } = load({ sessionWrites: () => landed });
  assert.deepEqual(await send({ type: 'put', id: 'b1', payload: { n: 1 } }, tab(5)), { ok: true }, 'answered before its write lands');
  const forgotten = send({ type: 'forget', id: 'b1' }, tab(5));
  land();
  await forgotten;
  assert.deepEqual([...session.keys()].filter((k) => k.startsWith('banner:')), []);
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(5)), { payload: null });
});

test('the popup reveals a dismissed banner and pauses a tab', async () => {
  const { send, sent } = load();
  await send({ type: 'put', id: 'b1', payload: {} }, tab(6));
  await send({ type: 'height', id: 'b1', height: 10, state: 's' }, tab(6));
  await send({ type: 'dismiss', id: 'b1' }, tab(6));
  assert.deepEqual(await send({ type: 'reveal', tabId: 6, id: 'b1' }, popupInTab), { ok: true });
  assert.deepEqual(plain(sent.tabs.at(-1)), { tabId: 6, message: { type: 'reveal', id: 'b1' }, options: { frameId: 0 } });
  assert.equal((await send({ type: 'summary', tabId: 6 }, popup)).banners[0].dismissed, false);

  assert.deepEqual(await send({ type: 'pause', tabId: 6, paused: true }, popup), { ok: true, paused: true });
  assert.deepEqual(plain(sent.tabs.at(-1)), { tabId: 6, message: { type: 'pause', paused: true }, options: { frameId: 0 } });
  assert.deepEqual(plain(sent.badges.at(-1)), { tabId: 6, text: 'II' });
  assert.deepEqual(await send({ type: 'paused?' }, tab(6)), { paused: true });
  assert.deepEqual(await send({ type: 'paused?' }, tab(7)), { paused: false });
  await send({ type: 'pause', tabId: 6, paused: false }, popup);
  assert.deepEqual(await send({ type: 'paused?' }, tab(6)), { paused: false });
});

test('the shortcut flips screen-share mode, unless a policy sets it', async () => {
  const { listeners, local } = load();
  listeners.command[0]('toggle-screen-share');
  await tick();
  await tick();
  assert.equal(local.get('settings').screenShare, true);
  listeners.command[0]('toggle-screen-share');
  await tick();
  await tick();
  assert.equal(local.get('settings').screenShare, false);

  const managed = load({ managed: { screenShare: true } });
  managed.listeners.command[0]('toggle-screen-share');
  await tick();
  await tick();
  assert.equal(managed.local.get('settings'), undefined);
});

test('malformed messages, strangers and popup messages without a tab are ignored', async () => {
  const { send, sent, listeners } = load();
  for (const message of [null, 'x', { type: 'put' }, { type: 'get', id: 5 }, { type: 'get', id: 'x'.repeat(500) }, { type: 'other', id: 'b' }]) {
    assert.equal(await send(message, tab(1)), null);
  }
  assert.equal(await send({ type: 'summary' }, popup), null);
  assert.equal(await send({ type: 'summary', tabId: 1 }, tab(1)), null, 'only extension pages ask for summaries');
  assert.equal(await send({ type: 'put', id: 'b', payload: 1 }, popup), null);
  const stranger = await new Promise((resolve) => listeners.message[0]({ type: 'get', id: 'b' }, { id: 'other-extension', tab: { id: 1 } }, resolve));
  assert.equal(stranger, null);
  assert.deepEqual(sent.tabs, []);
});

test("a lists request is the adapter's: the relay leaves it unanswered", async () => {
  const { listeners, sent } = load();
  let answered = false;
  for (const sender of [popup, tab(1)]) {
    const claimed = listeners.message[0]({ type: 'lists' }, { id: OWN_ID, ...sender }, () => (answered = true));
    assert.equal(claimed, false, 'not kept open for an answer');
  }
  await tick();
  assert.equal(answered, false);
  assert.deepEqual(sent.tabs, []);
});

test('works without storage.session', async () => {
  const { send } = load({ withSession: false });
  await send({ type: 'put', id: 'b1', payload: 5 }, tab(1));
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(1)), { payload: 5 });
});

test('a closed tab is forgotten, and only that tab', async () => {
  const { send, listeners, session } = load();
  await send({ type: 'put', id: 'b1', payload: 1 }, tab(9));
  await send({ type: 'put', id: 'b1', payload: 2 }, tab(99));
  await send({ type: 'height', id: 'b1', height: 1, state: 's' }, tab(9));
  await send({ type: 'height', id: 'b1', height: 1, state: 's' }, tab(99));
  listeners.removed[0](9);
  await tick();
  assert.deepEqual([...session.keys()].sort(), ['banner:99:b1', 'tab:99']);
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(9)), { payload: null });
});

test("a frame's reports reach the adapter in the order it sent them, however slow the first one's bookkeeping", async () => {
  // A spare frame adopted at another width: its first report changes the popup's record (a
  // storage.session write, the badge), the next one (the same state at its real width) does
  // not. The last one the adapter gets must be the last one sent.
  let land;
  const landed = new Promise((resolve) => (land = resolve));
  let slow = false;
  const { send, sent } = load({ sessionWrites: () => (slow ? landed : undefined) });
  await send({ type: 'put', id: 'b1', payload: {} }, tab(4));
  await send({ type: 'height', id: 'b1', height: 0, width: 300, state: '' }, tab(4)); // loaded before its payload came
  slow = true;
  const report = { type: 'height', id: 'b1', state: 's', subject: 'w', summary: 'Problem' };
  const first = send({ ...report, height: 190, width: 300 }, tab(4));
  const second = send({ ...report, height: 104, width: 512 }, tab(4));
  await second; // told without waiting for the slow disk
  land();
  await first;
  assert.deepEqual(sent.tabs.map((t) => [t.message.height, t.message.width]), [[0, 300], [190, 300], [104, 512]]);
});

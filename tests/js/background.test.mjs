// The background relay, loaded into a vm context with a fake extension API that records
// what it sends: put/get round trip per tab, height and dismiss
// forwarded to the adapter's frame 0, bad messages ignored, a closed tab forgotten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../../extension/background.js', import.meta.url), 'utf8');

function load({ withSession = true } = {}) {
  const listeners = { message: [], removed: [] };
  const sent = { runtime: [], tabs: [] };
  const session = new Map();
  const chrome = {
    runtime: {
      onMessage: { addListener: (f) => listeners.message.push(f) },
      sendMessage: async (message) => { sent.runtime.push(message); },
    },
    tabs: {
      onRemoved: { addListener: (f) => listeners.removed.push(f) },
      sendMessage: async (tabId, message, options) => { sent.tabs.push({ tabId, message, options }); },
    },
    storage: withSession ? {
      session: {
        set: async (items) => { for (const [k, v] of Object.entries(items)) session.set(k, v); },
        get: async (key) => key === null ? Object.fromEntries(session) : (session.has(key) ? { [key]: session.get(key) } : {}),
        remove: async (keys) => { for (const k of keys) session.delete(k); },
      },
    } : undefined,
  };
  vm.runInNewContext(source, { chrome, globalThis: { chrome } });
  const send = (message, sender) => new Promise((resolve) => {
    const async = listeners.message[0](message, sender, (answer) => resolve(plain(answer)));
    assert.equal(async, true);
  });
  return { send, sent, session, listeners };
}

const tab = (id) => ({ tab: { id } });
// Objects made inside the vm context have that realm's prototypes: compare their JSON.
const plain = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

test('a frame gets what the adapter put, per tab', async () => {
  const { send } = load();
  const payload = { inputs: [{ url: '/uss', body: '{}' }], context: { lang: 'ja' } };
  assert.deepEqual(await send({ type: 'put', id: 'b1', payload }, tab(7)), { ok: true });
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(7)), { payload });
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(8)), { payload: null });
});

test('a put replaces the payload; nothing is broadcast', async () => {
  const { send, sent } = load();
  await send({ type: 'put', id: 'b1', payload: { n: 1 } }, tab(7));
  await send({ type: 'put', id: 'b1', payload: { n: 2 } }, tab(7));
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(7)), { payload: { n: 2 } });
  assert.deepEqual(plain(sent.runtime), []);
});

test('a stopped service worker still answers from session storage', async () => {
  const first = load();
  await first.send({ type: 'put', id: 'b1', payload: { n: 2 } }, tab(3));
  const restarted = load();
  for (const [k, v] of first.session) restarted.session.set(k, v);
  assert.deepEqual(await restarted.send({ type: 'get', id: 'b1' }, tab(3)), { payload: { n: 2 } });
});

test('height and dismiss go to the top frame of the sender tab', async () => {
  const { send, sent } = load();
  await send({ type: 'height', id: 'b1', height: '312', state: 'o365-unauthorized:mailbox-not-found' }, tab(4));
  await send({ type: 'dismiss', id: 'b1' }, tab(4));
  assert.deepEqual(plain(sent.tabs), [
    {
      tabId: 4,
      message: { type: 'height', id: 'b1', height: 312, state: 'o365-unauthorized:mailbox-not-found' },
      options: { frameId: 0 },
    },
    { tabId: 4, message: { type: 'dismiss', id: 'b1', height: 0, state: '' }, options: { frameId: 0 } },
  ]);
});

test('malformed messages and senders without a tab are ignored', async () => {
  const { send, sent } = load();
  for (const message of [null, 'x', { type: 'put' }, { type: 'get', id: 5 }, { type: 'get', id: 'x'.repeat(500) }, { type: 'other', id: 'b' }]) {
    assert.equal(await send(message, tab(1)), null);
  }
  assert.equal(await send({ type: 'put', id: 'b', payload: 1 }, {}), null);
  assert.deepEqual(plain(sent), { runtime: [], tabs: [] });
});

test('works without storage.session', async () => {
  const { send } = load({ withSession: false });
  await send({ type: 'put', id: 'b1', payload: 5 }, tab(1));
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(1)), { payload: 5 });
});

test('a closed tab is forgotten', async () => {
  const { send, listeners, session } = load();
  await send({ type: 'put', id: 'b1', payload: 1 }, tab(9));
  await send({ type: 'put', id: 'b1', payload: 2 }, tab(10));
  listeners.removed[0](9);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual([...session.keys()], ['banner:10:b1']);
  assert.deepEqual(await send({ type: 'get', id: 'b1' }, tab(9)), { payload: null });
});

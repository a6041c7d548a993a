// Tests for extension/page/hook.js, the MAIN-world fetch/XHR observer.
// The hook runs in a `vm` context whose globals are a small but faithful browser surface: a fetch
// that resolves real WHATWG Responses later, an EventTarget-based XMLHttpRequest that follows the
// spec's event sequence (sync and async), a document of nodes whose events bubble, CustomEvent.
// The adapter's side of the channel (content/channel.js) runs in a context of its own, as in the
// isolated world, on the same document.
// Run: node --test tests/js/   (CALDOCTOR_HOOK=path overrides the hook file, for mutation checks)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const HOOK_PATH = process.env.CALDOCTOR_HOOK
  || new URL('../../extension/page/hook.js', import.meta.url).pathname;
const HOOK = readFileSync(HOOK_PATH, 'utf8');
// The MAIN world's content scripts in the manifest's order: the shared tables, then the hook.
const SHARED = ['protocol.js', 'endpoints.js'].map((name) => ({
  name, source: readFileSync(new URL(`../../extension/shared/${name}`, import.meta.url), 'utf8'),
}));
const CHANNEL = readFileSync(new URL('../../extension/content/channel.js', import.meta.url), 'utf8');
const EVENTS = { response: 'caldoctor:response', hello: 'caldoctor:hello', ready: 'caldoctor:ready' }; // tests/js/protocol.test.mjs pins them
const CAP = 8 * 1024 * 1024;
const USS = 'https://uss-a.wbx2.com/uss/api/v1/orgs/o1';
const STATUS_URL = `${USS}/userStatuses?includeMessages=true&entitled=true&userId=u1`;
const BODY = JSON.stringify({ userStatuses: [{ userId: 'u1', serviceId: 'squared-fusion-cal', state: 'error' }] });

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const { addEventListener: baseListen, dispatchEvent: baseDispatch } = EventTarget.prototype;

// The fake network answers every URL; `network(url)` may be replaced per page or throw (network error).
const defaultNetwork = (url) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: BODY, url });

// `adapter`: when the adapter's side starts: 'first' (before the hook), 'second' or 'never'.
function makePage({ hook = true, network = defaultNetwork, before, adapter = 'first' } = {}) {
  const page = {
    network, events: [], clones: 0, fetchCalls: 0, listens: [], invalid: 0, typeSets: 0, console: [], responses: [], bodyReads: 0,
    channel: null, // the node the adapter's side took
  };
  class PageEventTarget extends EventTarget {
    addEventListener(...args) { if (!(this instanceof PageNode)) page.listens.push(args[0]); return super.addEventListener(...args); }
    // A node's event goes on to its ancestors when it bubbles (each sees the same target and may
    // cancel it); the rest is the base EventTarget's.
    dispatchEvent(event) {
      let kept = Reflect.apply(baseDispatch, this, [event]);
      if (!event.bubbles || !(this instanceof PageNode)) return kept;
      for (let at = this.parentNode; at && !event.cancelBubble; at = at.parentNode) {
        const copy = new Event(event.type, { cancelable: event.cancelable });
        Object.defineProperty(copy, 'target', { value: this });
        Reflect.apply(baseDispatch, at, [copy]);
        if (copy.defaultPrevented) kept = false;
      }
      return kept;
    }
  }
  // Nodes, as much of them as the handshake uses; the page's parser is `page.parse()`.
  class PageNode extends PageEventTarget {
    parentNode = null;
    children = [];
    get firstChild() { return this.children[0] ?? null; }
    appendChild(child) { child.parentNode = this; this.children.push(child); page.mutate(); return child; }
    removeChild(child) { this.children.splice(this.children.indexOf(child), 1); child.parentNode = null; page.mutate(); return child; }
  }
  class PageElement extends PageNode {
    constructor(name) { super(); this.localName = name; }
  }
  class PageDocument extends PageNode {
    state = 'loading'; // page.ctx.document.state = 'complete': the page has loaded
    get readyState() { return this.state; }
    get documentElement() { return this.firstChild; }
    get head() { return this.documentElement?.children.find((e) => e.localName === 'head') ?? null; }
    get body() { return this.documentElement?.children.find((e) => e.localName === 'body') ?? null; }
    createElement(name) { return new PageElement(name); }
  }
  const document = new PageDocument();
  document.children.push(Object.assign(new PageElement('html'), { parentNode: document })); // document_start
  const observers = new Set();
  page.mutate = () => { for (const o of observers) queueMicrotask(o); };
  page.parse = () => { document.documentElement.appendChild(new PageElement('head')); };
  // The isolated world: its own globals, the same document.
  page.startAdapter = () => {
    const world = vm.createContext({
      document, Event,
      MutationObserver: class { constructor(fn) { this.fn = fn; } observe() { observers.add(this.fn); } disconnect() { observers.delete(this.fn); } },
    });
    vm.runInContext(CHANNEL, world, { filename: 'channel.js' });
    vm.runInContext('caldoctor.channel', world).openChannel(document, EVENTS, (node) => {
      page.channel = node;
      Reflect.apply(baseListen, node, [EVENTS.response, (e) => {
        assert.equal(typeof e.detail, 'string', 'detail must be a string (Firefox xrays)');
        page.events.push(JSON.parse(e.detail));
      }]);
    });
  };
  class PageResponse extends Response {
    clone() { page.clones++; return super.clone(); }
  }
  // Each page gets its own prototypes (a page may patch them), inheriting the real implementations.
  class PageURL extends URL {}
  class PageURLSearchParams extends URLSearchParams {}
  class PageHeaders extends Headers {}
  class PageRequest extends Request {}
  class PageCustomEvent extends CustomEvent {}
  const location = { href: 'https://admin.webex.com/workspaces/w1/overview' };
  const fire = (target, type) => Reflect.apply(baseDispatch, target, [new Event(type)]);

  // XMLHttpRequest, reduced to what matters here but with the spec's events and their order.
  const priv = new WeakMap();
  class XMLHttpRequest extends PageEventTarget {
    constructor() {
      super();
      priv.set(this, { state: 0, type: '', res: null, async: true, sent: false, url: '', cache: undefined, handlers: new Map() });
    }
    get readyState() { return priv.get(this).state; }
    get status() { const p = priv.get(this); return p.state >= 2 && p.res ? p.res.status : 0; }
    get responseURL() { const p = priv.get(this); return p.res ? p.url : ''; }
    get responseType() { return priv.get(this).type; }
    set responseType(value) {
      const p = priv.get(this);
      page.typeSets++;
      if (p.state >= 3) throw new DOMException('responseType after loading', 'InvalidStateError');
      if (['', 'text', 'json', 'arraybuffer', 'blob', 'document'].includes(value)) p.type = value;
    }
    get responseText() {
      const p = priv.get(this);
      if (p.type !== '' && p.type !== 'text') { page.invalid++; throw new DOMException('responseText', 'InvalidStateError'); }
      page.bodyReads++;
      return p.state >= 3 && p.res ? p.res.body : '';
    }
    get response() {
      const p = priv.get(this);
      if (p.type === '' || p.type === 'text') return this.responseText;
      if (p.state !== 4 || !p.res) return null;
      page.bodyReads++;
      if (p.cache === undefined) { // parsed once, then the same object every time (spec)
        if (p.type === 'json') { try { p.cache = JSON.parse(p.res.body); } catch { p.cache = null; } }
        else if (p.type === 'arraybuffer') p.cache = new TextEncoder().encode(p.res.body).buffer;
        else p.cache = new Blob([p.res.body]);
      }
      return p.cache;
    }
    getResponseHeader(name) {
      const p = priv.get(this);
      if (p.state < 2 || !p.res) return null;
      const value = p.res.headers[String(name).toLowerCase()];
      return value === undefined ? null : value;
    }
    open(method, url, async) {
      if (!/^[A-Z]+$/i.test(method)) throw new DOMException('bad method', 'SyntaxError');
      const p = priv.get(this);
      Object.assign(p, { url: new URL(String(url), location.href).href, async: arguments.length < 3 || Boolean(async),
        state: 1, sent: false, res: null, cache: undefined });
      fire(this, 'readystatechange');
    }
    send() {
      const p = priv.get(this);
      if (p.state !== 1 || p.sent) throw new DOMException('send', 'InvalidStateError');
      p.sent = true;
      const url = p.url;
      const finish = () => {
        let res = null;
        try { res = page.network(url); } catch { /* network error */ }
        if (p.url !== url || !p.sent) return; // re-opened meanwhile
        if (res && p.async) {
          p.res = res; p.state = 2; fire(this, 'readystatechange');
          p.state = 3; fire(this, 'readystatechange');
        }
        p.res = res; p.state = 4; p.sent = false;
        fire(this, 'readystatechange');
        if (!res) {
          fire(this, 'error'); fire(this, 'loadend');
          if (!p.async) throw new DOMException('network', 'NetworkError');
          return;
        }
        fire(this, 'load'); fire(this, 'loadend');
      };
      if (!p.async) return finish(); // sync: readystatechange(4), load, loadend inside send()
      fire(this, 'loadstart');
      setTimeout(finish, 1);
    }
  }
  // Event handler attributes: the first non-null assignment takes a place in the listener list;
  // later assignments reuse that place; null frees it.
  for (const type of ['readystatechange', 'loadstart', 'load', 'loadend', 'error']) {
    Object.defineProperty(XMLHttpRequest.prototype, `on${type}`, {
      configurable: true, enumerable: true,
      get() { return priv.get(this).handlers.get(type)?.fn ?? null; },
      set(fn) {
        const handlers = priv.get(this).handlers;
        const slot = handlers.get(type);
        if (typeof fn !== 'function') { if (slot) { this.removeEventListener(type, slot.listener); handlers.delete(type); } return; }
        if (slot) { slot.fn = fn; return; }
        const fresh = { fn, listener(ev) { return fresh.fn.call(this, ev); } };
        handlers.set(type, fresh);
        Reflect.apply(baseListen, this, [type, fresh.listener]);
      },
    });
  }

  const globals = {
    console: Object.fromEntries(['debug', 'log', 'info', 'warn', 'error'].map((k) => [k, (...a) => page.console.push([k, ...a])])),
    location, Request: PageRequest, Headers: PageHeaders, URL: PageURL, URLSearchParams: PageURLSearchParams,
    CustomEvent: PageCustomEvent, Event, TextEncoder, TextDecoder, Blob, setTimeout, ReadableStream, ReadableStreamDefaultReader,
    EventTarget: PageEventTarget, Response: PageResponse, XMLHttpRequest, Node: PageNode, Document: PageDocument,
    document,
  };
  const ctx = vm.createContext(globals);
  page.ctx = ctx;
  page.run = (code) => vm.runInContext(code, ctx);
  page.run('globalThis.window = globalThis');
  const PagePromise = page.run('Promise'); // fetch's promise belongs to the page's realm, as in a browser
  // A fetch with native arity (1); resolves later, like a network would.
  ctx.fetch = function fetch(input) {
    page.fetchCalls++;
    return new PagePromise((resolve, reject) => {
      const url = input instanceof Request ? input.url : new URL(String(input), location.href).href;
      setTimeout(() => {
        let r;
        try { r = page.network(url); } catch { reject(new TypeError('Failed to fetch')); return; }
        const body = r.stream ? r.stream() : r.bytes ? new TextEncoder().encode(r.body) : r.body;
        const res = new PageResponse(body, { status: r.status, headers: r.headers });
        page.responses.push(res);
        resolve(res);
      }, 1);
    });
  };
  if (adapter === 'first') page.startAdapter();
  if (before) before(page);
  // The natives belong to the page's realm in a browser: give the fakes that realm's Function.prototype
  // (and so its toString, which the hook patches).
  const pageFunctionProto = page.run('Function.prototype');
  for (const fn of [ctx.fetch, XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.send]) Object.setPrototypeOf(fn, pageFunctionProto);
  page.native = { fetch: ctx.fetch, open: XMLHttpRequest.prototype.open, send: XMLHttpRequest.prototype.send };
  page.inject = () => {
    for (const { name, source } of SHARED) vm.runInContext(source, ctx, { filename: name });
    vm.runInContext(HOOK, ctx, { filename: 'hook.js' });
  };
  if (hook) page.inject();
  if (adapter === 'second') page.startAdapter();
  return page;
}

// The page's view of one fetch: the object it got and the body it read.
async function pageFetch(page, input) {
  const res = await page.ctx.fetch(input);
  const body = await res.text();
  return { res, body };
}

test('a matching fetch is forwarded with url, status, time, body, via; the page gets the same Response and body', async () => {
  const page = makePage();
  const before = Date.now();
  const { res, body } = await pageFetch(page, STATUS_URL);
  await settle();
  assert.equal(res, page.responses[0], 'the very Response object the native fetch produced');
  assert.equal(body, BODY);
  assert.equal(page.clones, 1);
  assert.equal(page.events.length, 1);
  const [ev] = page.events;
  assert.deepEqual(Object.keys(ev).sort(), ['body', 'status', 'time', 'url', 'via']);
  assert.equal(ev.url, STATUS_URL);
  assert.equal(ev.status, 200);
  assert.equal(ev.body, BODY);
  assert.equal(ev.via, 'fetch');
  assert.match(ev.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const t = Date.parse(ev.time);
  assert.ok(t >= before && t <= Date.now(), 'time is Date.now based');
  assert.deepEqual(page.console, []);
});

test('fetch returns the native promise synchronously, unawaited', () => {
  const page = makePage({ before: (p) => {
    const inner = p.ctx.fetch;
    p.ctx.fetch = function fetch(input) { p.lastPromise = inner(input); return p.lastPromise; };
  } });
  const promise = page.ctx.fetch(STATUS_URL);
  assert.equal(promise, page.lastPromise);
});

// The same lists pin the core's classify and route (tests/endpoint_urls.rs) and the adapter's
// route (adapter-inputs.test.mjs).
const ENDPOINT_URLS = JSON.parse(readFileSync(new URL('../fixtures/endpoint-urls.json', import.meta.url), 'utf8'));
const WATCHED_URLS = ENDPOINT_URLS.watched.map((w) => w.url);
const IGNORED_URLS = ENDPOINT_URLS.ignored;

test('every watched URL shape is forwarded (any host, relative, string/URL/Request input)', async () => {
  const page = makePage();
  for (const url of WATCHED_URLS) await pageFetch(page, url);
  await pageFetch(page, new URL(STATUS_URL));
  await pageFetch(page, new Request(WATCHED_URLS[4]));
  await settle();
  const absolute = WATCHED_URLS.map((u) => new URL(u, 'https://admin.webex.com/').href);
  assert.deepEqual(page.events.map((e) => e.url), [...absolute, STATUS_URL, absolute[4]]);
});

test('non-watched URLs are neither cloned nor forwarded', async () => {
  const page = makePage();
  for (const url of IGNORED_URLS) {
    const { body } = await pageFetch(page, url);
    assert.equal(body, BODY);
  }
  await settle();
  assert.equal(page.clones, 0);
  assert.deepEqual(page.events, []);
});

test('an input object that is not a string/URL/Request is not stringified a second time', async () => {
  const page = makePage();
  let calls = 0;
  await pageFetch(page, { toString() { calls++; return STATUS_URL; } });
  await settle();
  assert.equal(calls, 1, 'only the native fetch converts it');
  assert.deepEqual(page.events, []);
});

test('size cap: an over-cap content-length is not even cloned; an over-cap text is not forwarded', async () => {
  const big = `"${'x'.repeat(CAP - 1)}"`; // CAP + 1 characters
  const bodies = {
    declared: { headers: { 'content-type': 'application/json', 'content-length': String(CAP) }, body: '{}' },
    bogus: { headers: { 'content-type': 'application/json', 'content-length': 'lots' }, body: '{}' },
    long: { headers: { 'content-type': 'application/json' }, body: big },
    fine: { headers: { 'content-type': 'application/json', 'content-length': String(CAP - 1) }, body: '{"ok":1}' },
  };
  const page = makePage({ network: (url) => ({ status: 200, ...bodies[new URL(url).searchParams.get('k')] }) });
  for (const k of ['declared', 'bogus']) await pageFetch(page, `${STATUS_URL}&k=${k}`);
  assert.equal(page.clones, 0);
  const { body } = await pageFetch(page, `${STATUS_URL}&k=long`);
  assert.equal(body.length, CAP + 1, 'the page still gets all of it');
  await pageFetch(page, `${STATUS_URL}&k=fine`);
  await settle();
  assert.deepEqual(page.events.map((e) => e.body), ['{"ok":1}']);
});

test('size cap, XHR: a body whose content-length is over the cap is neither read nor serialised', () => {
  const network = (url) => ({ status: 200, headers: { 'content-type': 'application/json', 'content-length': new URL(url).searchParams.get('n') }, body: BODY });
  for (const type of ['', 'json']) {
    const page = makePage({ network });
    for (const n of [CAP, CAP - 1]) {
      const xhr = new page.ctx.XMLHttpRequest();
      xhr.open('GET', `${STATUS_URL}&n=${n}`, false);
      xhr.responseType = type;
      xhr.send();
    }
    assert.equal(page.bodyReads, 1, `responseType "${type}": the under-cap body alone is read`);
    assert.deepEqual(page.events.map((e) => new URL(e.url).searchParams.get('n')), [String(CAP - 1)]);
  }
});

/** Resolves once `check()` holds, looking after each turn of the event loop. */
async function eventually(check) {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

test('a body without content-length is read to the cap at most: huge or endless, the clone is cancelled there', async () => {
  let pulled = 0;
  let end;
  const outcome = new Promise((resolve) => (end = resolve));
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  // Endless: a chunk whenever one is asked for, until both the page's and the hook's branch let
  // go (or, should the hook read on, closed at twice the cap so that the test ends).
  const endless = () => new ReadableStream({
    pull(controller) {
      pulled += chunk.length;
      controller.enqueue(chunk);
      if (pulled > 2 * CAP) end('read on'), controller.close();
    },
    cancel: () => end('cancelled'),
  }, { highWaterMark: 0 });
  const page = makePage({ network: () => ({ status: 200, headers: { 'content-type': 'application/json' }, stream: endless }) });
  const res = await page.ctx.fetch(STATUS_URL);
  const reader = res.body.getReader();
  await reader.read();
  await reader.cancel(); // the page has what it wanted; the hook's clone alone keeps the stream open
  assert.equal(await outcome, 'cancelled');
  assert.ok(pulled > CAP && pulled <= CAP + 4 * chunk.length, `${pulled} bytes pulled`);
  assert.deepEqual(page.events, []);
  assert.deepEqual(page.console, [], 'cancelling is no error');
});

test('a body read in chunks is forwarded as Response.text() reads it: a BOM dropped, characters split, bad bytes replaced', async () => {
  const bytes = [0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":"caf\u00e9 \u65e5\u672c"}'), 0xff];
  // One byte per chunk: every multi-byte character is split across chunks.
  const stream = () => new ReadableStream({ start(controller) { for (const b of bytes) controller.enqueue(new Uint8Array([b])); controller.close(); } });
  const page = makePage({ network: () => ({ status: 200, headers: { 'content-type': 'application/json' }, stream }) });
  const { body } = await pageFetch(page, STATUS_URL);
  await eventually(() => page.events.length === 1);
  assert.equal(page.events[0].body, body);
  assert.equal(body, '{"a":"caf\u00e9 \u65e5\u672c"}\ufffd');
});

test('a response without a body (204) is neither read nor logged', async () => {
  const page = makePage({ network: (url) => (url.endsWith('&k=none') ? { status: 204, headers: { 'content-type': 'application/json' }, body: null } : defaultNetwork(url)) });
  assert.equal((await page.ctx.fetch(`${STATUS_URL}&k=none`)).status, 204);
  await pageFetch(page, STATUS_URL); // a witness: forwarded after the 204 was looked at
  await eventually(() => page.events.length > 0);
  assert.deepEqual(page.events.map((e) => e.url), [STATUS_URL]);
  assert.deepEqual(page.console, []);
});

test('content types: JSON-ish and absent are forwarded; others are neither cloned nor forwarded', async () => {
  const types = {
    json: 'application/json; charset=utf-8', problem: 'application/problem+json', empty: '', absent: null,
    html: 'text/html', sse: 'text/event-stream', png: 'image/png', plain: 'text/plain',
  };
  const page = makePage({ network: (url) => {
    const ct = types[new URL(url).searchParams.get('k')];
    return { status: 200, headers: ct === null ? {} : { 'content-type': ct }, body: BODY, bytes: ct === null };
  } });
  for (const k of Object.keys(types)) await pageFetch(page, `${STATUS_URL}&k=${k}`);
  await settle();
  assert.deepEqual(page.events.map((e) => new URL(e.url).searchParams.get('k')), ['json', 'problem', 'empty', 'absent']);
  assert.equal(page.clones, 4);
});

test('error statuses are forwarded (a Graph 404 is the finding)', async () => {
  const graphError = JSON.stringify({ error: { code: 'ErrorItemNotFound', message: 'not found' } });
  const page = makePage({ network: () => ({ status: 404, headers: { 'content-type': 'application/json' }, body: graphError }) });
  const { res } = await pageFetch(page, 'https://graph.microsoft.com/v1.0/places/room@ciscolive.us');
  await settle();
  assert.equal(res.status, 404);
  assert.deepEqual(page.events.map((e) => [e.status, e.body]), [[404, graphError]]);
});

test('a failing matching fetch rejects for the page as before, with no unhandled rejection or log', async () => {
  const page = makePage({ network: () => { throw new Error('offline'); } });
  const seen = unhandled.length;
  await assert.rejects(page.ctx.fetch(STATUS_URL), { name: 'TypeError', message: 'Failed to fetch' });
  await settle();
  assert.equal(unhandled.length, seen);
  assert.deepEqual(page.events, []);
  assert.deepEqual(page.console, []);
});

test('fetch and XMLHttpRequest look native: toString, name, length, descriptors', () => {
  const bare = makePage({ hook: false });
  const page = makePage();
  const read = (p) => p.run(`JSON.stringify({
    fetch: fetch.toString(), viaProto: Function.prototype.toString.call(fetch), name: fetch.name, length: fetch.length,
    toStr: Function.prototype.toString.toString(), toStrName: Function.prototype.toString.name,
    open: XMLHttpRequest.prototype.open.toString(), openName: XMLHttpRequest.prototype.open.name,
    openLength: XMLHttpRequest.prototype.open.length, send: XMLHttpRequest.prototype.send.toString(),
    fetchDesc: JSON.stringify(Object.getOwnPropertyDescriptor(window, 'fetch'), ['writable', 'enumerable', 'configurable']),
    openDesc: JSON.stringify(Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, 'open'), ['writable', 'enumerable', 'configurable']),
    toStrDesc: JSON.stringify(Object.getOwnPropertyDescriptor(Function.prototype, 'toString'), ['writable', 'enumerable', 'configurable']),
    keys: Object.keys(window).join(),
  })`);
  const hooked = JSON.parse(read(page));
  assert.deepEqual(hooked, JSON.parse(read(bare)));
  assert.equal(hooked.name, 'fetch');
  assert.equal(hooked.length, 1);
  assert.notEqual(page.ctx.fetch, page.native.fetch, 'fetch is wrapped');
  assert.notEqual(page.ctx.XMLHttpRequest.prototype.open, page.native.open, 'open is wrapped');
  assert.equal(page.run('XMLHttpRequest'), page.ctx.XMLHttpRequest, 'the constructor is not replaced');
  assert.equal(page.run('new XMLHttpRequest() instanceof XMLHttpRequest'), true);
});

test('injecting twice wraps once, behind a non-enumerable Symbol.for marker', async () => {
  const page = makePage();
  const once = page.ctx.fetch;
  const open = page.ctx.XMLHttpRequest.prototype.open;
  const toStr = page.run('Function.prototype.toString');
  page.inject();
  assert.equal(page.ctx.fetch, once);
  assert.equal(page.ctx.XMLHttpRequest.prototype.open, open);
  assert.equal(page.run('Function.prototype.toString'), toStr);
  const desc = page.run("Object.getOwnPropertyDescriptor(window, Symbol.for('caldoctor.hook'))");
  assert.equal(desc.enumerable, false);
  await pageFetch(page, STATUS_URL);
  await settle();
  assert.equal(page.fetchCalls, 1);
  assert.equal(page.clones, 1);
  assert.equal(page.events.length, 1);
});

test('without the endpoint table the hook wraps nothing, and the shared registry is gone all the same', async () => {
  const page = makePage({ hook: false });
  const protocol = SHARED.find((s) => s.name === 'protocol.js');
  vm.runInContext(protocol.source, page.ctx, { filename: protocol.name });
  vm.runInContext(HOOK, page.ctx, { filename: 'hook.js' });
  assert.equal(page.ctx.fetch, page.native.fetch);
  assert.equal(page.ctx.XMLHttpRequest.prototype.open, page.native.open);
  assert.equal(page.run("Object.getOwnPropertyDescriptor(window, Symbol.for('caldoctor.shared'))"), undefined);
  await pageFetch(page, STATUS_URL);
  await settle();
  assert.deepEqual(page.events, []);
});

test('a hostile page that replaces globals after load can neither break nor spy on the hook', async () => {
  const page = makePage();
  page.run(`
    globalThis.spied = [];
    globalThis.got = [];
    const spy = (name) => function () { spied.push(name); throw new Error(name); };
    CustomEvent = spy('CustomEvent');
    JSON.stringify = spy('JSON.stringify');
    EventTarget.prototype.dispatchEvent = spy('dispatchEvent');
    EventTarget.prototype.addEventListener = spy('addEventListener');
    document.dispatchEvent = spy('document.dispatchEvent');
    Response.prototype.clone = spy('clone');
    Response.prototype.text = spy('text');
    Headers.prototype.get = spy('Headers.get');
    Promise.prototype.then = spy('then');
    RegExp.prototype.exec = spy('exec');
    URLSearchParams.prototype.getAll = spy('getAll');
    WeakMap.prototype.get = spy('WeakMap.get');
    Date.now = spy('Date.now');
    Date.prototype.toISOString = spy('toISOString');
    Reflect.apply = spy('Reflect.apply');
    for (const k of ['get', 'apply', 'has', 'detail', 'bubbles', 'composed', 'cancelable', 'via', 'toJSON']) {
      Object.defineProperty(Object.prototype, k, { get: spy('Object.prototype.' + k), configurable: true });
    }
  `);
  // The page awaits in its own realm (an await on a native promise does not call its .then).
  // (No global stores while Object.prototype.get is poisoned: Node's vm global interceptor trips on it.)
  page.run(`(async () => { got.push(await fetch(${JSON.stringify(STATUS_URL)})); })()`);
  await settle();
  assert.equal(page.run('got[0]'), page.responses[0]);
  const xhr = new page.ctx.XMLHttpRequest();
  xhr.open('GET', `${USS}/userJournal/u1?serviceId=squared-fusion-cal`, false);
  xhr.send();
  await settle();
  assert.equal(page.run("spied.join(', ')"), '', 'no page replacement was called');
  assert.deepEqual(page.events.map((e) => [e.via, e.status, e.body]), [['fetch', 200, BODY], ['xhr', 200, BODY]]);
  // Proxy traps are looked up on their handler: a poisoned Object.prototype.get must not become one.
  assert.equal(page.run('fetch.name + XMLHttpRequest.prototype.open.name'), 'fetchopen');
  assert.deepEqual(page.console, []);
});

test('a broken environment (throwing CustomEvent before load) never throws into the page; one debug line at most', async () => {
  const page = makePage({ before: (p) => { p.ctx.CustomEvent = function CustomEvent() { throw new Error('nope'); }; } });
  const seen = unhandled.length;
  for (let i = 0; i < 3; i++) {
    const { res, body } = await pageFetch(page, STATUS_URL);
    assert.equal(res, page.responses[i]);
    assert.equal(body, BODY);
    const xhr = new page.ctx.XMLHttpRequest();
    xhr.open('GET', STATUS_URL, false);
    xhr.send();
    assert.equal(xhr.responseText, BODY);
  }
  await settle();
  assert.deepEqual(page.events, []);
  assert.equal(unhandled.length, seen);
  assert.ok(page.console.length <= 1);
  assert.ok(page.console.every(([level]) => level === 'debug'));
});

// ---- the channel to the adapter (content/channel.js) ----

/** Starts recording, from a page script, every event of the channel's names that reaches `document`. */
const heard = (page) => JSON.parse(page.run('JSON.stringify(heard)')); // in this realm
const pageEars = (page) => page.run(`globalThis.heard = [];
  for (const type of ${JSON.stringify(Object.values(EVENTS))}) document.addEventListener(type, (e) => heard.push([type, e.target === document]), true);`);

for (const adapter of ['first', 'second']) {
  test(`the handshake, the adapter's side running ${adapter}: responses arrive on a node that is not in the document`, async () => {
    const page = makePage({ adapter });
    assert.ok(page.channel, 'the adapter holds the channel');
    assert.equal(page.channel.parentNode, null, 'never left in the document');
    assert.deepEqual(page.ctx.document.documentElement.children, [], 'nothing added to the document');
    page.parse();
    pageEars(page);
    await pageFetch(page, STATUS_URL);
    await settle();
    assert.deepEqual(page.events.map((e) => e.via), ['fetch']);
    assert.deepEqual(heard(page), [], 'the page hears nothing of it');
  });
}

test('forged response events on document, before the first real response and after, reach nothing', async () => {
  const page = makePage();
  page.parse();
  const forge = () => page.run(`document.dispatchEvent(new CustomEvent('${EVENTS.response}', { detail: '{"forged":true}' }))`);
  forge();
  await pageFetch(page, STATUS_URL);
  forge();
  await settle();
  assert.deepEqual(page.events.map((e) => e.forged ?? e.via), ['fetch']);
});

test('a page script that dispatches "ready" gets no hello: the hook answers the first ready only, at document_start', async () => {
  for (const adapter of ['first', 'second', 'never']) {
    const page = makePage({ adapter });
    page.parse();
    pageEars(page);
    page.run(`document.dispatchEvent(new Event('${EVENTS.ready}')); document.dispatchEvent(new Event('${EVENTS.ready}'))`);
    assert.deepEqual(heard(page), [[EVENTS.ready, true], [EVENTS.ready, true]], `adapter ${adapter}: its own events only`);
  }
});

test("the adapter's window closes at the parser's first node: a page script cannot offer a hello of its own", async () => {
  // No hook (it failed, or was never injected): the adapter waits for a hello until the page parses.
  const page = makePage({ hook: false });
  page.parse();
  await settle(); // the parser's microtask checkpoint, before it runs the page's first script
  page.run(`const mine = document.createElement('span'); document.documentElement.appendChild(mine);
    mine.dispatchEvent(new Event('${EVENTS.hello}', { bubbles: true, cancelable: true }));
    document.documentElement.removeChild(mine);`);
  assert.equal(page.channel, null);
  // Removing the head does not reopen it.
  page.run(`document.documentElement.removeChild(document.head); const again = document.createElement('span');
    document.documentElement.appendChild(again); again.dispatchEvent(new Event('${EVENTS.hello}', { bubbles: true, cancelable: true }));`);
  assert.equal(page.channel, null);
});

test('injected late (into a page already parsed), neither side hands over a channel: nothing forwarded, nothing heard', async () => {
  const page = makePage({ hook: false, adapter: 'never' });
  page.parse();
  pageEars(page);
  page.inject();
  page.startAdapter();
  assert.equal(page.channel, null);
  await pageFetch(page, STATUS_URL);
  await settle();
  assert.deepEqual(page.events, []);
  assert.deepEqual(heard(page), [], 'neither offers anything: no hello, no ready');
});

// ---- XMLHttpRequest ----

// A page script registering handlers every which way, before and after open, then logging what it
// sees. Run once without and once with the hook: the logs must be identical.
function xhrScenario(page, { url, type = '', sync = false, reuse = false }) {
  const log = [];
  return new Promise((resolve) => {
    const xhr = new page.ctx.XMLHttpRequest();
    const note = (label) => () => {
      let value;
      try { value = type === 'arraybuffer' ? Array.from(new Uint8Array(xhr.response ?? new ArrayBuffer(0))) : xhr.response; }
      catch (e) { value = e.name; }
      log.push([label, xhr.readyState, xhr.status, JSON.stringify(value)]);
    };
    xhr.addEventListener('readystatechange', note('rsc listener before open'));
    xhr.onreadystatechange = note('onreadystatechange before open');
    let round = 0;
    const start = () => {
      round++;
      xhr.open('GET', `${url}${url.includes('?') ? '&' : '?'}round=${round}`, !sync);
      if (round === 1) {
        xhr.addEventListener('readystatechange', note('rsc listener after open'));
        xhr.addEventListener('load', note('load listener'));
        xhr.onload = note('onload');
        xhr.addEventListener('loadstart', note('loadstart listener'));
        xhr.onloadend = () => {
          note('onloadend')();
          if (reuse && round === 1) start(); else resolve(log);
        };
        xhr.addEventListener('loadend', note('loadend listener'));
        xhr.onreadystatechange = note('onreadystatechange replaced');
      }
      if (!sync) xhr.responseType = type;
      xhr.send();
      if (sync) note('after sync send')();
    };
    start();
  });
}

for (const [name, opts] of [
  ['async text', { url: STATUS_URL }],
  ['async json', { url: STATUS_URL, type: 'json' }],
  ['async text type', { url: STATUS_URL, type: 'text' }],
  ['async arraybuffer', { url: STATUS_URL, type: 'arraybuffer' }],
  ['async blob', { url: STATUS_URL, type: 'blob' }],
  ['sync', { url: STATUS_URL, sync: true }],
  ['reused from onloadend', { url: STATUS_URL, reuse: true }],
  ['not watched', { url: `${USS}/userStatuses?serviceId=squared-fusion-uc`, unwatched: true }],
]) {
  test(`XHR ${name}: the page sees the same events, order and values as without the hook`, async () => {
    const bare = makePage({ hook: false });
    const page = makePage();
    const expected = await xhrScenario(bare, opts);
    const actual = await xhrScenario(page, opts);
    assert.ok(expected.length >= 5, 'the scenario records events');
    assert.deepEqual(actual, expected);
    await settle();
    assert.equal(page.invalid, 0, 'never reads responseText of a non-text response');
    assert.equal(page.typeSets, bare.typeSets, 'never sets responseType');
    assert.deepEqual(page.console, []);
    const forwarded = opts.unwatched || ['arraybuffer', 'blob'].includes(opts.type) ? 0 : opts.reuse ? 2 : 1;
    assert.equal(page.events.length, forwarded);
    for (const ev of page.events) {
      assert.equal(ev.via, 'xhr');
      assert.equal(ev.status, 200);
      assert.deepEqual(JSON.parse(ev.body), JSON.parse(BODY));
      assert.ok(ev.url.startsWith(STATUS_URL));
    }
  });
}

test('XHR reused: a matching request, then another URL on the same object: only the first is forwarded', async () => {
  const page = makePage();
  const xhr = new page.ctx.XMLHttpRequest();
  const load = (url) => new Promise((resolve) => {
    xhr.onloadend = resolve;
    xhr.open('GET', url);
    xhr.send();
  });
  await load(STATUS_URL);
  await load('https://admin.webex.com/api/other');
  await load(`${USS}/userStatuses?serviceId=squared-fusion-uc`); // matches the path, not the service
  await pageFetch(page, STATUS_URL); // a witness, forwarded after the XHRs
  await eventually(() => page.events.length >= 2);
  assert.deepEqual(page.events.map((e) => [e.via, e.url]), [['xhr', STATUS_URL], ['fetch', STATUS_URL]]);
});

test('XHR json: the page gets the very object the hook serialised (parsed once, cached)', async () => {
  const page = makePage();
  const xhr = new page.ctx.XMLHttpRequest();
  const first = await new Promise((resolve) => {
    xhr.open('GET', STATUS_URL);
    xhr.responseType = 'json';
    xhr.onload = () => resolve(xhr.response);
    xhr.send();
  });
  assert.equal(xhr.response, first);
  assert.deepEqual(first, JSON.parse(BODY));
  assert.deepEqual(page.events.map((e) => e.body), [BODY]);
});

test('sync XHR works and a matching one is forwarded exactly once, during send()', () => {
  const page = makePage();
  const xhr = new page.ctx.XMLHttpRequest();
  xhr.open('GET', `${USS}/users/u1/userJournal?service=squared-fusion-cal`, false);
  xhr.send();
  assert.equal(xhr.readyState, 4);
  assert.equal(xhr.status, 200);
  assert.equal(xhr.responseText, BODY);
  assert.equal(page.events.length, 1);
  assert.equal(page.events[0].via, 'xhr');
});

test('XHR: one listener per matching object, none for other requests', async () => {
  const page = makePage();
  const other = new page.ctx.XMLHttpRequest();
  other.open('GET', 'https://admin.webex.com/api/other', false);
  other.send();
  assert.deepEqual(page.listens, []);
  const xhr = new page.ctx.XMLHttpRequest();
  for (let i = 0; i < 3; i++) { xhr.open('GET', STATUS_URL, false); xhr.send(); }
  assert.deepEqual(page.listens, ['readystatechange']);
  assert.equal(page.events.length, 3);
  xhr.open('GET', `${USS}/userStatuses?serviceId=squared-fusion-uc`, false); // the same object re-used for a non-watched URL
  xhr.send();
  assert.equal(page.events.length, 3);
});

test('XHR errors reach the page unchanged: bad open arguments, network errors, non-JSON', async () => {
  const bare = makePage({ hook: false });
  const page = makePage({ network: (url) => {
    if (url.includes('offline')) throw new Error('offline');
    return { status: 200, headers: { 'content-type': 'text/html' }, body: '<p>' };
  } });
  for (const p of [bare, page]) {
    assert.throws(() => new p.ctx.XMLHttpRequest().open('BAD METHOD', STATUS_URL), { name: 'SyntaxError' });
    const x = new p.ctx.XMLHttpRequest();
    x.open('GET', STATUS_URL, false);
    assert.throws(() => { x.send(); x.send(); }, { name: 'InvalidStateError' });
  }
  const failing = new page.ctx.XMLHttpRequest();
  failing.open('GET', `${STATUS_URL}&offline=1`, false);
  assert.throws(() => failing.send(), { name: 'NetworkError' });
  assert.equal(failing.status, 0);
  await settle();
  assert.deepEqual(page.events, [], 'network errors and HTML are not forwarded');
  assert.deepEqual(page.console, []);
});

test("the User Status Report's data is forwarded: the list's first page over XHR, its next pages over fetch", async () => {
  // paging.next is a full URL: the service filter, when the server keeps it, still says calendar.
  const first = `${USS}/userStatuses?includeMessages=true&serviceId=squared-fusion-cal&limit=10000&entitled=true`;
  const pages = [`${first}&start=10000`, `${USS}/userStatuses?start=20000&limit=10000`];
  const directories = ['https://identity.webex.com/identity/scim/o1/v1/Users?filter=id%20eq%20%22u1%22', 'https://identity.webex.com/organization/o1/machines'];
  const page = makePage({ network: (url) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) }) });
  const xhr = new page.ctx.XMLHttpRequest();
  xhr.open('GET', first);
  xhr.send();
  await settle();
  for (const url of [...pages, `${USS}/userStatuses/summary`, ...directories]) await pageFetch(page, url);
  await pageFetch(page, `${USS}/userStatuses?serviceId=squared-fusion-uc&limit=10000`);
  await settle();
  assert.deepEqual(page.events.map((e) => [e.via, e.url]), [
    ['xhr', first], ...[...pages, `${USS}/userStatuses/summary`, ...directories].map((url) => ['fetch', url]),
  ]);
  assert.ok(page.events.every((e) => JSON.parse(e.body).url === e.url), 'each with its own body');
});

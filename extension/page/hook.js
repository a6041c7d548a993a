// Hybrid Calendar Doctor: MAIN-world hook (plain script, no modules, runs at document_start).
// It only OBSERVES: it forwards the JSON bodies of the few Control Hub / Graph responses we diagnose
// to the isolated-world content script, as a string (Firefox's xrays hide MAIN-world objects), on
// a private channel the page can neither reach nor forge (content/channel.js, the other side).
// The page must never see a difference: same Response object, same body, same XHR events in the
// same order, same `fetch.toString()`. Nothing here may throw into the page.
(() => {
  'use strict';

  // Responses we forward: the endpoint table's (src/decode/endpoint.rs, loaded just before this
  // file as extension/shared/endpoints.js), compiled below; tests/fixtures/endpoint-urls.json
  // pins the hook, the adapter and the core to it.
  const CAP = 8 * 1024 * 1024; // bytes, by content-length and as read; then characters of the text
  const MARK = Symbol.for('caldoctor.hook');
  const SHARED = Symbol.for('caldoctor.shared');

  const G = globalThis; // === window in the page
  // The shared files loaded before this one (extension/shared/) leave their tables under SHARED:
  // taken, then deleted, before any page script runs; the page never sees them.
  const shared = /** @type {CaldoctorShared | undefined} */ (Object.getOwnPropertyDescriptor(G, SHARED)?.value);
  Reflect.deleteProperty(G, SHARED);
  if (Object.getOwnPropertyDescriptor(G, MARK) || !shared?.protocol || !shared.endpoints) return; // injected twice: wrap once; no tables: wrap nothing
  Object.defineProperty(G, MARK, { value: true }); // non-enumerable, non-writable
  const { response: EVENT, hello: HELLO, ready: READY } = shared.protocol.events;

  // Keep the natives we use (uBlock-scriptlet style): page code that later replaces a global or a
  // prototype method can then neither break the hook nor see what it does.
  const apply = Reflect.apply, getDesc = Object.getOwnPropertyDescriptor, getProto = Object.getPrototypeOf;
  const NProxy = Proxy, NURL = URL, NParams = URLSearchParams, NWeakMap = WeakMap, NWeakSet = WeakSet;
  const NDate = Date, dateNow = Date.now, NEvent = CustomEvent, stringify = JSON.stringify;
  const con = G.console, debug = con && con.debug, doc = G.document;
  const loc = G.location; // [LegacyUnforgeable]: the page cannot replace it
  // `this`-taking natives become plain functions: m(self, ...args), bound to the native `call`
  // (no rest array, no Reflect.apply: every fetch and XHR pays for the ones on its path).
  const bind = Function.prototype.bind, call = Function.prototype.call;
  /** @type {(fn: Function) => (self: unknown, ...args: unknown[]) => any} */
  const method = (fn) => apply(bind, call, [fn]);
  /** @type {(proto: object, name: string) => (self: unknown, ...args: unknown[]) => any} */
  const native = (proto, name) => { // a method or an accessor's getter, wherever it is inherited
    for (let p = proto; p; p = getProto(p)) {
      const d = getDesc(p, name);
      if (d) return method(d.get || d.value);
    }
    throw new TypeError(name);
  };
  let quietDone = false; // a diagnostic must never become page noise: one console.debug at most
  /** @param {unknown} e */
  const quiet = (e) => {
    if (!quietDone) try { quietDone = true; apply(debug, con, ['caldoctor hook:', e]); } catch (_) { /* nothing */ }
  };
  const noop = () => {};

  try {
    const exec = method(RegExp.prototype.exec); // `re.test` would look up a page-replaceable `exec`
    const then = method(Promise.prototype.then);
    const toISO = method(Date.prototype.toISOString);
    const wmGet = method(NWeakMap.prototype.get), wmSet = method(NWeakMap.prototype.set);
    const wsHas = method(NWeakSet.prototype.has), wsAdd = method(NWeakSet.prototype.add);
    const urlHref = native(NURL.prototype, 'href'), urlHost = native(NURL.prototype, 'hostname');
    const urlPath = native(NURL.prototype, 'pathname'), urlSearch = native(NURL.prototype, 'search');
    const paramsGetAll = native(NParams.prototype, 'getAll');
    const reqUrl = native(G.Request.prototype, 'url');
    const resStatus = native(G.Response.prototype, 'status'), resHeaders = native(G.Response.prototype, 'headers');
    const resClone = native(G.Response.prototype, 'clone'), resBody = native(G.Response.prototype, 'body');
    const getReader = native(G.ReadableStream.prototype, 'getReader');
    const read = native(G.ReadableStreamDefaultReader.prototype, 'read'), cancel = native(G.ReadableStreamDefaultReader.prototype, 'cancel');
    const byteLength = native(getProto(G.Uint8Array.prototype), 'byteLength');
    const NDecoder = G.TextDecoder, decode = native(NDecoder.prototype, 'decode');
    const headerGet = native(G.Headers.prototype, 'get');
    const dispatch = native(G.EventTarget.prototype, 'dispatchEvent');
    const listen = native(G.EventTarget.prototype, 'addEventListener'), unlisten = native(G.EventTarget.prototype, 'removeEventListener');
    const docProto = getProto(doc); // HTMLDocument in Firefox, Document in Chromium: both walked
    const createElement = native(docProto, 'createElement'), docElement = native(docProto, 'documentElement');
    const docHead = native(docProto, 'head'), docBody = native(docProto, 'body'), readyState = native(docProto, 'readyState');
    const append = native(G.Node.prototype, 'appendChild'), detach = native(G.Node.prototype, 'removeChild');
    const XHR = G.XMLHttpRequest.prototype;
    const xhrOpen = XHR.open;
    const xhrState = native(XHR, 'readyState'), xhrStatus = native(XHR, 'status');
    const xhrType = native(XHR, 'responseType'), xhrText = native(XHR, 'responseText');
    const xhrResponse = native(XHR, 'response'), xhrHeader = native(XHR, 'getResponseHeader');
    const fnToString = Function.prototype.toString;

    // The table, compiled once here: later page changes to RegExp or arrays cannot reach it.
    // Hosts vary by region/cluster, so a row with `host: null` matches its paths on any host.
    // `cal` = only when the query has no service filter or one that includes the calendar (USS
    // serves every hybrid service from the same endpoints).
    const table = shared.endpoints;
    const ANY = /(?:)/;
    /** @typedef {{ host: RegExp, paths: RegExp[], cal: boolean }} WatchedRow */
    /** @type {WatchedRow[]} */
    const WATCHED = [];
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r], paths = [];
      for (let p = 0; p < row.paths.length; p++) paths[p] = new RegExp(row.paths[p].source);
      WATCHED[r] = /** @type {WatchedRow} */ ({ __proto__: null, host: row.host === null ? ANY : new RegExp(row.host), paths, cal: row.calendarOnly });
    }
    // Every WATCHED URL contains one of these words: a single scan of the raw string turns away
    // the page's other requests before any URL is parsed (the cost every fetch and XHR pays).
    const CANDIDATE = new RegExp(table.prefilter, 'i');
    const CALS = table.calendarFilter.services, FILTERS = table.calendarFilter.params;

    const now = () => toISO(new NDate(dateNow()));
    /** @param {string | null} ct */
    const jsonish = (ct) => ct === null || ct === '' || exec(/json/i, ct) !== null;
    // No service filter, or one that includes a calendar: the response carries its statuses.
    // Indexed loops, not spread: a page can replace Array.prototype[Symbol.iterator].
    /** @param {URLSearchParams} params */
    const forCalendar = (params) => {
      let filtered = false;
      for (let f = 0; f < FILTERS.length; f++) {
        const values = paramsGetAll(params, FILTERS[f]);
        for (let i = 0; i < values.length; i++) {
          for (let c = 0; c < CALS.length; c++) if (values[i] === CALS[c]) return true;
          filtered = true;
        }
      }
      return !filtered;
    };
    /** @type {(patterns: RegExp[], text: string) => boolean} */
    const anyMatch = (patterns, text) => {
      for (let i = 0; i < patterns.length; i++) if (exec(patterns[i], text) !== null) return true;
      return false;
    };
    /** The absolute URL if the string `raw` is one we watch, else null. @type {(raw: string) => string | null} */
    const match = (raw) => {
      if (exec(CANDIDATE, raw) === null) return null;
      let u;
      try { u = new NURL(raw, loc.href); } catch (_) { return null; } // the native call fails too
      const host = urlHost(u), path = urlPath(u);
      for (let i = 0; i < WATCHED.length; i++) {
        const w = WATCHED[i];
        if (exec(w.host, host) === null || !anyMatch(w.paths, path)) continue;
        if (w.cal) {
          const params = new NParams(urlSearch(u));
          if (!forCalendar(params)) continue;
        }
        return urlHref(u);
      }
      return null;
    };
    // The channel (content/channel.js has the adapter's side): every response goes as an event on
    // `node`, an element of the hook's own that is never left in the document, so no page script
    // can listen there (to read) or dispatch there (to forge). The adapter takes it in a
    // synchronous handshake at document_start, before any page script can run: `node` joins the
    // document, a cancelable `hello` bubbles from it to the adapter's listener on `document`,
    // `node` leaves; the adapter cancels the hello it took. Uncancelled, the adapter has not run
    // yet: its `ready` is answered with the same hello, the first `ready` only.
    const node = createElement(doc, 'span');
    /** @type {Element | null} */
    let channel = null;
    // Still as document_start leaves it: no page script can have run, none is listening.
    const early = () => readyState(doc) === 'loading' && docHead(doc) === null && docBody(doc) === null;
    const hello = () => {
      const parent = docElement(doc) ?? doc;
      append(parent, node);
      try {
        if (!dispatch(node, new NEvent(HELLO, /** @type {CustomEventInit} */ ({ __proto__: null, bubbles: true, cancelable: true })))) channel = node;
      } finally {
        detach(parent, node);
      }
    };
    const onReady = () => {
      try {
        unlisten(doc, READY, onReady);
        if (early()) hello();
      } catch (e) { quiet(e); }
    };
    // A hook injected later (into a page already loaded) offers no hello: it would reach the
    // page's listeners. It then forwards nothing.
    if (early()) {
      hello();
      if (channel === null) listen(doc, READY, onReady);
    }

    /** @type {(url: string, status: number, time: string, body: unknown, via: HookResponse['via']) => void} */
    const forward = (url, status, time, body, via) => {
      try {
        if (channel === null || typeof body !== 'string' || body.length > CAP) return;
        // Null prototypes: a page-defined Object.prototype.toJSON / .detail getter is never consulted.
        const detail = stringify({ __proto__: null, url, status, time, body, via });
        dispatch(channel, new NEvent(EVENT, /** @type {CustomEventInit<string>} */ ({ __proto__: null, detail })));
      } catch (e) { quiet(e); }
    };

    // The text of a clone's `body` as Response.text() gives it (UTF-8, a BOM dropped), to `done`;
    // past CAP bytes the clone is cancelled and nothing is given: a body without content-length
    // that is huge, or never ends, costs CAP at most. A failed read gives nothing either.
    /** @type {(body: ReadableStream<Uint8Array>, done: (text: string) => void) => void} */
    const readCapped = (body, done) => {
      const reader = getReader(body), decoder = new NDecoder();
      let text = '', bytes = 0;
      /** @param {ReadableStreamReadResult<Uint8Array>} chunk */
      const step = (chunk) => {
        try {
          if (chunk.done) return done(text + decode(decoder));
          bytes += byteLength(chunk.value);
          if (bytes > CAP) return void then(cancel(reader), noop, noop);
          text += decode(decoder, chunk.value, { __proto__: null, stream: true });
          then(read(reader), step, noop);
        } catch (e) { quiet(e); }
      };
      then(read(reader), step, noop);
    };

    // fetch: the page gets the very promise (and so the very Response) the native returned. Only a
    // matching response is cloned, and only its clone's body is read, after the checks below.
    /** @type {(res: Response, url: string) => void} */
    const onFetch = (res, url) => {
      try {
        const status = resStatus(res), headers = resHeaders(res), length = headerGet(headers, 'content-length');
        if (status === 0 || !jsonish(headerGet(headers, 'content-type'))) return; // opaque, non-JSON
        if (length !== null && !(+length < CAP)) return;
        const body = resBody(resClone(res));
        if (body === null) return; // 204, 304, HEAD: nothing to read
        const time = now();
        readCapped(body, (text) => forward(url, status, time, text, 'fetch'));
      } catch (e) { quiet(e); }
    };
    // Only a string, URL or Request input is inspected: stringifying any other object would run
    // page code (its toString) a second time.
    /** @param {unknown} input */
    const fetchTarget = (input) => {
      if (typeof input === 'string') return match(input);
      if (input === null || typeof input !== 'object') return null;
      try { return match(reqUrl(input)); } catch (_) { /* not a Request */ }
      try { return match(urlHref(input)); } catch (_) { return null; }
    };
    // Handler objects get a null prototype: Proxy looks traps up through the prototype chain, so a
    // page-defined Object.prototype.get would otherwise become a trap.
    const fetchProxy = new NProxy(G.fetch, /** @type {ProxyHandler<typeof fetch>} */ ({
      __proto__: null,
      apply(target, self, args) {
        const promise = apply(target, self, args); // the page's own call; its errors stay its own
        try {
          const url = fetchTarget(args[0]);
          // Observing marks the promise handled: only matching requests lose an unhandledrejection.
          if (url !== null) then(promise, (/** @type {Response} */ res) => onFetch(res, url), noop);
        } catch (e) { quiet(e); }
        return promise;
      },
    }));

    // XHR: XMLHttpRequest itself stays; only `open` is wrapped. A matching request gets one
    // readystatechange listener, added once per object right after the native open returns: page
    // handlers keep their relative order (we never touch on* properties or their listeners) and
    // ours usually runs before handlers set after open(), so a page that re-opens the object from
    // onload/onloadend cannot make us miss the response. readystatechange(DONE) also fires for
    // synchronous requests, and exactly once per request.
    const xhrUrls = new NWeakMap(), listening = new NWeakSet();
    /** @this {XMLHttpRequest} */
    const onDone = function () {
      try {
        const url = wmGet(xhrUrls, this);
        if (typeof url !== 'string' || xhrState(this) !== 4) return;
        const status = xhrStatus(this);
        if (status === 0 || !jsonish(xhrHeader(this, 'content-type'))) return; // network error, abort
        // Declared over the cap: dropped before its text is read (a copy) or its object serialised.
        const length = xhrHeader(this, 'content-length');
        if (length !== null && !(+length < CAP)) return;
        const type = xhrType(this); // read only: changing responseType would change the page's data
        let body; // blob, arraybuffer, document: never read
        if (type === '' || type === 'text') body = xhrText(this);
        else if (type === 'json') body = stringify(xhrResponse(this)); // the cached object the page gets
        else return;
        forward(url, status, now(), body, 'xhr');
      } catch (e) { quiet(e); }
    };
    const openProxy = new NProxy(xhrOpen, /** @type {ProxyHandler<typeof xhrOpen>} */ ({
      __proto__: null,
      apply(target, self, args) {
        const result = apply(target, self, args); // throws exactly as native (bad method, URL...)
        try {
          const raw = args[1];
          let url = null;
          if (typeof raw === 'string') url = match(raw);
          else if (raw !== null && typeof raw === 'object') try { url = match(urlHref(raw)); } catch (_) { /* skip */ }
          // Only an object that had a matching request is listened to, and needs to know that
          // this one is not: a fresh object's non-matching open writes nothing.
          if (url !== null) {
            wmSet(xhrUrls, self, url);
            if (!wsHas(listening, self)) wsAdd(listening, self), listen(self, 'readystatechange', onDone);
          } else if (wsHas(listening, self)) wmSet(xhrUrls, self, null);
        } catch (e) { quiet(e); }
        return result;
      },
    }));

    // A Proxy's own toString prints "function () { [native code] }" (no name) in V8, unlike the
    // native "function fetch() { [native code] }"; so Function.prototype.toString answers for each
    // proxy as its target would (itself included).
    const disguised = new NWeakMap();
    const toStringProxy = new NProxy(fnToString, /** @type {ProxyHandler<typeof fnToString>} */ ({
      __proto__: null,
      apply(target, self, args) {
        const real = wmGet(disguised, self);
        return apply(target, real === undefined ? self : real, args);
      },
    }));
    wmSet(disguised, fetchProxy, G.fetch), wmSet(disguised, openProxy, xhrOpen), wmSet(disguised, toStringProxy, fnToString);

    // Plain assignment keeps each property's native attributes (writable, configurable...).
    Function.prototype.toString = toStringProxy;
    G.fetch = fetchProxy;
    XHR.open = openProxy;
  } catch (e) { quiet(e); }
})();

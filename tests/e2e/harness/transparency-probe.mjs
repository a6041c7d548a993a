// More of what a page's own code sees of its fetch and XHR calls (page-probe.mjs has the readers,
// every responseType, sync XHR and the natives' identity): fetch with string, URL and Request
// inputs and init variants; AbortController before the call and during the body; redirects
// (followed, manual, refused); 204/304/404/500; HEAD; non-JSON; a streamed body read by the page
// (getReader), bodyUsed, clone(), instanceof Response; XHR abort (before send, in flight, during
// the body), timeout, overrideMimeType, upload progress and one XHR reused for two requests —
// each under a URL the extension reads and one it does not (the replica's probes), the matching
// ones including a body the page reads at once, one that fails and one that never ends.
// Browser-neutral (Playwright or puppeteer page). Returns { observations }.
import { probeUrls } from './broken-bodies.mjs';
import { inPage } from './page-probe.mjs';

const NAMES = ['ok', 'stream', 'text', 'never', 'cut', 'reset', 'redirect', 'redirect-out', 'status-204', 'status-304', 'status-404', 'status-500', 'latin1', 'echo'];

export function transparencyResults(page, base) {
  const urls = Object.fromEntries(NAMES.map((name) => [name, probeUrls(base, name)]));
  return inPage(page, async (urls, { record, headers, xhrHeaders }) => {
    const { note, results } = record();
    const failure = (e) => `rejects ${e?.name}: ${e?.message}`;
    /** What the page can tell of a Response. */
    const describe = (res) => [res instanceof Response, Object.getPrototypeOf(res) === Response.prototype, res.type, res.status, res.ok, res.statusText, res.url, res.redirected, res.bodyUsed, res.body === null, headers(res.headers)];
    const readAll = async (stream) => {
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let text = '';
      let chunks = true;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks &&= value instanceof Uint8Array;
        text += decoder.decode(value, { stream: true });
      }
      return [text + decoder.decode(), chunks];
    };
    /** Every event of `xhr` (and of its upload) in order; runs of progress and readyState 3 collapsed. */
    const watch = (xhr, upload = false) => {
      const events = [];
      const push = (e) => {
        if (events.at(-1) !== e) events.push(e);
      };
      for (const type of ['readystatechange', 'loadstart', 'progress', 'load', 'loadend', 'error', 'abort', 'timeout']) {
        xhr.addEventListener(type, () => push(`${type}:${xhr.readyState}`));
        if (upload) xhr.upload.addEventListener(type, () => push(`upload ${type}`));
      }
      return events;
    };
    const xhrState = (xhr) => [xhr.readyState, xhr.status, xhr.statusText, xhr.responseURL, xhrHeaders(xhr)];
    const done = (xhr) => new Promise((resolve) => xhr.addEventListener('loadend', resolve, { once: true }));

    for (const where of ['matching', 'other']) {
      const url = (name) => urls[name][where];
      const key = (what) => `${what} ${where}`;

      // Inputs and init variants.
      const inputs = {
        string: () => fetch(url('ok')),
        URL: () => fetch(new URL(url('ok'))),
        Request: () => fetch(new Request(url('ok'))),
        'Request + init': () => fetch(new Request(url('ok'), { headers: { 'x-a': '1' } }), { headers: { 'x-b': '2' }, cache: 'no-store', credentials: 'omit', mode: 'same-origin' }),
        'init object': () => fetch(url('ok'), { method: 'GET', headers: new Headers({ accept: 'application/json' }), referrerPolicy: 'no-referrer', priority: 'low' }),
        'relative string': () => fetch(new URL(url('ok')).pathname + new URL(url('ok')).search),
        'URL-like object': () => fetch({ toString: () => url('ok') }),
      };
      for (const [name, call] of Object.entries(inputs)) {
        try {
          const res = await call();
          note(key(`fetch ${name}`), [...describe(res), await res.text()]);
        } catch (e) {
          note(key(`fetch ${name}`), failure(e));
        }
      }

      // Aborted before the call (with and without a reason), and during the body of one that never ends.
      for (const reason of [undefined, new Error('the page gave up')]) {
        const controller = new AbortController();
        controller.abort(reason);
        note(key(`fetch aborted before, reason ${reason ? 'given' : 'none'}`), await fetch(url('ok'), { signal: controller.signal }).then(() => 'resolves', (e) => [failure(e), e === reason || reason === undefined]));
      }
      {
        const controller = new AbortController();
        const res = await fetch(url('never'), { signal: controller.signal });
        const reader = res.body.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        controller.abort();
        note(key('fetch aborted during the body'), [describe(res), first, await reader.read().then(() => 'resolves', failure), res.bodyUsed]);
      }

      // Redirects: followed, to the same kind of URL and out of it; manual; refused.
      for (const name of ['redirect', 'redirect-out']) {
        for (const redirect of ['follow', 'manual', 'error']) {
          note(key(`fetch ${name} ${redirect}`), await fetch(url(name), { redirect }).then(async (res) => [...describe(res), await res.text()], failure));
        }
      }

      // Statuses, HEAD, non-JSON, a body that fails, a connection that resets.
      for (const name of ['status-204', 'status-304', 'status-404', 'status-500', 'text', 'cut', 'reset']) {
        note(key(`fetch ${name}`), await fetch(url(name)).then(async (res) => [...describe(res), await res.text().catch(failure)], failure));
      }
      for (const name of ['ok', 'status-404']) {
        note(key(`fetch HEAD ${name}`), await fetch(url(name), { method: 'HEAD' }).then(async (res) => [...describe(res), await res.text()], failure));
      }

      // The body as a stream, read by the page at once; clone(); bodyUsed before and after.
      {
        const res = await fetch(url('stream'));
        const body = res.body;
        const before = [res.bodyUsed, body === res.body, body instanceof ReadableStream, body.locked];
        const read = await readAll(body);
        note(key('fetch stream getReader'), [before, read, res.bodyUsed, body.locked, await res.text().then(() => 'resolves', failure), (() => {
          try {
            res.clone();
            return 'cloned';
          } catch (e) {
            return e.name;
          }
        })()]);
      }
      {
        const res = await fetch(url('ok'));
        const copy = res.clone();
        note(key('fetch clone'), [describe(copy), copy instanceof Response, copy !== res, await copy.text(), await res.json().then((v) => Object.keys(v)), res.bodyUsed, copy.bodyUsed]);
      }
      // Read in the same turn as the call resolves, and through the promise's own then.
      note(key('fetch read at once'), await fetch(url('ok')).then((res) => Promise.all([res.text(), res.bodyUsed])));

      // XHR: aborted before send, while in flight, during the body of one that never ends.
      {
        const xhr = new XMLHttpRequest();
        const events = watch(xhr);
        xhr.open('GET', url('ok'));
        xhr.abort();
        note(key('xhr abort before send'), [xhrState(xhr), events]);
      }
      {
        const xhr = new XMLHttpRequest();
        const events = watch(xhr);
        xhr.open('GET', url('never'));
        xhr.send();
        xhr.abort();
        note(key('xhr abort in flight'), [xhrState(xhr), xhr.responseText, events]);
      }
      {
        const xhr = new XMLHttpRequest();
        const events = watch(xhr);
        xhr.open('GET', url('never'));
        xhr.addEventListener('progress', () => xhr.abort(), { once: true });
        const ended = done(xhr);
        xhr.send();
        await ended;
        note(key('xhr abort during the body'), [xhrState(xhr), xhr.responseText, events]);
      }
      // Timeout on one that never ends, set once its first bytes are in (a timeout counts from
      // send(): 1 ms has passed, so it fires then); a fail; a reset; a server error.
      const timeoutOnceLoading = (xhr) => xhr.addEventListener('progress', () => (xhr.timeout = 1), { once: true });
      for (const [name, setup] of [['never', timeoutOnceLoading], ['cut', () => {}], ['reset', () => {}], ['status-500', () => {}]]) {
        const xhr = new XMLHttpRequest();
        const events = watch(xhr);
        xhr.open('GET', url(name));
        setup(xhr);
        const ended = done(xhr);
        xhr.send();
        await ended;
        // A closed connection's failure may come before or after its headers: the outcome only.
        const state = name === 'cut' ? [xhr.readyState] : xhrState(xhr);
        note(key(`xhr ${name}`), [state, xhr.responseText, name === 'cut' ? events.filter((e) => !/^(readystatechange:[23]|progress:3)$/.test(e)) : events]);
      }
      // overrideMimeType: text read as ISO-8859-1, JSON as text, text as JSON.
      for (const [name, mime, type] of [['ok', 'text/plain; charset=iso-8859-1', ''], ['latin1', 'application/json; charset=utf-8', ''], ['text', 'application/json', 'json'], ['ok', 'text/plain', 'json']]) {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', url(name));
        xhr.overrideMimeType(mime);
        xhr.responseType = type;
        const ended = done(xhr);
        xhr.send();
        await ended;
        note(key(`xhr overrideMimeType ${name} ${mime} ${type || '""'}`), [xhrState(xhr), type === 'json' ? JSON.stringify(xhr.response) : xhr.responseText]);
      }
      // Upload progress: a POST of 256 KiB, echoed.
      {
        const xhr = new XMLHttpRequest();
        const events = watch(xhr, true);
        xhr.open('POST', url('echo'));
        const ended = done(xhr);
        xhr.send(new Uint8Array(256 * 1024));
        await ended;
        note(key('xhr upload'), [xhrState(xhr), xhr.responseText, events]);
      }
      // One XHR for two requests: reopened from its own loadend (to the other kind of URL), and
      // again after that, to this kind.
      {
        const other = where === 'matching' ? urls.ok.other : urls.ok.matching;
        const xhr = new XMLHttpRequest();
        const events = watch(xhr);
        const texts = [];
        await new Promise((resolve) => {
          let round = 0;
          xhr.onloadend = () => {
            texts.push([xhr.status, xhr.responseURL, xhr.responseText]);
            if (++round === 1) {
              xhr.open('GET', other);
              xhr.send();
            } else resolve();
          };
          xhr.open('GET', url('ok'));
          xhr.send();
        });
        xhr.onloadend = null;
        xhr.open('GET', url('status-404'));
        xhr.responseType = 'json';
        const ended = done(xhr);
        xhr.send();
        await ended;
        texts.push([xhr.status, xhr.responseURL, JSON.stringify(xhr.response)]);
        note(key('xhr reused'), [texts, events]);
      }
    }
    return results();
  }, urls);
}

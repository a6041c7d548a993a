// What a page's own code gets from broken response bodies (the replica's probes, tests/replica/
// probes.mjs), recorded inside the page so that a run with the extension can be compared with a
// run without it: truncated JSON, wrong types, an empty body, 50 MiB (with and without
// Content-Length), bytes that are not UTF-8, ISO-8859-1, a connection cut mid-body or reset, and a
// response that never ends (read, then aborted) — each under a URL the extension reads and under
// one it does not. Browser-neutral (Playwright or puppeteer page). Returns { observations }.
import { IDS, ORG_ID } from '../../replica/serve.mjs';
import { inPage } from './page-probe.mjs';

export const BROKEN = ['truncated', 'wrong-types', 'empty', 'not-utf8', 'latin1', 'cut', 'reset', 'huge', 'huge-chunked'];

/** The probe `name` under a URL the extension reads (`matching`) and under one it does not. */
export function probeUrls(base, name) {
  return {
    matching: `${base}/uss/api/v1/orgs/${ORG_ID}/userStatuses?userId=${IDS.workspaceA}&probe=${name}`,
    other: `${base}/probe?probe=${name}`,
  };
}

export async function brokenBodyResults(page, base) {
  const urls = Object.fromEntries([...BROKEN, 'never'].map((name) => [name, probeUrls(base, name)]));
  return inPage(page, async ({ urls, huge }, { record, headers, xhrHeaders, digest }) => {
    const { note, results } = record();
    const summary = async (text) => [text.length, await digest(new TextEncoder().encode(text))];
    const failure = (e) => `rejects ${e.name}`;
    // A chunked body fires readystatechange(3) once per chunk it happens to arrive in: runs collapsed.
    const collapse = (events) => events.filter((e, i) => e !== events[i - 1]);
    // A connection closed mid-body: Chromium reports the failure sometimes before the headers,
    // sometimes after (with or without the extension, for any URL), so for `cut` only the
    // outcome is compared: the fetch fails, at the call or at the body; the XHR ends in error.
    const cutShort = (name) => name === 'cut';
    const terminal = (name, events) => (cutShort(name) ? events.filter((e) => !/^readystatechange:[23]$/.test(e)) : events);

    for (const [name, pair] of Object.entries(urls)) {
      if (name === 'never') continue;
      for (const [where, url] of Object.entries(pair)) {
        // 50 MiB bodies: one reader each, not four; the others as the page might read them all.
        for (const reader of huge.includes(name) ? ['text'] : ['text', 'json', 'arrayBuffer']) {
          try {
            const res = await fetch(url);
            let body;
            if (reader === 'text') body = await res.text().then(summary, failure);
            else if (reader === 'json') body = await res.json().then((v) => JSON.stringify(v), failure);
            else body = await res.arrayBuffer().then(digest, failure);
            if (cutShort(name)) note(`fetch ${name} ${where} ${reader}`, String(body).replace(/^rejects/, 'fails'));
            else note(`fetch ${name} ${where} ${reader}`, [res.status, res.ok, headers(res.headers), res.bodyUsed, body]);
          } catch (e) {
            note(`fetch ${name} ${where} ${reader}`, `${cutShort(name) ? 'fails' : 'throws'} ${e.name}`);
          }
        }
        for (const type of huge.includes(name) ? ['', 'json'] : ['', 'json', 'arraybuffer']) {
          const events = [];
          const result = await new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            xhr.open('GET', url);
            xhr.responseType = type;
            for (const e of ['readystatechange', 'loadstart', 'load', 'loadend', 'error', 'abort']) xhr.addEventListener(e, () => events.push(`${e}:${xhr.readyState}`));
            xhr.onloadend = async () => {
              let body = xhr.response;
              if (type === 'arraybuffer') body = body === null ? null : await digest(body);
              else if (type === 'json') body = body === null ? null : Object.keys(body);
              else body = await summary(body);
              resolve([xhr.status, xhrHeaders(xhr), body]);
            };
            xhr.send();
          });
          note(`xhr ${name} ${where} ${type || '""'}`, [result, terminal(name, collapse(events))]);
        }
      }
    }

    // Never ends: the first chunk read, then aborted during the body (fetch), or at readyState 3 (XHR).
    for (const [where, url] of Object.entries(urls.never)) {
      const controller = new AbortController();
      const res = await fetch(url, { signal: controller.signal });
      const reader = res.body.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      note(`fetch never ${where}`, [res.status, first, await reader.read().then(() => 'resolves', failure)]);
      const events = [];
      const xhr = new XMLHttpRequest();
      await new Promise((resolve) => {
        xhr.open('GET', url);
        xhr.onprogress = () => xhr.abort();
        for (const e of ['readystatechange', 'loadstart', 'load', 'loadend', 'error', 'abort']) xhr.addEventListener(e, () => events.push(`${e}:${xhr.readyState}`));
        xhr.onloadend = resolve;
        xhr.send();
      });
      note(`xhr never ${where}`, [xhr.status, xhr.responseText, collapse(events)]);
    }
    return results();
  }, { urls, huge: ['huge', 'huge-chunked'] });
}

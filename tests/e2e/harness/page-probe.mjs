// What a page's own code sees of its fetch and XHR calls, recorded inside the page, so a run with
// the extension can be compared with a run without it. Covers matching (forwarded) and other
// URLs, every fetch body reader, every XHR responseType, synchronous XHR, event order, errors,
// and the identity of fetch / XMLHttpRequest.prototype.open. Browser-neutral (Playwright or
// puppeteer page). Returns { observations }; `channelWitness` then tells whether the responses
// reached the adapter through the hook's channel, and whether the page heard any of it.
import { IDS, ORG_ID } from '../../replica/serve.mjs';
import { hosts, until } from './banner-page.mjs';
import { protocol } from './worlds.mjs';

/**
 * What every probe needs inside the page. Sent to the page as source (see `inPage`), so it
 * closes over nothing but `names`, the channel's event names: `record()` starts the observations
 * and counts, in `heardByPage`, the channel's events that reach the page's listeners on `document`.
 */
function pageTools(names) {
  // The server's TrackingID and Date headers differ on every call: leave them out.
  const volatile = /^(trackingid|date)$/i;
  return {
    record() {
      const out = [];
      globalThis.heardByPage = 0;
      for (const name of names) document.addEventListener(name, () => globalThis.heardByPage++, true);
      return { note: (what, value) => out.push([what, value]), results: () => ({ observations: out }) };
    },
    headers: (h) => [...h].filter(([k]) => !volatile.test(k)).sort(),
    xhrHeaders: (xhr) => xhr.getAllResponseHeaders().split('\r\n').filter((l) => !volatile.test(l.split(':')[0])).sort(),
    digest: async (buffer) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))].map((b) => b.toString(16).padStart(2, '0')).join(''),
  };
}

/**
 * Runs `probe(args, tools)` in `page` (Playwright or puppeteer) and resolves to what it resolves
 * to: `probe` goes to the page as source, so it too closes over nothing; `args` as JSON.
 */
export function inPage(page, probe, args) {
  return page.evaluate(`(${probe})(${JSON.stringify(args)}, (${pageTools})(${JSON.stringify(Object.values(protocol().events))}))`);
}

/**
 * After a probe: `read`, whether the adapter received its responses through the hook's channel
 * (the banner of IDS.workspaceA, the subject of every probe's status URL, which /services shows
 * only from them; waited for with the extension, `extension` undefined, and not without, null);
 * then `heard`, how many of the channel's events the page's listeners got meanwhile: none, as
 * the hook dispatches on a node of its own.
 */
export async function channelWitness(page, extension) {
  const shown = async () => (await hosts(page)).some((h) => h.subject === IDS.workspaceA);
  const read = extension === null ? await shown() : await until('the banner of the probed subject', shown);
  return { read, heard: await page.evaluate(() => globalThis.heardByPage) };
}

export async function pageResults(page, base) {
  const urls = {
    status: `${base}/uss/api/v1/orgs/${ORG_ID}/userStatuses?includeMessages=true&entitled=true&userId=${IDS.workspaceA}`,
    journal: `${base}/uss/api/v1/orgs/${ORG_ID}/userJournal/${IDS.workspaceA}?limit=100&serviceId=squared-fusion-cal`,
    place: `${base}/csdm/api/v1/organization/${ORG_ID}/places/${IDS.workspaceC}`,
    ccc: `${base}/api/v1/orgs/${ORG_ID}/services/squared-fusion-cal`,
    other: `${base}/identity/scim/${ORG_ID}/v1/Users/${IDS.user}`,
    script: `${base}/assets/app.js`,
    missing: `${base}/uss/api/v1/orgs/${ORG_ID}/userJournal/00000000-0000-4000-8000-000000000000?serviceId=squared-fusion-cal`,
  };
  return inPage(page, async (urls, { record, headers, xhrHeaders, digest }) => {
    const { note, results } = record();

    note('fetch.toString', fetch.toString());
    note('fetch.name/length', [fetch.name, fetch.length]);
    note('open.toString', XMLHttpRequest.prototype.open.toString());
    note('toString.toString', Function.prototype.toString.toString());

    for (const [name, url] of Object.entries(urls)) {
      for (const reader of ['text', 'json', 'arrayBuffer', 'blob']) {
        try {
          const res = await fetch(new Request(url), { headers: { accept: 'application/json' } });
          let body = await res[reader]().catch((e) => `rejects ${e.name}`);
          if (reader === 'arrayBuffer') body = await digest(body);
          if (reader === 'blob') body = [body.size, body.type];
          if (reader === 'json' && typeof body === 'object') body = JSON.stringify(body);
          note(`fetch ${name} ${reader}`, [res.status, res.ok, res.type, res.url, res.bodyUsed, res.redirected, headers(res.headers), body]);
        } catch (e) {
          note(`fetch ${name} ${reader}`, `throws ${e.name}`);
        }
      }
      for (const type of ['', 'text', 'json', 'arraybuffer', 'blob', 'document']) {
        const events = [];
        const result = await new Promise((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', url);
          xhr.responseType = type;
          for (const e of ['readystatechange', 'loadstart', 'load', 'loadend', 'error', 'abort']) {
            xhr.addEventListener(e, () => events.push(`${e}:${xhr.readyState}`));
          }
          xhr.onloadend = async () => {
            let body = xhr.response;
            if (type === 'arraybuffer') body = await digest(body);
            else if (type === 'blob') body = [body.size, body.type];
            else if (type === 'document') body = body === null ? null : body.documentElement?.outerHTML.length;
            else if (type === 'json') body = JSON.stringify(body);
            resolve([xhr.status, xhr.statusText, xhr.responseURL, xhrHeaders(xhr), body,
              type === '' || type === 'text' ? xhr.responseText : null]);
          };
          xhr.send();
        });
        note(`xhr ${name} ${type || '""'}`, [result, events]);
      }
      const sync = new XMLHttpRequest();
      const syncEvents = [];
      sync.onreadystatechange = () => syncEvents.push(sync.readyState);
      sync.open('GET', url, false);
      sync.send();
      note(`sync xhr ${name}`, [sync.status, sync.responseText, syncEvents]);
    }
    try {
      await fetch('http://127.0.0.1:1/uss/api/v1/orgs/x/userStatuses?userId=y');
    } catch (e) {
      note('fetch refused', `${e.name}: ${e.message}`);
    }
    try {
      new XMLHttpRequest().open('BAD METHOD', urls.status);
    } catch (e) {
      note('xhr bad method', e.name);
    }
    return results();
  }, urls);
}

/**
 * The replica's /services page probed by `probe` (pageResults unless given) in two fresh
 * browsers, with the extension and without: `launch({ extension })` (undefined: the built one,
 * null: none) resolves to `{ newPage, close }`.
 */
export async function resultsWithAndWithout(launch, base, probe = pageResults) {
  const results = [];
  for (const extension of [undefined, null]) {
    const browser = await launch({ extension });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/services`);
      results.push({ ...(await probe(page, base)), ...(await channelWitness(page, extension)) });
    } finally {
      await browser.close();
    }
  }
  const [withExtension, without] = results;
  return { withExtension, without };
}

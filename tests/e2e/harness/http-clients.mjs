// What a page sees of its requests through real npm HTTP clients, installed by the project
// (package.json) and served by the replica from node_modules (/vendor/NAME/): ky on fetch and
// axios on XMLHttpRequest, each for a URL the extension reads and one it does not (the replica's
// probes). Browser-neutral (Playwright or puppeteer page). Each returns { observations }.
import { probeUrls } from './broken-bodies.mjs';
import { inPage } from './page-probe.mjs';

const pairs = (base, names) => Object.fromEntries(names.map((name) => [name, probeUrls(base, name)]));

/**
 * ky: JSON, text, a redirect, HEAD, HTTP errors, its timeout on a server that never answers, a
 * hook of its own. No retries: ky's backoff would only cost time.
 */
export function kyResults(page, base) {
  const urls = pairs(base, ['ok', 'text', 'status-404', 'status-500', 'silent', 'redirect']);
  return inPage(page, async (urls, { record, headers }) => {
    const { note, results } = record();
    const { default: ky } = await import('/vendor/ky/index.js');
    const api = ky.create({ retry: 0, hooks: { afterResponse: [(request, options, response) => void note('ky hook', [request.method, response.status, response.url])] } });
    const failure = (e) => [e.name, e.message.replace(/ \d+ms/, ''), e.response?.status ?? null];
    // ky hands the page the browser's own Response: it is on fetch.
    note('ky transport', await api.get(urls.ok.other).then((res) => [res instanceof Response, Object.getPrototypeOf(res) === Response.prototype]));
    for (const where of ['matching', 'other']) {
      const url = (name) => urls[name][where];
      const key = (what) => `ky ${what} ${where}`;
      note(key('json'), await api.get(url('ok')).json().then((v) => JSON.stringify(v), failure));
      note(key('text'), await api.get(url('text')).text().catch(failure));
      note(key('redirect'), await api.get(url('redirect')).then(async (res) => [res.status, res.redirected, res.url, headers(res.headers), await res.text()], failure));
      note(key('head'), await api.head(url('ok')).then((res) => [res.status, headers(res.headers)], failure));
      for (const name of ['status-404', 'status-500']) note(key(name), await api.get(url(name)).json().then(() => 'resolves', failure));
      note(key('timeout'), await api.get(url('silent'), { timeout: 50 }).text().then(() => 'resolves', failure));
    }
    return results();
  }, urls);
}

/**
 * axios, on its XHR adapter, named so it cannot move to fetch (its default takes the first of xhr,
 * http and fetch that the page has): JSON, text, a redirect, HEAD, HTTP errors, its timeout on a
 * server that never answers, every responseType, upload and download progress, cancelling with an
 * AbortController before the call and during a body that never ends, interceptors of its own.
 */
export function axiosResults(page, base) {
  const urls = pairs(base, ['ok', 'text', 'stream', 'status-404', 'status-500', 'silent', 'never', 'redirect', 'echo']);
  return inPage(page, async (urls, { record, headers, digest }) => {
    const { note, results } = record();
    const { default: axios } = await import('/vendor/axios/axios.js');
    const api = axios.create({ adapter: 'xhr' });
    api.interceptors.request.use((config) => {
      note('axios request interceptor', [config.method, config.url, config.responseType ?? null]);
      return config;
    });
    api.interceptors.response.use(
      (res) => {
        note('axios response interceptor', [res.status, res.request.responseURL]);
        return res;
      },
      (e) => {
        note('axios response interceptor error', [e.code, e.response?.status ?? null]);
        return Promise.reject(e);
      },
    );
    const described = (res) => [res.status, res.statusText, res.request.responseURL, headers(res.headers)];
    const failure = (e) => [e.name, e.code, e.message, axios.isCancel(e), e.response?.status ?? null, JSON.stringify(e.response?.data ?? null)];
    const body = async (data) => {
      if (data instanceof ArrayBuffer) return ['ArrayBuffer', await digest(data)];
      if (data instanceof Blob) return ['Blob', data.size, data.type];
      return [typeof data, JSON.stringify(data)];
    };
    // How many progress callbacks come depends on timing (axios throttles them): that they came,
    // rose, and the last one, which axios delivers at loadend.
    const progress = (events) => {
      const last = events.at(-1);
      return [events.length > 0, events.every((e, i) => i === 0 || e.loaded >= events[i - 1].loaded), last && [last.loaded, last.total ?? null, last.progress ?? null, last.lengthComputable, last.upload ?? false, last.download ?? false]];
    };

    note('axios transport', await api.get(urls.ok.other).then((res) => [res.request instanceof XMLHttpRequest, res.config.adapter]));
    for (const where of ['matching', 'other']) {
      const url = (name) => urls[name][where];
      const key = (what) => `axios ${what} ${where}`;
      note(key('json'), await api.get(url('ok')).then(async (res) => [...described(res), await body(res.data)], failure));
      note(key('text'), await api.get(url('text')).then(async (res) => [...described(res), await body(res.data)], failure));
      note(key('redirect'), await api.get(url('redirect')).then(async (res) => [...described(res), await body(res.data)], failure));
      note(key('head'), await api.head(url('ok')).then(async (res) => [...described(res), await body(res.data)], failure));
      for (const name of ['status-404', 'status-500']) note(key(name), await api.get(url(name)).then(() => 'resolves', failure));
      note(key('timeout'), await api.get(url('silent'), { timeout: 50 }).then(() => 'resolves', failure));

      for (const name of ['ok', 'text']) {
        for (const responseType of ['json', 'text', 'arraybuffer', 'blob']) {
          note(key(`${name} responseType ${responseType}`), await api.get(url(name), { responseType }).then(async (res) => [res.status, await body(res.data)], failure));
        }
      }

      {
        const events = [];
        const sent = await api.post(url('echo'), new Uint8Array(256 * 1024), { onUploadProgress: (e) => events.push(e) }).then(async (res) => [...described(res), await body(res.data)], failure);
        note(key('upload progress'), [sent, progress(events)]);
      }
      for (const name of ['ok', 'stream']) {
        const events = [];
        const got = await api.get(url(name), { onDownloadProgress: (e) => events.push(e) }).then(async (res) => [...described(res), await body(res.data)], failure);
        note(key(`${name} download progress`), [got, progress(events)]);
      }

      {
        const controller = new AbortController();
        controller.abort();
        note(key('aborted before'), await api.get(url('ok'), { signal: controller.signal }).then(() => 'resolves', failure));
      }
      {
        // Aborted at its first bytes: the body never ends, so only the abort ends it. Its timeout
        // only bounds the wait should no progress come: a failure to report, not a hang.
        const controller = new AbortController();
        const loaded = [];
        const outcome = await api.get(url('never'), {
          signal: controller.signal,
          timeout: 10000,
          onDownloadProgress: (e) => {
            loaded.push(e.loaded);
            controller.abort();
          },
        }).then(() => 'resolves', failure);
        note(key('aborted during the body'), [outcome, loaded]);
      }
    }
    return results();
  }, urls);
}

// The page adapter's input side (extension/content/inputs.js) in a plain Node context: which
// forwarded responses it accepts, where it files them (the organisation's data apart, bounded),
// that forged floods stay bounded, and the adapter's answer to an extension page's lists request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

import { runScripts } from './harness/extension-scripts.mjs';

// In the manifest's order: the shared tables, then inputs.js.
const SOURCES = ['shared/protocol.js', 'shared/endpoints.js', 'content/inputs.js'].map((name) => ({
  name, source: readFileSync(new URL(`../../extension/${name}`, import.meta.url), 'utf8'),
}));
const ORG = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
const A = 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10';
const B = 'b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21';
const USS = `https://uss-a.wbx2.com/uss/api/v1/orgs/${ORG}`;

function load() {
  const context = vm.createContext({ URL, atob, crypto });
  for (const { name, source } of SOURCES) vm.runInContext(source, context, { filename: name });
  return context.caldoctor.inputs;
}

const detail = (url, body = '{}', extra = {}) => JSON.stringify({ url, status: 200, time: '2026-11-27T01:30:00.000Z', body, via: 'fetch', ...extra });
const status = (id) => `${USS}/userStatuses?includeMessages=true&entitled=true&userId=${id}`;

test('reads only well-formed hook details', () => {
  const { readDetail } = load();
  assert.deepEqual(
    { ...readDetail(detail('https://x/a', '{"a":1}', { via: 'xhr' })) },
    { url: 'https://x/a', body: '{"a":1}', status: 200, time: '2026-11-27T01:30:00.000Z', via: 'xhr' },
  );
  for (const bad of [undefined, null, 5, {}, '', '{', 'null', '[]', '{"url":1,"body":"x"}', '{"url":"u"}', JSON.stringify({ url: 'x'.repeat(9000), body: '' })]) {
    assert.equal(readDetail(bad), null, String(bad));
  }
  assert.equal(readDetail('x'.repeat(10 * 1024 * 1024)), null, 'oversized');
  const odd = readDetail(JSON.stringify({ url: 'u', body: 'b', status: 'x', time: 7, via: '<img>' }));
  assert.equal(odd.status, 0);
  assert.equal(odd.time, '');
  assert.equal(odd.via, 'fetch');
});

test('routes each endpoint to its subject or to the organisation', () => {
  const { route } = load();
  const subject = (url) => {
    const where = route(url);
    return where && { subject: where.subject, org: where.org };
  };
  assert.deepEqual(subject(status(A.toUpperCase())), { subject: A, org: ORG });
  assert.deepEqual(subject(`${USS}/userJournal/${A}?limit=100&serviceId=squared-fusion-cal`), { subject: A, org: ORG });
  assert.deepEqual(subject(`${USS}/users/${A}/userJournal?service=squared-fusion-cal`), { subject: A, org: ORG });
  assert.deepEqual(subject(`https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG}/places/${A}`), { subject: A, org: ORG });
  // A hydra id (base64 of ciscospark://us/PLACE/<uuid>) is the same subject.
  const hydra = Buffer.from(`ciscospark://us/PLACE/${A}`).toString('base64').replace(/=+$/, '');
  assert.deepEqual(subject(`https://webexapis.com/v1/workspaces/${hydra}`), { subject: A, org: null });
  assert.deepEqual(subject(`https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/${ORG}/services/squared-fusion-cal`), { subject: null, org: ORG });
  assert.deepEqual(subject(`https://graph.microsoft.com/v1.0/places/room@ciscolive.us`), { subject: null, org: null });
  // A status list of many users, a place list, and garbage cannot be placed.
  assert.equal(route(`${USS}/userStatuses?userId=${A}&userId=${B}`), null);
  assert.equal(route(`${USS}/userStatuses?includeMessages=true`), null);
  assert.equal(route(`https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG}/places/not-an-id`), null);
  assert.equal(route('not a url'), null);
});

// The URLs that pin the hook (hook.test.mjs) and the core (tests/endpoint_urls.rs) too.
const ENDPOINT_URLS = JSON.parse(readFileSync(new URL('../fixtures/endpoint-urls.json', import.meta.url), 'utf8'));
const absolute = (url) => new URL(url, 'https://admin.webex.com/').href; // as the hook forwards it

test("routes every watched URL as the fixture says, and no ignored one", () => {
  const { route } = load();
  for (const { url, endpoint, route: core, adapter = core } of ENDPOINT_URLS.watched) {
    const where = route(absolute(url)); // an object of the vm's realm: compared by its fields
    assert.deepEqual(where && { ...where }, adapter && { endpoint, subject: adapter.subject, org: adapter.org }, url);
  }
  for (const url of ENDPOINT_URLS.ignored) assert.equal(route(absolute(url)), null, url);
});

test('the endpoint table is registered deep-frozen', () => {
  const context = vm.createContext({});
  vm.runInContext(SOURCES[1].source, context, { filename: SOURCES[1].name });
  const table = vm.runInContext("Object.getOwnPropertyDescriptor(globalThis, Symbol.for('caldoctor.shared')).value.endpoints", context);
  const objects = [table, table.calendarFilter, table.calendarFilter.params, table.calendarFilter.services, table.rows, ...table.rows, ...table.rows.flatMap((r) => [r.paths, ...r.paths])];
  assert.ok(objects.every((o) => Object.isFrozen(o)));
});

test('without the endpoint table nothing is placed', () => {
  const context = vm.createContext({ URL, atob, crypto });
  vm.runInContext(SOURCES.at(-1).source, context);
  assert.equal(context.caldoctor.inputs.route(status(A)), null);
});

test('files responses per subject, latest per URL, organisation inputs shared', () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const add = (url, body) => store.add(readDetail(detail(url, body)));
  assert.equal(add(status(A), '{"v":1}').changed, true);
  const version = store.versionOf(A);
  assert.equal(add(status(A), '{"v":1}').changed, false, 'the same poll again is no change');
  assert.equal(store.versionOf(A), version);
  assert.equal(add(status(A), '{"v":2}').changed, true);
  assert.notEqual(store.versionOf(A), version);
  const before = store.versionOf(A);
  add(`https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/${ORG}/services/squared-fusion-cal`, '{"status":"ok"}');
  assert.notEqual(store.versionOf(A), before, "the organisation's inputs are the subject's too");
  add(`https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG}/places/${B}`, '{}');
  assert.deepEqual(
    [...store.inputsFor(A).map((i) => i.body)],
    ['{"status":"ok"}', '{"v":2}'],
  );
  assert.equal(store.diagnosable(A), true);
  assert.equal(store.diagnosable(B), false, 'a place alone diagnoses nothing');
  assert.equal(store.latestPolled(0), A);
  assert.equal(store.latestPolled(1), null, 'nothing polled since the last navigation');
  add(status(B), `{"d":"Received error 'Forbidden' from O365."}`);
  assert.equal(store.latestPolled(0), B);
  // Tagged as they arrive: a status received after a navigation is the new page's, however late
  // the adapter looks, and a poll repeating the same body still says which page polls it.
  store.add({ url: status(A), body: '{"v":2}', status: 200, time: '', via: 'fetch' }, 1);
  assert.equal(store.latestPolled(1), A);
  assert.equal(store.latestPolled(0), B);
  assert.deepEqual([...store.statusWords(B)], ['Forbidden']);
});

const REPORT = `${USS}/userStatuses?includeMessages=true&serviceId=squared-fusion-cal&limit=10000&entitled=true`;
const SCIM = `https://identity.webex.com/identity/scim/${ORG}/v1/Users`;
/** A status list body of `n` subjects (ids from `from`), as USS writes one. */
const statusList = (n, from = 0) =>
  JSON.stringify({ userStatuses: Array.from({ length: n }, (_, i) => ({ userId: `u${from + i}`, state: 'error', serviceId: 'squared-fusion-cal' })), paging: { count: n } });
/** A SCIM ListResponse of `n` users. */
const scimList = (n) => JSON.stringify({ Resources: Array.from({ length: n }, (_, i) => ({ id: `u${i}`, userName: `u${i}@a.example` })) });
const dataOf = (store, org = ORG) => store.lists().find((o) => o.org === org);
const urls = (store, org = ORG) => [...(dataOf(store, org)?.inputs ?? []).map((i) => i.url)];

test("the organisation's data is filed per organisation as raw bodies, oldest first, never in a banner", () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const add = (url, body, via = 'fetch') => store.add(readDetail(detail(url, body, { via })));
  add(status(A), '{"v":1}');
  // The report: its first page over XHR, the next pages (paging.next, full URLs) over fetch.
  assert.equal(add(REPORT, statusList(3), 'xhr'), null, 'a list is no banner input');
  add(`${REPORT}&start=3`, statusList(2, 3));
  const summary = `${USS}/userStatuses/summary?serviceId=squared-fusion-cal`;
  assert.equal(add(summary, '{"countsByState":{}}').subject, null, 'the summary is still the banners\' too');
  add(`https://hercules-a.wbx2.com/hercules/api/v2/organizations/${ORG}/alarms?serviceId=squared-fusion-cal`, '{"items":[]}');
  add(`${SCIM}?filter=id%20eq%20%22u0%22`, scimList(1));
  add(`https://identity.webex.com/organization/${ORG}/machines`, '{"items":[{"id":"m1","displayName":"Room"}]}');
  add(`https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG}/places?query=x`, '{"places":[]}');
  add(`https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/${ORG}/services/squared-fusion-cal`, '{"status":"ok"}');
  add(`https://graph.microsoft.com/v1.0/places/x`, '{}');
  const data = dataOf(store);
  assert.equal(data.subjects, 5, 'the status subjects held');
  assert.deepEqual(urls(store).map((u) => new URL(u).pathname.split('/').at(-1)), ['userStatuses', 'userStatuses', 'summary', 'alarms', 'Users', 'machines', 'places']);
  assert.deepEqual({ ...data.inputs[0] }, { url: REPORT, body: statusList(3), source: 'xhr' });
  assert.equal(data.inputs[1].source, 'fetch');
  assert.deepEqual([...store.inputsFor(A).map((i) => i.body)], ['{"countsByState":{}}', '{"items":[]}', '{"status":"ok"}', '{}', '{"v":1}'], "a banner's inputs: the org's and the subject's, no list");
  assert.equal(add('https://admin.webex.com/api/other', '{}'), null, 'what the extension does not read is dropped');
  assert.deepEqual([...store.lists().map((o) => o.org)], [ORG], 'only organisations with data');
});

test('a page fetched again replaces its older copy and becomes the newest', () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const add = (url, body) => store.add(readDetail(detail(url, body)));
  add(REPORT, statusList(2));
  add(`${REPORT}&start=2`, statusList(2, 2));
  add(REPORT, statusList(1));
  assert.deepEqual(urls(store), [`${REPORT}&start=2`, REPORT]);
  assert.equal(dataOf(store).inputs[1].body, statusList(1));
  assert.equal(dataOf(store).subjects, 3);
});

test("each organisation's data is bounded at 50,000 status subjects and as many identities, the oldest bodies dropped first", () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const add = (url, body) => store.add(readDetail(detail(url, body)));
  const page = (n) => `${REPORT}&start=${n * 10000}`;
  for (let n = 0; n < 6; n++) add(page(n), statusList(10000, n * 10000));
  add(`${SCIM}?startIndex=1`, scimList(30000));
  add(`${SCIM}?startIndex=30001`, scimList(30000));
  assert.equal(dataOf(store).subjects, 50000);
  assert.deepEqual(urls(store), [page(1), page(2), page(3), page(4), page(5), `${SCIM}?startIndex=30001`], 'each kind its own bound');
  // The newest body is kept even alone over the bound; summaries and alarms are bounded in number.
  add(page(9), statusList(60000));
  assert.equal(dataOf(store).subjects, 60000);
  for (let n = 0; n < 40; n++) add(`${USS}/userStatuses/summary?n=${n}`, '{"countsByState":{}}');
  assert.equal(urls(store).filter((u) => u.includes('summary')).length, 32);
  assert.ok(urls(store).includes(`${USS}/userStatuses/summary?n=39`));
  // Empty pages count as one each: a flood of them stays bounded too.
  const flood = new InputStore();
  for (let n = 0; n < 50010; n++) flood.add(readDetail(detail(`${REPORT}&start=${n}`, '{"userStatuses":[]}')));
  assert.equal(dataOf(flood).inputs.length, 50000);
});

test('a few organisations keep their data, in all under what one message may carry', () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const orgs = Array.from({ length: 5 }, (_, n) => `${String(n).padStart(8, '0')}-9643-417f-9974-ad72cae0e10f`);
  for (const org of orgs) store.add(readDetail(detail(`https://uss-a.wbx2.com/uss/api/v1/orgs/${org}/userStatuses?limit=10000`, statusList(1))));
  assert.deepEqual([...store.lists().map((o) => o.org)], orgs.slice(1), 'the least recently filed goes');
  const big = (org) => `https://uss-a.wbx2.com/uss/api/v1/orgs/${org}/userStatuses?page=big`;
  store.add(readDetail(detail(big(orgs[1]), 'x'.repeat(5 * 1024 * 1024))));
  store.add({ url: big(orgs[2]), body: 'y'.repeat(54 * 1024 * 1024), status: 200, time: '', via: 'fetch' });
  const chars = store.lists().reduce((n, o) => n + o.inputs.reduce((m, i) => m + i.body.length, 0), 0);
  assert.ok(chars <= 56 * 1024 * 1024, `${chars} chars`);
  assert.deepEqual([...store.lists().map((o) => o.org)], [orgs[2]], 'the others, least recently filed first, until it fits');
});

test('a flood of responses (a page script may request any number) stays bounded', () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  for (let i = 0; i < 200; i++) {
    const id = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
    store.add(readDetail(detail(status(id), 'x')));
    store.add(readDetail(detail(`${USS}/userJournal/${A}?limit=${i}`, 'y'.repeat(1024 * 1024))));
  }
  assert.ok(store.ids().length <= 50, `${store.ids().length} subjects`);
  const chars = store.inputsFor(A).reduce((n, i) => n + i.body.length, 0);
  assert.ok(store.inputsFor(A).length <= 12 && chars <= 8 * 1024 * 1024, `${store.inputsFor(A).length} inputs, ${chars} chars`);
  // The latest response is always kept, even alone over the budget.
  store.add(readDetail(detail(status(A), 'z'.repeat(8.5 * 1024 * 1024))));
  assert.ok(store.inputsFor(A).some((i) => i.body.startsWith('zzz')));
});

test("the adapter answers an extension page's lists request with every organisation's data", async () => {
  // adapter.js over the real shared files and inputs.js, its DOM parts stubbed: only its
  // messaging is under test (the DOM parts: adapter-dom.test.mjs, the whole: e2e).
  const listeners = { message: [], response: [] };
  const chrome = {
    runtime: { id: 'own', onMessage: { addListener: (f) => listeners.message.push(f), removeListener() {} } },
    storage: { onChanged: { addListener() {}, removeListener() {} } },
  };
  const document = { addEventListener() {}, removeEventListener() {} };
  // The hook's channel, handed over at once (its handshake: hook.test.mjs).
  const channel = { addEventListener: (type, f) => listeners.response.push(f), removeEventListener() {} };
  const context = vm.createContext({ URL, atob, crypto, chrome, document, location: { pathname: '/reports/user-status' }, setTimeout, addEventListener() {} });
  runScripts(context, ['shared/protocol.js', 'shared/endpoints.js', 'shared/api.js', 'shared/settings.js', 'content/inputs.js']);
  vm.runInContext(`Object.assign(globalThis.caldoctor, {
    tenantLearning: { watchTenantDetails: () => ({ orgSeen() {}, stop() {} }) },
    placement: {}, pageContext: {}, BannerFrame: class {}, HOST_ATTR: 'data-caldoctor-host',
  })`, context);
  context.caldoctor.channel = { openChannel: (doc, events, take) => take(channel) };
  runScripts(context, ['content/adapter.js']);
  const respond = (url, body, via) => listeners.response[0]({ detail: detail(url, body, { via }) });
  respond(REPORT, statusList(2), 'xhr');
  respond(`${REPORT}&start=2`, statusList(1, 2), 'fetch');
  respond(`${SCIM}?filter=x`, scimList(3), 'fetch');
  const ask = (message, sender = { id: 'own', url: 'chrome-extension://own/triage.html' }) => {
    let answer;
    listeners.message[0](message, sender, (a) => (answer = JSON.parse(JSON.stringify(a))));
    return answer;
  };
  const answer = ask({ type: 'lists' });
  assert.deepEqual(answer.orgs.map(({ org, subjects, inputs }) => ({ org, subjects, sources: inputs.map((i) => i.source) })), [
    { org: ORG, subjects: 3, sources: ['xhr', 'fetch', 'fetch'] },
  ]);
  assert.equal(answer.orgs[0].inputs[0].body, statusList(2), 'the body as received');
  assert.equal(ask({ type: 'lists' }, { id: 'stranger' }), undefined, "another extension's request is not answered");
  ask({ type: 'pause', paused: true });
  assert.deepEqual(ask({ type: 'lists' }), { orgs: [] }, 'paused, the tab reads nothing');
});

test("an organisation's data has a version that changes with what is held, not with a poll that brings the same", () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const add = (url, body) => store.add(readDetail(detail(url, body)));
  const version = () => store.heads().find((o) => o.org === ORG)?.version;
  add(REPORT, statusList(2));
  const first = version();
  assert.match(first, /^[0-9a-f-]{36}:\d+$/, 'unique to this adapter');
  add(REPORT, statusList(2));
  assert.equal(version(), first, 'the newest body polled again');
  add(`${REPORT}&start=2`, statusList(2, 2));
  const second = version();
  assert.notEqual(second, first, 'a new body');
  add(REPORT, statusList(2));
  assert.notEqual(version(), second, 'an older body fetched again becomes the newest: whose status is latest may change');
  add(REPORT, statusList(3));
  assert.deepEqual(
    [...store.heads()].map(({ org, subjects, bodies }) => ({ org, subjects, bodies })),
    [{ org: ORG, subjects: 5, bodies: 2 }],
    'heads: what lists answers, without the bodies',
  );
  const { inputs, ...head } = store.lists()[0];
  assert.deepEqual(head, { ...store.heads()[0] });
  assert.equal(inputs.length, 2);
  assert.notEqual(new InputStore().instance, store.instance, 'another adapter (a reload) names its versions otherwise');
});

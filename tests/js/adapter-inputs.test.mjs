// The page adapter's input side (extension/content/inputs.js) in a plain Node context: which
// forwarded responses it accepts, where it files them, and that forged floods stay bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

// In the manifest's order: the shared tables, then inputs.js.
const SOURCES = ['shared/protocol.js', 'shared/endpoints.js', 'content/inputs.js'].map((name) => ({
  name, source: readFileSync(new URL(`../../extension/${name}`, import.meta.url), 'utf8'),
}));
const ORG = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
const A = 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10';
const B = 'b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21';
const USS = `https://uss-a.wbx2.com/uss/api/v1/orgs/${ORG}`;

function load() {
  const context = vm.createContext({ URL, atob });
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
  const context = vm.createContext({ URL, atob });
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

test('lists of many subjects are kept per organisation, never in a banner', () => {
  const { InputStore, readDetail } = load();
  const store = new InputStore();
  const add = (url, body) => store.add(readDetail(detail(url, body)));
  add(status(A), '{"v":1}');
  const list = `${USS}/userStatuses?includeMessages=true&serviceId=squared-fusion-cal&state=error&limit=10000&entitled=true`;
  assert.deepEqual({ ...add(list, '{"userStatuses":[]}') }, { subject: null, org: ORG, changed: true });
  add(`https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG}/places?query=x`, '{"places":[]}');
  assert.deepEqual([...store.listsOf(ORG).map((i) => i.endpoint)], ['user-statuses', 'place']);
  assert.deepEqual([...store.inputsFor(A).map((i) => i.body)], ['{"v":1}'], "the banner's inputs are the subject's");
  assert.equal(add('https://admin.webex.com/api/other', '{}'), null, 'what is not a list is still dropped');
  assert.equal(add(`https://graph.microsoft.com/v1.0/places/x`, '{}').subject, null);
  assert.equal(store.listsOf(ORG).length, 2, 'an organisation endpoint is no list');
});

test('a flood of forged responses stays bounded', () => {
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

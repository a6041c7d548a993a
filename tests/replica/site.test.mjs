// Tests of the Control Hub replica (tests/replica/serve.mjs + tests/replica/site/). node:test:
//   node --test tests/replica/
// The browser part drives Debian's Chromium with Playwright (tests/e2e/harness/browsers.mjs); it
// is skipped only when no Chromium is installed.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium } from '../e2e/harness/browsers.mjs';
import { until } from '../e2e/harness/banner-page.mjs';
import { startServer, STRICT_CSP, ORG_ID, IDS, UNAUTHORIZED, HOSTILE, SITE_DIR, generatedId, generatedSubject } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVE = path.join(HERE, 'serve.mjs');
const ISO_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CAL = 'squared-fusion-cal';
const { workspaceA: A, workspaceB: B, workspaceC: C, user: U } = IDS;

const statusUrl = (id) => `/uss/api/v1/orgs/${ORG_ID}/userStatuses?includeMessages=true&entitled=true&userId=${id}`;
const journalUrl = (id) => `/uss/api/v1/orgs/${ORG_ID}/userJournal/${id}?limit=100&serviceId=${CAL}`;
const placeUrl = (id) => `/csdm/api/v1/organization/${ORG_ID}/places/${id}`;
const cccUrl = `/api/v1/orgs/${ORG_ID}/services/${CAL}`;

/** A raw request: the path goes on the wire exactly as given (fetch would normalise "..").  */
function raw(base, method, rawPath, headers = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function getJson(base, p, init) {
  const res = await fetch(base + p, init);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return { status: res.status, json: await res.json(), headers: res.headers };
}

function walkTimes(value, key = '', out = []) {
  if (Array.isArray(value)) value.forEach((v) => walkTimes(v, key, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkTimes(v, k, out);
  else if (/^(time|lastStateChange|lastStatusUpdate|createdAt|updated)$/.test(key)) out.push(value);
  return out;
}

// -------------------------------------------------------------------------------------------------

describe('server', () => {
  let srv;
  before(async () => {
    srv = await startServer({ port: 0 });
  });
  after(() => srv.close());

  test('binds 127.0.0.1 only: loopback address, not reachable on ::1 or on a LAN address', async () => {
    const addr = srv.server.address();
    assert.equal(addr.address, '127.0.0.1');
    assert.equal(addr.family, 'IPv4');
    assert.equal(srv.url, `http://127.0.0.1:${addr.port}`);
    const refused = (host) =>
      new Promise((resolve) => {
        const s = net.connect({ host, port: addr.port, timeout: 1500 });
        s.on('connect', () => (s.destroy(), resolve(false)));
        s.on('timeout', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(true));
      });
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i.address);
    for (const host of ['::1', ...others]) assert.equal(await refused(host), true, `reachable on ${host}`);
    assert.equal(await refused('127.0.0.1'), false, 'not reachable on 127.0.0.1');
  });

  test('SPA fallback: every non-API, non-asset path gets index.html', async () => {
    for (const p of ['/', `/workspaces/${A}`, `/users/${U}`, '/services/hybrid-calendar/tenant', '/no/such/page?x=1']) {
      const res = await fetch(srv.url + p);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type'), /^text\/html/, p);
      const html = await res.text();
      assert.match(html, /<html lang="en">/, p);
      assert.match(html, /<script type="module" src="\/assets\/app\.js"><\/script>/, p);
      assert.match(html, /data-testid="main"/, p);
    }
    const ja = await (await fetch(`${srv.url}/workspaces/${A}?lang=ja`)).text();
    assert.match(ja, /<html lang="ja">/);
  });

  test('assets: served with their types; a missing asset is 404, not the SPA', async () => {
    const js = await fetch(`${srv.url}/assets/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    assert.match(await js.text(), /scheduling-section/);
    const css = await fetch(`${srv.url}/assets/styles.css`);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    const missing = await fetch(`${srv.url}/assets/nope.js`);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(await missing.text(), /<html/);
  });

  test('userStatuses: workspace A is the note\'s error, with the O365 sentence', async () => {
    const { status, json } = await getJson(srv.url, statusUrl(A));
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(json).sort(), ['paging', 'userStatuses']);
    assert.equal(json.paging.count, 1);
    assert.equal(json.userStatuses.length, 1);
    const s = json.userStatuses[0];
    assert.equal(s.userId, A);
    assert.equal(s.orgId, ORG_ID);
    assert.equal(s.serviceId, CAL);
    assert.equal(s.entitled, true);
    assert.equal(s.state, 'error');
    assert.equal(s.owner, 'ccc');
    assert.equal(s.lastStateChange, '2026-11-27T01:24:00.000Z');
    assert.match(s.lastStatusUpdate, ISO_MS_Z);
    assert.equal(s.messages.length, 1);
    assert.equal(s.messages[0].severity, 'error');
    assert.equal(s.messages[0].description, "Received error 'Unauthorized' from O365. Admin action is required.");
    assert.equal(UNAUTHORIZED, s.messages[0].description);
  });

  test('userStatuses: B activated, C (the .com twin) and the user in error, unknown id empty', async () => {
    const b = (await getJson(srv.url, statusUrl(B))).json.userStatuses[0];
    assert.equal(b.state, 'activated');
    assert.equal(b.messages[0].severity, 'info');
    assert.match(b.lastStateChange, ISO_MS_Z);
    for (const id of [C, U]) {
      const s = (await getJson(srv.url, statusUrl(id))).json.userStatuses[0];
      assert.equal(s.userId, id);
      assert.equal(s.state, 'error');
      assert.equal(s.messages[0].description, UNAUTHORIZED);
    }
    const none = (await getJson(srv.url, statusUrl('00000000-0000-0000-0000-000000000000'))).json;
    assert.deepEqual(none.userStatuses, []);
    assert.equal(none.paging.count, 0);
  });

  test('userJournal: newest first, entry.payload and entry.context.trackingRoot, ISO UTC times', async () => {
    const { status, json } = await getJson(srv.url, journalUrl(A));
    assert.equal(status, 200);
    assert.ok(Array.isArray(json.entries) && json.entries.length >= 3);
    assert.equal(json.paging.count, json.entries.length);
    const first = json.entries[0];
    assert.equal(first.time, '2026-11-27T01:24:00.000Z');
    assert.equal(first.entry.type, 'SetUserStatus');
    assert.equal(first.entry.payload.serviceId, CAL);
    assert.equal(first.entry.payload.userId, A);
    assert.equal(first.entry.payload.state, 'error');
    assert.equal(first.entry.payload.messages[0].description, UNAUTHORIZED);
    assert.equal(first.entry.context.trackingRoot, 'ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12');
    assert.equal(first.entry.context.userType, 'MACHINE');
    const times = json.entries.map((e) => e.time);
    assert.deepEqual([...times].sort().reverse(), times, 'not newest first');
    for (const t of walkTimes(json)) assert.match(t, ISO_MS_Z);
    assert.ok(json.entries.some((e) => e.entry.type === 'AddEntitlement'));
    const one = (await getJson(srv.url, `/uss/api/v1/orgs/${ORG_ID}/userJournal/${A}?limit=1&serviceId=${CAL}`)).json;
    assert.equal(one.entries.length, 1);
    const other = (await getJson(srv.url, `/uss/api/v1/orgs/${ORG_ID}/userJournal/${A}?limit=100&serviceId=squared-fusion-uc`)).json;
    assert.deepEqual(other.entries, []);
  });

  test('Activation 2.0 journal: record.payload with service and details', async () => {
    const { json } = await getJson(srv.url, `/uss/api/v1/orgs/${ORG_ID}/users/${A}/userJournal?limit=100&service=${CAL}`);
    const first = json.entries[0];
    assert.equal(first.record.payload.service, CAL);
    assert.equal(first.record.payload.details[0].description, UNAUTHORIZED);
    assert.equal(typeof first.record.context.jobId, 'string');
  });

  test('CSDM place: the calendar mailbox is externalLinkedAccounts[squared-fusion-cal].accountGUID', async () => {
    const expected = { [A]: 'WebexWorkspace1@ciscolive.us', [B]: 'WebexWorkspace2@ciscolive.us', [C]: 'WebexWorkspace3@ciscolive.com' };
    for (const [id, email] of Object.entries(expected)) {
      const { status, json } = await getJson(srv.url, placeUrl(id));
      assert.equal(status, 200);
      assert.equal(json.cisUuid, id);
      assert.equal(json.orgId, ORG_ID);
      const acct = json.externalLinkedAccounts.find((a) => a.providerID === CAL);
      assert.equal(acct.accountGUID, email);
      for (const t of walkTimes(json)) assert.match(t, ISO_MS_Z);
    }
    assert.equal((await getJson(srv.url, placeUrl(U))).status, 404);
  });

  test('Calendar Cloud Connector: provisioned, ok, errorCode 0', async () => {
    const { status, json } = await getJson(srv.url, cccUrl);
    assert.equal(status, 200);
    assert.deepEqual(json, { provisioned: true, status: 'ok', errorCode: 0 });
  });

  test('org summary and alarms: the subjects in error counted, "Users in Error" raised', async () => {
    const summary = await getJson(srv.url, `/uss/api/v1/orgs/${ORG_ID}/userStatuses/summary`);
    assert.equal(summary.status, 200);
    assert.deepEqual(summary.json.countsByState[CAL], { activated: 1, activatedWithWarning: 0, error: 3, notActivated: 0, notActivatedWithWarning: 0, total: 4 });
    assert.equal(summary.json.countsByOwnerAndState[CAL].ccc.error, 3);
    const alarms = await getJson(srv.url, `/hercules/api/v2/organizations/${ORG_ID}/alarms?serviceId=${CAL}&sourceType=cloud`);
    assert.equal(alarms.status, 200);
    assert.deepEqual(alarms.json.items.map((a) => [a.key, a.severity, a.title]), [['uss.thresholdAlarmTriggered', 'critical', 'Users in Error']]);
    const other = await getJson(srv.url, `/hercules/api/v2/organizations/${ORG_ID}/alarms?serviceId=squared-fusion-uc`);
    assert.deepEqual(other.json.items, []);
  });

  test('SCIM user: primary email for the user page', async () => {
    const { json } = await getJson(srv.url, `/identity/scim/${ORG_ID}/v1/Users/${U}`);
    assert.equal(json.id, U);
    assert.deepEqual(json.emails.find((e) => e.primary).value, 'alex.morgan@ciscolive.us');
  });

  test("the generated org's status list a page at a time, paging.next a full URL until absent", async () => {
    const headers = { 'X-Replica-Subjects': '250' };
    const first = `/uss/api/v1/orgs/${ORG_ID}/userStatuses?includeMessages=true&serviceId=${CAL}&limit=100&entitled=true`;
    let { json } = await getJson(srv.url, first, { headers });
    const statuses = [...json.userStatuses];
    const nexts = [];
    while (json.paging.next) {
      nexts.push(json.paging.next);
      ({ json } = await getJson('', json.paging.next, { headers }));
      statuses.push(...json.userStatuses);
    }
    assert.equal(nexts.length, 2);
    assert.ok(nexts.every((next) => next.startsWith(`${srv.url}/uss/api/v1/orgs/${ORG_ID}/userStatuses?`) && next.includes('serviceId=squared-fusion-cal')), nexts.join());
    assert.deepEqual(json.paging, { count: 250, limit: 100, pages: 3 });
    assert.equal(new Set(statuses.map((st) => st.userId)).size, 250);
    assert.deepEqual(statuses.slice(0, 4).map((st) => st.userId), [A, B, C, U], 'the named subjects first');
    assert.equal(statuses[4].userId, generatedId(4));
    const inError = statuses.filter((st) => st.state === 'error').length;
    const { json: errors } = await getJson(srv.url, `${first.replace('limit=100', 'limit=10000')}&state=error`, { headers });
    assert.equal(errors.userStatuses.length, inError);
    assert.equal(errors.paging.next, undefined, 'one page');
    assert.ok(statuses.some((st) => st.state === 'error' && st.messages.length === 0), 'some in error without a message');
    const summary = await getJson(srv.url, `/uss/api/v1/orgs/${ORG_ID}/userStatuses/summary?subjects=250`);
    assert.equal(summary.json.countsByState[CAL].total, 250);
    assert.equal(summary.json.countsByState[CAL].error, inError);
    const alarms = await getJson(srv.url, `/hercules/api/v2/organizations/${ORG_ID}/alarms?serviceId=${CAL}`, { headers });
    assert.equal(alarms.json.items[0].replacementValues[0].value, String(inError));
    const big = await getJson(srv.url, `${first.replace('limit=100', 'limit=10000')}&subjects=40000`);
    assert.deepEqual([big.json.userStatuses.length, big.json.paging.count, big.json.paging.pages], [10000, 40000, 4]);
    const plain = await getJson(srv.url, first);
    assert.equal(plain.json.userStatuses.length, 4, 'without a size, the named four alone');
  });

  test("the generated org: users and workspaces, Unauthorized in the tenant's domain and in two others", () => {
    const subjects = Array.from({ length: 296 }, (_, i) => generatedSubject(i + 4));
    const unauthorized = subjects.filter((s) => s.status.messages[0]?.title === 'Unauthorized');
    const domains = {};
    for (const s of unauthorized) domains[s.email.split('@')[1]] = (domains[s.email.split('@')[1]] ?? 0) + 1;
    assert.ok(domains['ciscolive.us'] > 0 && domains['ciscolive.com'] > domains['rtp-partner.example'] && domains['rtp-partner.example'] > 0, JSON.stringify(domains));
    assert.ok(unauthorized.some((s) => s.kind === 'workspace') && unauthorized.some((s) => s.kind === 'user'));
    assert.ok(subjects.some((s) => s.status.state === 'activated') && subjects.some((s) => s.status.state === 'notActivated'));
  });

  test('directory lookups by id: SCIM users, machine accounts, their CSDM places; unknown ids absent', async () => {
    const ws = generatedId(10); // 10 % 7 === 3: a workspace
    const user = generatedId(5);
    const filter = (ids) => encodeURIComponent(ids.map((id) => `id eq "${id}"`).join(' or '));
    const ids = [U, user, ws, A, 'ffffffff-0000-4000-8000-000000000000'];
    const { json: scim } = await getJson(srv.url, `/identity/scim/${ORG_ID}/v1/Users?filter=${filter(ids)}`);
    assert.deepEqual(scim.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    assert.deepEqual(scim.Resources.map((r) => [r.id, r.emails.find((e) => e.primary).value]), [[U, 'alex.morgan@ciscolive.us'], [user, generatedSubject(5).email]]);
    const { json: machines } = await getJson(srv.url, `/identity/organization/${ORG_ID}/machines?filter=${filter(ids)}`);
    assert.deepEqual(machines.items.map((m) => [m.id, m.displayName, m.machineType]), [[ws, 'Room 10', 'lyra_space'], [A, 'Webex Workspace 1', 'lyra_space']]);
    const { json: places } = await getJson(srv.url, `/csdm/api/v1/organization/${ORG_ID}/places?filter=${filter([ws, A])}`);
    assert.deepEqual(places.places.map((p) => p.externalLinkedAccounts[0].accountGUID), [generatedSubject(10).email, 'WebexWorkspace1@ciscolive.us']);
  });

  test('unknown org, unknown API path: JSON 404', async () => {
    const wrongOrg = await getJson(srv.url, statusUrl(A).replace(ORG_ID, 'ffffffff-0000-0000-0000-000000000000'));
    assert.equal(wrongOrg.status, 404);
    assert.equal(typeof wrongOrg.json.message, 'string');
    assert.equal((await getJson(srv.url, `/uss/api/v1/orgs/${ORG_ID}/nothing`)).status, 404);
    assert.equal((await getJson(srv.url, `/csdm/api/v1/organization/${ORG_ID}/places/nope`)).status, 404);
  });

  test('scenario hostile: per query or X-Replica-Scenario header, A only', async () => {
    const viaQuery = (await getJson(srv.url, `${statusUrl(A)}&scenario=hostile`)).json.userStatuses[0];
    assert.equal(viaQuery.messages[0].description, "Received error '<img src=x onerror=window.__pwned=1>' from O365. javascript:window.__pwned=2");
    assert.equal(viaQuery.messages[0].description, HOSTILE);
    assert.equal(viaQuery.messages[0].title, undefined);
    const viaHeader = (await getJson(srv.url, statusUrl(A), { headers: { 'X-Replica-Scenario': 'hostile' } })).json.userStatuses[0];
    assert.equal(viaHeader.messages[0].description, HOSTILE);
    const journal = (await getJson(srv.url, journalUrl(A), { headers: { 'X-Replica-Scenario': 'hostile' } })).json;
    assert.equal(journal.entries[0].entry.payload.messages[0].description, HOSTILE);
    const c = (await getJson(srv.url, statusUrl(C), { headers: { 'X-Replica-Scenario': 'hostile' } })).json.userStatuses[0];
    assert.equal(c.messages[0].description, UNAUTHORIZED);
    const plain = (await getJson(srv.url, statusUrl(A))).json.userStatuses[0];
    assert.equal(plain.messages[0].description, UNAUTHORIZED);
  });

  test('test control: /__control/scenario flips A to activated, counts requests, reset', async () => {
    await fetch(`${srv.url}/__control/reset`);
    await fetch(srv.url + statusUrl(A));
    await fetch(srv.url + statusUrl(A));
    let st = await (await fetch(`${srv.url}/__control/state`)).json();
    assert.equal(st.counts.userStatuses, 2);
    const set = await fetch(`${srv.url}/__control/scenario?set=fixed`);
    assert.equal(set.status, 200);
    const fixed = (await getJson(srv.url, statusUrl(A))).json.userStatuses[0];
    assert.equal(fixed.state, 'activated');
    assert.equal(fixed.lastStateChange, '2026-11-27T01:24:00.000Z');
    assert.equal((await fetch(`${srv.url}/__control/scenario?set=bogus`)).status, 400);
    await fetch(`${srv.url}/__control/reset`);
    st = await (await fetch(`${srv.url}/__control/state`)).json();
    assert.equal(st.scenario, 'default');
    assert.deepEqual(st.counts, {});
    assert.equal((await getJson(srv.url, statusUrl(A))).json.userStatuses[0].state, 'error');
  });

  test('no CSP header by default; ?csp=strict sends it on that response', async () => {
    const plain = await fetch(`${srv.url}/workspaces/${A}`);
    assert.equal(plain.headers.get('content-security-policy'), null);
    const strict = await fetch(`${srv.url}/workspaces/${A}?csp=strict`);
    assert.equal(strict.headers.get('content-security-policy'), "default-src 'self'; script-src 'self'; frame-src 'self'");
  });

  test('path traversal is refused and never leaks a file', async () => {
    const serveSrc = readFileSync(SERVE, 'utf8');
    const attempts = [
      '/assets/../../serve.mjs',
      '/assets/../../../js/site.test.mjs',
      '/assets/..%2f..%2fserve.mjs',
      '/assets/%2e%2e/%2e%2e/serve.mjs',
      '/assets/%2E%2E%2F%2E%2E%2Fserve.mjs',
      '/assets/..%5c..%5cserve.mjs',
      '/assets/..\\..\\serve.mjs',
      '/../serve.mjs',
      '/assets/app.js%00.png',
      '/assets/./app.js',
      '/assets/%ff',
    ];
    for (const p of attempts) {
      const res = await raw(srv.url, 'GET', p);
      assert.ok(res.status === 400 || res.status === 403, `${p} answered ${res.status}`);
      assert.ok(!res.body.includes('startServer') && !res.body.includes('node:test'), `${p} leaked a file`);
      assert.ok(!res.body.includes('<html'), `${p} fell back to the SPA`);
    }
    assert.ok(serveSrc.includes('startServer'));
    assert.equal((await raw(srv.url, 'GET', '/assets/app.js')).status, 200);
  });

  test('only GET and HEAD; HEAD has the headers and no body', async () => {
    for (const m of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await raw(srv.url, m, statusUrl(A));
      assert.equal(res.status, 405, m);
      assert.equal(res.headers.allow, 'GET, HEAD', m);
    }
    const head = await raw(srv.url, 'HEAD', statusUrl(A));
    const get = await raw(srv.url, 'GET', statusUrl(A));
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(get.body)));
  });

  test('probes: the same response under any path; broken bodies, statuses, redirects, streams, POST echo', async () => {
    const probe = (name, p = '/probe') => `${p}${p.includes('?') ? '&' : '?'}probe=${name}`;
    const ok = await raw(srv.url, 'GET', probe('ok', statusUrl(A)));
    assert.equal(ok.status, 200);
    assert.equal(ok.body, (await raw(srv.url, 'GET', probe('ok'))).body, 'the same under a URL the extension reads and one it does not');
    const truncated = (await raw(srv.url, 'GET', probe('truncated'))).body;
    assert.throws(() => JSON.parse(truncated));
    assert.equal((await raw(srv.url, 'GET', probe('empty'))).body, '');
    const huge = await raw(srv.url, 'GET', probe('huge'));
    assert.equal(huge.headers['content-length'], String(50 * 1024 * 1024));
    assert.equal(JSON.parse(huge.body).pad.length, 50 * 1024 * 1024 - 28);
    const chunked = await raw(srv.url, 'GET', probe('huge-chunked'));
    assert.equal(chunked.headers['transfer-encoding'], 'chunked');
    assert.equal(chunked.body, huge.body);
    assert.ok((await raw(srv.url, 'GET', probe('not-utf8'))).body.includes('\ufffd'), 'not UTF-8');
    assert.equal((await raw(srv.url, 'GET', probe('stream'))).body, ok.body);
    for (const code of [204, 304, 404, 500]) assert.equal((await raw(srv.url, 'GET', probe(`status-${code}`))).status, code);
    const redirect = await raw(srv.url, 'GET', probe('redirect', statusUrl(A)));
    assert.deepEqual([redirect.status, redirect.headers.location], [302, `${statusUrl(A)}&probe=ok`]);
    assert.equal((await raw(srv.url, 'GET', probe('redirect-out', statusUrl(A)))).headers.location, '/probe?probe=ok');
    assert.equal((await raw(srv.url, 'HEAD', probe('stream'))).body, '');
    const echo = await new Promise((resolve, reject) => {
      const { hostname, port } = new URL(srv.url);
      const req = http.request({ host: hostname, port, method: 'POST', path: probe('echo') }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      });
      req.on('error', reject);
      req.end(Buffer.alloc(3000));
    });
    assert.deepEqual(echo, { method: 'POST', received: 3000 });
    await assert.rejects(raw(srv.url, 'GET', probe('reset')));
    assert.equal((await raw(srv.url, 'GET', probe('nonsense'))).status, 200, 'an unknown probe is the ordinary route');
  });

  test('probes that never end (or never answer): counted until the client goes; endless writes only as fast as read', async () => {
    const { hostname, port } = new URL(srv.url);
    for (const name of ['never', 'endless']) {
      const first = await new Promise((resolve, reject) => {
        const req = http.request({ host: hostname, port, path: `/probe?probe=${name}` }, (res) => {
          res.once('data', (chunk) => {
            req.destroy();
            resolve(String(chunk));
          });
        });
        req.on('error', () => {}); // the destroy's own error, after the answer
        req.once('error', reject);
        req.end();
      });
      assert.ok(first.startsWith('{"userStatuses":['), name);
      await until(`${name} closed`, () => srv.state.probes[name]?.closed === 1);
    }
    const silent = http.request({ host: hostname, port, path: '/probe?probe=silent' }, () => assert.fail('silent answered'));
    silent.on('error', () => {}); // the destroy's own error
    silent.end();
    await until('silent opened', () => srv.state.probes.silent?.opened === 1);
    silent.destroy();
    await until('silent closed', () => srv.state.probes.silent.closed === 1);
  });

  test('?isolated=1 makes that response cross-origin isolated (COOP and COEP), for finer timers', async () => {
    const isolated = await raw(srv.url, 'GET', '/services?isolated=1');
    assert.equal(isolated.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(isolated.headers['cross-origin-embedder-policy'], 'require-corp');
    assert.equal((await raw(srv.url, 'GET', '/services')).headers['cross-origin-embedder-policy'], undefined);
  });

  test('bounded: an oversized request target is refused', async () => {
    const res = await raw(srv.url, 'GET', `/workspaces/${'x'.repeat(5000)}`);
    assert.equal(res.status, 414);
  });
});

describe('server with --csp strict', () => {
  test('startServer({csp:"strict"}) sends the strict CSP on pages, assets and APIs', async () => {
    const srv = await startServer({ port: 0, csp: 'strict' });
    try {
      for (const p of [`/workspaces/${A}`, '/assets/app.js', statusUrl(A)]) {
        const res = await fetch(srv.url + p);
        assert.equal(res.status, 200, p);
        assert.equal(res.headers.get('content-security-policy'), STRICT_CSP, p);
      }
      assert.equal(STRICT_CSP, "default-src 'self'; script-src 'self'; frame-src 'self'");
    } finally {
      await srv.close();
    }
  });

  test('startServer refuses unknown options', async () => {
    await assert.rejects(startServer({ port: 0, csp: 'loose' }));
    await assert.rejects(startServer({ port: 0, scenario: 'nope' }));
  });
});

describe('CLI', () => {
  test('node serve.mjs --port 0 --csp strict prints "listening http://127.0.0.1:PORT" and serves', async () => {
    const child = spawn(process.execPath, [SERVE, '--port', '0', '--csp', 'strict'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 5000);
        child.stdout.on('data', (d) => {
          out += d;
          const nl = out.indexOf('\n');
          if (nl >= 0) {
            clearTimeout(timer);
            resolve(out.slice(0, nl));
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const m = /^listening (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      assert.ok(m, line);
      assert.ok(Number(m[2]) > 0);
      const res = await fetch(`${m[1]}/services/hybrid-calendar/tenant`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-security-policy'), STRICT_CSP);
    } finally {
      const exited = new Promise((r) => child.once('exit', (code, sig) => r({ code, sig })));
      child.kill('SIGTERM');
      const { code } = await exited;
      assert.equal(code, 0);
    }
  });

  test('bad arguments exit 2', async () => {
    for (const args of [['--port', 'abc'], ['--host', '0.0.0.0'], ['--csp', 'off']]) {
      const child = spawn(process.execPath, [SERVE, ...args], { stdio: 'ignore' });
      const code = await new Promise((r) => child.once('exit', r));
      assert.equal(code, 2, args.join(' '));
    }
  });
});

describe('site sources (strict-CSP compatible, safe DOM, documented)', () => {
  const html = readFileSync(path.join(SITE_DIR, 'index.html'), 'utf8');
  const js = readFileSync(path.join(SITE_DIR, 'assets', 'app.js'), 'utf8');

  test('index.html: external script and stylesheet only, no inline script/style/handlers', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length >= 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /\bsrc="\/assets\/[\w.-]+\.js"/);
      assert.equal(body.trim(), '');
    }
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /javascript:/i);
  });

  test('app.js: no markup sinks, no eval, no style attributes', () => {
    const code = js.replace(/\/\*[\s\S]*?\*\//, ''); // the doc block may name them
    for (const sink of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new Function\s*\(/, /setAttribute\(\s*['"]style/, /\.style\./]) {
      assert.doesNotMatch(code, sink);
    }
  });

  test('every literal data-testid in app.js is documented in its top comment block', () => {
    const doc = /^\/\*[\s\S]*?\*\//.exec(js)[0];
    const code = js.slice(doc.length);
    const ids = new Set([...code.matchAll(/'data-testid':\s*'([\w-]+)'/g)].map((m) => m[1]));
    for (const m of code.matchAll(/\b(?:card|pageFrame)\(\s*'([\w-]+)'/g)) ids.add(m[1]);
    assert.ok(ids.size >= 20, `only ${ids.size} test ids found`);
    const undocumented = [...ids].filter((id) => !doc.includes(`"${id}"`));
    assert.deepEqual(undocumented, []);
  });
});

// -------------------------------------------------------------------------------------------------
// The SPA in a real browser: Debian's Chromium through Playwright, as the e2e tests launch it,
// without the extension.

/** Chromium, and pages that record the CSP violations they meet from their first script on. */
async function launchBrowser() {
  const { context, close } = await launchChromium({ extension: null });
  async function open(url) {
    const page = await context.newPage();
    await page.addInitScript(
      "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
    );
    await page.goto(url);
    const evaluate = (expression) => page.evaluate(expression);
    // Polled from here: page.waitForFunction evaluates its string in the page, which the strict
    // CSP under test forbids. An expression that throws (its element not there yet) is not true yet.
    const waitFor = async (expression, timeout = 8000) => {
      const end = Date.now() + timeout;
      let last;
      while (Date.now() < end) {
        try {
          last = await evaluate(expression);
          if (last) return last;
        } catch (err) {
          last = err.message;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${expression} (last: ${JSON.stringify(last)})`);
    };
    return { evaluate, waitFor, close: () => page.close() };
  }
  return { open, close };
}

const q = (testid) => `document.querySelector('[data-testid="${testid}"]')`;
const text = (testid) => `${q(testid)}?.textContent`;

describe('SPA in Chromium', { skip: CHROMIUM ? false : 'no Chromium installed' }, () => {
  let srv;
  let browser;
  before(async () => {
    srv = await startServer({ port: 0, csp: 'strict' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  test('workspace A: Scheduling, Office 365, Unauthorized in red, the email; runs under the strict CSP', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${A}`);
    try {
      await page.waitFor(`${text('scheduling-email')} === 'WebexWorkspace1@ciscolive.us' && ${text('scheduling-status-text')} === 'Unauthorized'`);
      assert.equal(await page.evaluate(text('scheduling-heading')), 'Scheduling');
      assert.equal(await page.evaluate(text('scheduling-provider')), 'Office 365');
      assert.equal(await page.evaluate(`${q('scheduling-status')}.dataset.state`), 'error');
      assert.equal(await page.evaluate(`getComputedStyle(${q('scheduling-status-text')}).color`), 'rgb(193, 41, 28)');
      assert.equal(await page.evaluate(text('scheduling-email-label')), 'Email Address');
      assert.equal(await page.evaluate(`${q('scheduling-section')}.dataset.subjectId`), A);
      assert.equal(await page.evaluate(`document.documentElement.lang`), 'en');
      assert.deepEqual(await page.evaluate('window.__csp'), []);
      const initiators = await page.evaluate(`Object.fromEntries(performance.getEntriesByType('resource')
        .filter((e) => /userStatuses|places/.test(e.name)).map((e) => [e.name.includes('places') ? 'place' : 'status', e.initiatorType]))`);
      assert.deepEqual(initiators, { place: 'fetch', status: 'fetch' });
    } finally {
      await page.close();
    }
  });

  test('"See history" loads the journal with XMLHttpRequest and shows entries with the tracking ID', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${A}`);
    try {
      await page.waitFor(`${text('scheduling-status-text')} === 'Unauthorized'`);
      await page.evaluate(`${q('see-history')}.click()`);
      await page.waitFor(`document.querySelectorAll('[data-testid="history-entry"]').length >= 3`);
      assert.equal(await page.evaluate(`document.querySelector('[data-testid="history-entry"] [data-testid="history-description"]').textContent`), UNAUTHORIZED);
      assert.match(await page.evaluate(`document.querySelector('[data-testid="history-tracking"]').textContent`), /ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12/);
      assert.equal(await page.evaluate(`document.querySelector('[data-testid="history-time"]').getAttribute('datetime')`), '2026-11-27T01:24:00.000Z');
      const xhr = await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/userJournal/')).map((e) => [e.name, e.initiatorType])`);
      assert.equal(xhr.length, 1);
      assert.equal(xhr[0][1], 'xmlhttprequest');
      assert.ok(xhr[0][0].endsWith(`/userJournal/${A}?limit=100&serviceId=squared-fusion-cal`), xhr[0][0]);
      assert.equal(await page.evaluate(`${q('see-history')}.textContent`), 'Hide history');
    } finally {
      await page.close();
    }
  });

  test('/reports/user-status: the status list over XHR then fetch at paging.next, its directories, a plain table', async () => {
    const page = await browser.open(`${srv.url}/reports/user-status?subjects=260&pageSize=100`);
    try {
      await page.waitFor(`window.__replica.report?.state === 'loaded'`, 15000);
      const report = await page.evaluate('({ ...window.__replica.report })');
      assert.deepEqual({ subjects: report.subjects, pages: report.pages, named: report.named }, { subjects: 260, pages: 3, named: 255 }, 'five gone from the directories');
      const lists = await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/userStatuses?')).map((e) => e.initiatorType)`);
      assert.deepEqual(lists, ['xmlhttprequest', 'fetch', 'fetch']);
      assert.equal(await page.evaluate(`document.querySelectorAll('[data-testid="report-row"]').length`), 260);
      const row = (id) => page.evaluate(`[...document.querySelector('[data-testid="report-row"][data-subject-id="${id}"]').cells].map((c) => c.textContent)`);
      assert.deepEqual(await row(A), ['Webex Workspace 1', 'Cisco Webex Device Place', 'Error', `Error: Unauthorized - ${UNAUTHORIZED}`, A]);
      assert.deepEqual(await row(U), ['alex.morgan@ciscolive.us', 'User', 'Error', `Error: Unauthorized - ${UNAUTHORIZED}`, U]);
      assert.equal((await row(generatedId(17)))[0], 'Not found');
      assert.match(await page.evaluate(text('report-progress')), /^Showing 260 of 260$/);
      assert.match(await page.evaluate(text('report-summary')), /of 260 users and workspaces in error/);
      assert.deepEqual(await page.evaluate('window.__csp'), []);
    } finally {
      await page.close();
    }
  });

  test('in-app links navigate with pushState, no reload: A → B (activated) → tenant details', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${A}`);
    try {
      await page.waitFor(`${text('scheduling-email')} === 'WebexWorkspace1@ciscolive.us'`);
      await page.evaluate('window.__sameDocument = 1');
      await page.evaluate(`document.querySelector('[data-testid="workspace-switch-link"][data-place-id="${B}"]').click()`);
      await page.waitFor(`location.pathname === '/workspaces/${B}' && ${text('scheduling-email')} === 'WebexWorkspace2@ciscolive.us'`);
      await page.waitFor(`${text('scheduling-status-text')}?.startsWith('Activated - since ')`);
      assert.equal(await page.evaluate(`${q('scheduling-status')}.dataset.state`), 'activated');
      await page.evaluate(`${q('nav-services')}.click()`);
      await page.waitFor(`location.pathname === '/services'`);
      await page.evaluate(`${q('open-hybrid-calendar')}.click()`);
      await page.waitFor(`${q('edit-settings')}`);
      await page.evaluate(`${q('edit-settings')}.click()`);
      await page.waitFor(`location.pathname === '/services/hybrid-calendar/tenant'`);
      const domains = await page.evaluate(`[...document.querySelectorAll('[data-testid="tenant-domains"] > li')].map((li) => li.textContent)`);
      assert.deepEqual(domains, ['rtpcloudcollab.com (default)', 'adminrtpcloudcollab.onmicrosoft.com', 'ciscolive.us']);
      assert.equal(await page.evaluate('window.__sameDocument'), 1, 'the page reloaded');
      assert.equal(await page.evaluate(`performance.getEntriesByType('navigation').length`), 1);
      assert.deepEqual(await page.evaluate('window.__csp'), []);
    } finally {
      await page.close();
    }
  });

  test('?tenants=several: one card per tenant, Tenant details expanded in place, no API fetched by the Services pages', async () => {
    const page = await browser.open(`${srv.url}/services?tenants=several`);
    try {
      await page.evaluate(`${q('open-hybrid-calendar')}.click()`);
      await page.waitFor(`document.querySelectorAll('[data-testid="tenant-card"]').length === 3`);
      const names = await page.evaluate(`[...document.querySelectorAll('[data-testid="tenant-card"] h2')].map((h) => h.textContent)`);
      assert.deepEqual(names, ['RTP Cloud Collab', 'Cisco Live Events', 'Unknown']);
      assert.equal(await page.evaluate(`document.querySelectorAll('[data-testid="tenant-details-panel"]').length`), 0, 'collapsed at first');
      await page.evaluate(`document.querySelectorAll('[data-testid="tenant-details-toggle"]')[1].click()`);
      const domains = await page.evaluate(`[...document.querySelectorAll('[data-testid="tenant-details-panel"] li')].map((li) => li.textContent)`);
      assert.deepEqual(domains, ['ciscolive.com (default)', 'ciscoliveevents.onmicrosoft.com']);
      await page.evaluate(`document.querySelectorAll('[data-testid="tenant-details-toggle"]')[1].click()`);
      assert.equal(await page.evaluate(`document.querySelectorAll('[data-testid="tenant-details-panel"]').length`), 0, 'collapsed again');
      assert.deepEqual(await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/')).map((e) => e.name)`), []);
    } finally {
      await page.close();
    }
  });

  test('?poll=200: the status is polled and the Scheduling section is replaced by new nodes each time', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${C}?poll=200`);
    try {
      await page.waitFor(`${text('scheduling-email')} === 'WebexWorkspace3@ciscolive.com'`);
      await page.evaluate(`window.__first = ${q('scheduling-section')}; window.__polls0 = window.__replica.polls`);
      await page.waitFor('window.__replica.polls >= window.__polls0 + 4', 5000);
      assert.equal(await page.evaluate('window.__first.isConnected'), false, 'section was not replaced');
      assert.ok((await page.evaluate(`Number(${q('scheduling-section')}.dataset.render)`)) >= 5);
      assert.equal(await page.evaluate(text('scheduling-status-text')), 'Unauthorized');
      assert.equal(await page.evaluate('window.__replica.config.pollMs'), 200);
      const fetches = await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/userStatuses?')).length`);
      assert.ok(fetches >= 5, `${fetches} status requests`);
    } finally {
      await page.close();
    }
  });

  test('the default poll period is 10000 ms', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${B}`);
    try {
      await page.waitFor('window.__replica && window.__replica.polls === 1');
      assert.equal(await page.evaluate('window.__replica.config.pollMs'), 10000);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(await page.evaluate('window.__replica.polls'), 1);
    } finally {
      await page.close();
    }
  });

  test('?lang=ja: <html lang="ja">, heading スケジューリング, same email and status word', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${A}?lang=ja`);
    try {
      await page.waitFor(`${text('scheduling-email')} === 'WebexWorkspace1@ciscolive.us' && ${text('scheduling-status-text')} === 'Unauthorized'`);
      assert.equal(await page.evaluate('document.documentElement.lang'), 'ja');
      assert.equal(await page.evaluate(text('scheduling-heading')), 'スケジューリング');
      assert.equal(await page.evaluate(text('see-history')), '履歴を表示');
    } finally {
      await page.close();
    }
  });

  test('the user page has the same Scheduling section', async () => {
    const page = await browser.open(`${srv.url}/users/${U}`);
    try {
      await page.waitFor(`${text('scheduling-email')} === 'alex.morgan@ciscolive.us' && ${text('scheduling-status-text')} === 'Unauthorized'`);
      assert.equal(await page.evaluate(`${q('scheduling-section')}.dataset.subjectType`), 'user');
      assert.equal(await page.evaluate(text('scheduling-heading')), 'Scheduling');
    } finally {
      await page.close();
    }
  });

  test('?scenario=hostile: the markup is shown as text, never parsed or run', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${A}?scenario=hostile`);
    try {
      await page.waitFor(`${text('scheduling-status-text')} === '<img src=x onerror=window.__pwned=1>'`);
      await page.evaluate(`${q('see-history')}.click()`);
      await page.waitFor(`document.querySelector('[data-testid="history-description"]')?.textContent === ${JSON.stringify(HOSTILE)}`);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await page.evaluate('document.querySelectorAll("#ch-main img, #ch-main svg[onload]").length'), 0);
      assert.equal(await page.evaluate('window.__pwned'), undefined);
    } finally {
      await page.close();
    }
  });

  test('?layout=unknown: no Scheduling section, heading, provider or status word', async () => {
    const page = await browser.open(`${srv.url}/workspaces/${A}?layout=unknown`);
    try {
      await page.waitFor(`${q('calendar-widget')}?.textContent.includes('WebexWorkspace1@ciscolive.us')`);
      await page.waitFor(`${q('calendar-widget')}?.textContent.includes('Action needed')`);
      const main = await page.evaluate(`document.getElementById('ch-main').textContent`);
      for (const word of ['Scheduling', 'Office 365', 'Unauthorized']) assert.ok(!main.includes(word), word);
      assert.equal(await page.evaluate(`document.querySelectorAll('[data-testid^="scheduling-"], section.ch-scheduling, .ch-scheduling-slot, h2#scheduling-heading').length`), 0);
    } finally {
      await page.close();
    }
  });
});

// The Control Hub replica's server: the SPA in ./site plus the Control Hub APIs it calls, with the
// paths and JSON shapes of /work/shared/DESIGN.md. Node builtins only. Loopback only.
//
//   node tests/replica/serve.mjs [--port 0] [--csp strict] [--scenario default|hostile|fixed|superseded]
//   → prints "listening http://127.0.0.1:PORT"
//
//   import { startServer } from './serve.mjs';
//   const { url, close } = await startServer({ port: 0, csp: 'strict' });
//
// Routes (GET/HEAD only, and POST for probes; anything else is 405):
//   any path ?probe=NAME                        a probe response (./probes.mjs): broken bodies,
//                                               statuses, redirects, streams; POST echoes its size
//   /assets/*                                   static files of the SPA (404 when missing)
//   /vendor/ky/*                                the npm package ky's ES modules (node_modules/ky)
//   /vendor/axios/*                             axios's browser ES module build (node_modules/axios)
//   /favicon.ico                                the SPA's icon
//   /uss/api/v1/orgs/{orgId}/userStatuses?includeMessages=true&entitled=true&userId={id}
//   /uss/api/v1/orgs/{orgId}/userStatuses?includeMessages=true&serviceId=squared-fusion-cal[&state=error]&limit=10000&entitled=true[&start=N]
//                                               the org's status list (of the generated org, see below), paging.next a full URL
//   /uss/api/v1/orgs/{orgId}/userStatuses/summary                                       (the org's counts per state)
//   /hercules/api/v2/organizations/{orgId}/alarms?serviceId=squared-fusion-cal&sourceType=cloud  (the org's alarms)
//   /uss/api/v1/orgs/{orgId}/userJournal/{id}?limit=100&serviceId=squared-fusion-cal
//   /uss/api/v1/orgs/{orgId}/users/{id}/userJournal?limit=100&service=squared-fusion-cal  (Activation 2.0)
//   /csdm/api/v1/organization/{orgId}/places/{placeId}
//   /api/v1/orgs/{orgId}/services/squared-fusion-cal                                    (Calendar Cloud Connector)
//   /identity/scim/{orgId}/v1/Users/{userId}                                             (the user page's email)
//   /identity/scim/{orgId}/v1/Users?filter=id eq "…" or id eq "…"                       (SCIM ListResponse of those users)
//   /identity/organization/{orgId}/machines?filter=id eq "…" or …                       (workspaces' machine accounts)
//   /csdm/api/v1/organization/{orgId}/places?filter=id eq "…" or …                      (those workspaces' CSDM places)
//   /__control/state | /__control/scenario?set=NAME | /__control/reset                 (test control)
//   anything else                               index.html (SPA fallback; ?lang=ja sets <html lang="ja">)
//
// Scenarios (which data the APIs return): per request `?scenario=NAME` on the API URL, else the
// request header `X-Replica-Scenario: NAME` (the SPA sends it when loaded with ?scenario=NAME),
// else the server-wide one (--scenario, startServer({scenario}), /__control/scenario?set=NAME).
//   default  A = WebexWorkspace1@ciscolive.us error "Unauthorized"; B activated; C (.com twin) error
//   hostile  A's O365 description carries markup and a javascript: URL (XSS tests)
//   fixed    A activated (the note's end state: "Activated - since today at 1:24 AM")
//   superseded  A as default, and in its history a "Forbidden" an hour earlier (superseded)
//
// The generated org (the User Status Report's): `?subjects=N` on an API URL, else the request header
// `X-Replica-Subjects: N` (the SPA sends it on its report page, /reports/user-status?subjects=N), makes
// the org's lists, summary and alarms those of N subjects (4..100000): the four above first (their
// statuses as the scenario says), then generated ones (`generatedSubject`): users and workspaces (and a
// few the directories no longer know), a
// quarter "Unauthorized" (mailboxes in the tenant's ciscolive.us, and outside it in ciscolive.com and,
// half as many, rtp-partner.example), some in error without a message, some pending, most activated.
// Without it the lists hold the four alone, as before. Lookups by id know every subject of any size.
//
// CSP: --csp strict (or startServer({csp:'strict'})) sends STRICT_CSP on every response;
// `?csp=strict` on a request sends it on that response only. `?isolated=1` sends COOP and COEP
// on that response (a cross-origin isolated page, for finer timers in measurements).

import http from 'node:http';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { serveProbe } from './probes.mjs';

export const HOST = '127.0.0.1';
export const STRICT_CSP = "default-src 'self'; script-src 'self'; frame-src 'self'";
export const SITE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'site');
// npm HTTP clients a page may load (/vendor/NAME/…), as the project's node_modules has them.
const NODE_MODULES = path.join(SITE_DIR, '..', '..', '..', 'node_modules');
const VENDOR = { ky: path.join(NODE_MODULES, 'ky', 'distribution'), axios: path.join(NODE_MODULES, 'axios', 'dist', 'esm') };
export const SCENARIOS = ['default', 'hostile', 'fixed', 'superseded'];

export const ORG_ID = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
export const CAL = 'squared-fusion-cal';
export const IDS = {
  workspaceA: 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10',
  workspaceB: 'b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21',
  workspaceC: 'c0f3a8d4-6e2b-4a17-b5c9-8d1e2f3a4b50',
  user: 'e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60',
};
export const UNAUTHORIZED = "Received error 'Unauthorized' from O365. Admin action is required.";
export const HOSTILE =
  "Received error '<img src=x onerror=window.__pwned=1>' from O365. javascript:window.__pwned=2";

const MAX_URL = 4096;

// ---------------------------------------------------------------------------------------------
// Data

const PLACES = {
  [IDS.workspaceA]: { name: 'Webex Workspace 1', email: 'WebexWorkspace1@ciscolive.us', sip: 'webexworkspace1' },
  [IDS.workspaceB]: { name: 'Webex Workspace 2', email: 'WebexWorkspace2@ciscolive.us', sip: 'webexworkspace2' },
  [IDS.workspaceC]: { name: 'Webex Workspace 3', email: 'WebexWorkspace3@ciscolive.com', sip: 'webexworkspace3' },
};
const USERS = {
  [IDS.user]: { given: 'Alex', family: 'Morgan', email: 'alex.morgan@ciscolive.us' },
};

function message(description, { title, key = 'c_cal@o365.error', severity = 'error' } = {}) {
  const m = { severity, description, key };
  if (title) m.title = title;
  return m;
}

function status(id, state, lastStateChange, lastStatusUpdate, messages) {
  return {
    userId: id,
    orgId: ORG_ID,
    serviceId: CAL,
    entitled: true,
    state,
    lastStateChange,
    lastStatusUpdate,
    owner: 'ccc',
    messages,
  };
}

const ACTIVATED_MSG = () => [message('Activation successful.', { key: 'c_cal@activated', severity: 'info' })];

/** The USS status of one subject, or null when USS has none. */
export function userStatusFor(id, scenario = 'default') {
  switch (id) {
    case IDS.workspaceA:
      if (scenario === 'fixed') {
        return status(id, 'activated', '2026-11-27T01:24:00.000Z', '2026-11-27T01:30:12.345Z', ACTIVATED_MSG());
      }
      if (scenario === 'hostile') {
        return status(id, 'error', '2026-11-27T01:24:00.000Z', '2026-11-27T01:30:12.345Z', [
          message(HOSTILE, { key: '<svg onload=window.__pwned=3>' }),
        ]);
      }
      return status(id, 'error', '2026-11-27T01:24:00.000Z', '2026-11-27T01:30:12.345Z', [
        message(UNAUTHORIZED, { title: 'Unauthorized' }),
      ]);
    case IDS.workspaceB:
      return status(id, 'activated', '2026-11-26T16:05:00.000Z', '2026-11-27T01:29:47.101Z', ACTIVATED_MSG());
    case IDS.workspaceC:
      return status(id, 'error', '2026-11-27T01:31:00.000Z', '2026-11-27T01:35:40.220Z', [
        message(UNAUTHORIZED, { title: 'Unauthorized' }),
      ]);
    case IDS.user:
      return status(id, 'error', '2026-11-26T22:47:00.000Z', '2026-11-27T01:28:03.512Z', [
        message(UNAUTHORIZED, { title: 'Unauthorized' }),
      ]);
    default:
      return null;
  }
}

function journalEntry(time, type, id, userType, trackingRoot, extra = {}) {
  return {
    time,
    entry: {
      type,
      payload: { orgId: ORG_ID, userId: id, serviceId: CAL, messages: [], userType, lastStateChange: time, ...extra },
      context: { userType, userId: id, trackingRoot },
    },
  };
}

/** The "See history" journal of one subject, newest first, or null for an unknown id. */
export function journalFor(id, scenario = 'default') {
  const st = userStatusFor(id, scenario);
  if (!st) return null;
  const userType = id === IDS.user ? 'USER' : 'MACHINE';
  const roots = {
    [IDS.workspaceA]: 'ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12',
    [IDS.workspaceB]: 'ATLAS_9b2e6c41-0d3f-4a8e-b7c5-2e1f0a9d8c7b_4',
    [IDS.workspaceC]: 'ATLAS_5d7a1e93-c2b4-4f60-8e1d-7a6b5c4d3e2f_9',
    [IDS.user]: 'ATLAS_71c0e5b8-4a2d-4e9f-a6b3-0c8d7e6f5a4b_3',
  };
  const root = roots[id];
  const t = Date.parse(st.lastStateChange);
  const iso = (ms) => new Date(t - ms).toISOString();
  const entries = [
    journalEntry(st.lastStateChange, 'SetUserStatus', id, userType, root, {
      state: st.state,
      messages: st.messages,
      ...(st.messages[0]?.key ? { descriptionKey: st.messages[0].key } : {}),
      description: st.messages[0]?.description,
    }),
    journalEntry(iso(588), 'SetUserStatus', id, userType, root, { state: 'notActivated' }),
    journalEntry(iso(1880), 'AddEntitlement', id, userType, root),
  ];
  if (scenario === 'superseded' && id === IDS.workspaceA) {
    // An hour before today's "Unauthorized", a "Forbidden" that the current status superseded.
    entries.push(
      journalEntry('2026-11-27T00:24:00.000Z', 'SetUserStatus', id, userType, 'ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_10', {
        state: 'error',
        messages: [message("Received error 'Forbidden' from O365. Admin action is required.", { title: 'Forbidden' })],
        description: "Received error 'Forbidden' from O365. Admin action is required.",
        lastStateChange: '2026-11-27T00:24:00.000Z',
      }),
    );
  }
  if (scenario === 'fixed' && id === IDS.workspaceA) {
    // The note's story: first the error, then the fix (address corrected, calendar re-enabled).
    const failed = userStatusFor(id, 'default');
    entries.push(
      journalEntry('2026-11-26T23:52:00.000Z', 'RemoveEntitlement', id, userType, 'ATLAS_2a4c6e8f-1b3d-4f5a-9c7e-0d2f4b6a8c1e_2'),
      journalEntry('2026-11-26T18:02:00.000Z', 'SetUserStatus', id, userType, 'ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_11', {
        state: 'error',
        messages: failed.messages,
        description: UNAUTHORIZED,
        lastStateChange: '2026-11-26T18:02:00.000Z',
      }),
    );
  }
  return entries;
}

/** The Activation 2.0 journal shape (users/{id}/userJournal?service=). */
function journal2For(id, scenario) {
  const entries = journalFor(id, scenario);
  if (!entries) return null;
  return entries.map((e, i) => {
    const p = e.entry.payload;
    const payload = { type: e.entry.type, orgId: p.orgId, userId: p.userId, service: p.serviceId };
    if (p.state) payload.state = p.state;
    if (p.messages.length) payload.details = p.messages;
    return { time: e.time, record: { payload, context: { jobId: `job-${id.slice(0, 8)}-${entries.length - i}` } } };
  });
}

export function placeFor(id) {
  const p = PLACES[id];
  if (!p) return null;
  return {
    cisUuid: id,
    displayName: p.name,
    type: 'room',
    orgId: ORG_ID,
    url: `https://csdm-a.wbx2.com/csdm/api/v1/organization/${ORG_ID}/places/${id}`,
    sipUrl: `${p.sip}@ciscolive-rtp.rooms.webex.com`,
    numbers: [],
    entitlements: ['webex-squared', 'spark', CAL],
    externalLinkedAccounts: [{ providerID: CAL, accountGUID: p.email, status: 'ok' }],
    createdAt: '2026-11-20T14:00:00.000Z',
    updated: '2026-11-27T01:23:58.000Z',
  };
}

function scimUserFor(id) {
  const u = USERS[id];
  return u ? scimUser(id, u.email, u.given, u.family) : null;
}

export const CCC_STATUS = { provisioned: true, status: 'ok', errorCode: 0 };

const NAMED = Object.freeze([IDS.workspaceA, IDS.workspaceB, IDS.workspaceC, IDS.user]);

/** The org's counts per state (the current shape), every subject being on the cloud. */
export function summaryFor(scenario = 'default', statuses = NAMED.map((id) => userStatusFor(id, scenario))) {
  const counts = { activated: 0, activatedWithWarning: 0, error: 0, notActivated: 0, notActivatedWithWarning: 0, total: 0 };
  for (const { state } of statuses) {
    if (state in counts) counts[state]++;
    counts.total++;
  }
  return {
    countsByCluster: {},
    countsByState: { [CAL]: counts },
    countsByOwnerAndState: { [CAL]: { ccc: { ...counts }, uss: { activated: 0, error: 0, notActivated: 0, total: 0 } } },
  };
}

/** The org's alarms: "Users in Error" while any subject is in error. */
export function alarmsFor(scenario = 'default', statuses = undefined) {
  const inError = summaryFor(scenario, statuses).countsByState[CAL].error;
  if (inError === 0) return { items: [] };
  const alarmId = '5c2d9e1a-3f4b-4c6d-8e7f-9a0b1c2d3e4f';
  return {
    items: [{
      url: `https://hercules-a.wbx2.com/hercules/api/v2/organizations/${ORG_ID}/alarms/${alarmId}`,
      serviceId: CAL,
      sourceId: 'uss',
      sourceType: 'cloud',
      alarmId,
      severity: 'critical',
      title: 'Users in Error',
      description: '{{numberOfUsers}} users or workspaces are in error for Hybrid Calendar.',
      key: 'uss.thresholdAlarmTriggered',
      replacementValues: [{ key: 'numberOfUsers', value: String(inError) }],
    }],
  };
}

// ---------------------------------------------------------------------------------------------
// The generated org

export const MAX_SUBJECTS = 100000;
export const REPORT_DOMAINS = Object.freeze({ tenant: 'ciscolive.us', outside: Object.freeze(['ciscolive.com', 'rtp-partner.example']) });
const hex = (n, width) => n.toString(16).padStart(width, '0');

/** The id of generated subject `i` (i ≥ 4): a UUID that spells its number. */
export const generatedId = (i) => `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;

/**
 * Generated subject `i`: every 7th a workspace, every 50th (from 17) gone from the directories (USS
 * still lists it; the report says "Not found"), the others users; by `i % 20`, 0..4 "Unauthorized" (0, 1 in the
 * tenant's domain, 2, 3 in ciscolive.com, 4 in rtp-partner.example), 5 in error without a message,
 * 6 pending activation, the rest activated (in the tenant's domain).
 */
export function generatedSubject(i) {
  const kind = i % 50 === 17 ? 'gone' : i % 7 === 3 ? 'workspace' : 'user';
  const k = i % 20;
  const domain = k === 2 || k === 3 ? 'ciscolive.com' : k === 4 ? 'rtp-partner.example' : REPORT_DOMAINS.tenant;
  const state = k <= 5 ? 'error' : k === 6 ? 'notActivated' : 'activated';
  const messages = k <= 4 ? [message(UNAUTHORIZED, { title: 'Unauthorized' })] : k >= 7 ? ACTIVATED_MSG() : [];
  const since = new Date(Date.UTC(2026, 10, 26) + i * 1000).toISOString();
  return {
    id: generatedId(i),
    kind,
    name: kind === 'workspace' ? `Room ${i}` : `User ${i}`,
    email: kind === 'workspace' ? `room${i}@${domain}` : `user${i}@${domain}`,
    status: status(generatedId(i), state, since, '2026-11-27T01:30:00.000Z', messages),
  };
}

/** The number a generated id spells, or -1. */
function generatedNumber(id) {
  const n = Number.parseInt(String(id).slice(0, 8), 16);
  return Number.isInteger(n) && n >= NAMED.length && n < MAX_SUBJECTS && generatedId(n) === id ? n : -1;
}

/** The directory entry of any subject: the four named ones, or a generated one. */
function subjectEntry(id) {
  if (PLACES[id]) return { id, kind: 'workspace', name: PLACES[id].name, email: PLACES[id].email };
  if (USERS[id]) return { id, kind: 'user', name: `${USERS[id].given} ${USERS[id].family}`, email: USERS[id].email };
  const n = generatedNumber(id);
  return n < 0 ? null : generatedSubject(n);
}

/** The statuses of an org of `n` subjects, the named four first; the last org asked for is kept
 * (a report asks for its pages, summary and alarms in turn). */
let lastOrg = null;
function orgStatuses(n, scenario) {
  if (lastOrg?.n === n && lastOrg.scenario === scenario) return lastOrg.list;
  const list = NAMED.map((id) => userStatusFor(id, scenario));
  for (let i = NAMED.length; i < n; i++) list.push(generatedSubject(i).status);
  lastOrg = { n, scenario, list };
  return list;
}

/** The org's size a request asks for: `?subjects=N`, else X-Replica-Subjects; null for none. */
function orgSize(req, query) {
  const raw = query.get('subjects') ?? req.headers['x-replica-subjects'];
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, NAMED.length), MAX_SUBJECTS) : null;
}

/** The ids of a SCIM-style `filter=id eq "a" or id eq "b"` (at most 100). */
function filteredIds(query) {
  return [...(query.get('filter') ?? '').matchAll(/\bid eq "([^"]{1,64})"/g)].slice(0, 100).map((m) => m[1]);
}

function scimUser(id, email, given, family) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id,
    userName: email,
    emails: [{ value: email, type: 'work', primary: true }],
    name: { givenName: given, familyName: family },
    displayName: `${given} ${family}`,
    active: true,
    meta: { created: '2026-10-02T09:15:00.000Z', lastModified: '2026-11-26T22:46:31.000Z', organizationID: ORG_ID },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const API_PREFIXES = ['/uss/', '/csdm/', '/api/', '/identity/', '/hercules/', '/__control/'];

let trackingSeq = 0;
const trackingId = () => `ATLAS_replica_${(++trackingSeq).toString(36)}_${Date.now().toString(36)}`;

class Refused extends Error {
  constructor(status, msg) {
    super(msg);
    this.status = status;
  }
}

/** Splits and validates the raw request target; refuses traversal, NUL, backslashes, bad escapes. */
export function parseTarget(rawUrl) {
  if (typeof rawUrl !== 'string' || !rawUrl.startsWith('/')) throw new Refused(400, 'bad request target');
  if (rawUrl.length > MAX_URL) throw new Refused(414, 'request target too long');
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  if (/\\|%5c|%00|\0/i.test(rawPath)) throw new Refused(400, 'refused path');
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new Refused(400, 'malformed path');
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.') || /[\0\\]/.test(decoded)) throw new Refused(400, 'refused path');
  return { path: decoded, query };
}

async function serveStatic(relPath, root = SITE_DIR) {
  const abs = path.resolve(root, `.${relPath}`);
  if (!abs.startsWith(root + path.sep)) throw new Refused(403, 'outside the site');
  let real;
  try {
    real = await realpath(abs);
  } catch {
    return null;
  }
  const realRoot = await realpath(root);
  if (!real.startsWith(realRoot + path.sep)) throw new Refused(403, 'outside the site');
  try {
    return { body: await readFile(real), type: TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null; // a directory or unreadable
  }
}

function pickScenario(req, query, state) {
  const fromQuery = query.get('scenario');
  const fromHeader = req.headers['x-replica-scenario'];
  for (const s of [fromQuery, fromHeader]) if (s && SCENARIOS.includes(s)) return s;
  return state.scenario;
}

const NOT_FOUND = (what) => ({ status: 404, json: { message: `${what} not found`, errors: [{ description: `${what} not found` }] } });

/** Answers an API path with { status, json } or null when the path is not an API. */
function api(req, p, query, state) {
  let m;
  const scenario = pickScenario(req, query, state);
  const count = (k) => (state.counts[k] = (state.counts[k] ?? 0) + 1);

  if (p.startsWith('/__control/')) {
    if (p === '/__control/state') return { status: 200, json: { scenario: state.scenario, counts: state.counts } };
    if (p === '/__control/reset') {
      state.scenario = state.initialScenario;
      state.counts = {};
      state.probes = {};
      return { status: 200, json: { scenario: state.scenario, counts: state.counts } };
    }
    if (p === '/__control/scenario') {
      const s = query.get('set');
      if (!SCENARIOS.includes(s)) return { status: 400, json: { message: `scenario must be one of ${SCENARIOS.join(', ')}` } };
      state.scenario = s;
      return { status: 200, json: { scenario: s } };
    }
    return NOT_FOUND('control endpoint');
  }

  if ((m = /^\/uss\/api\/v1\/orgs\/([^/]+)\/userStatuses$/.exec(p))) {
    count('userStatuses');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const userId = query.get('userId');
    const serviceId = query.get('serviceId');
    const size = userId ? null : orgSize(req, query);
    let list = userId ? [userStatusFor(userId, scenario) ?? subjectEntry(userId)?.status].filter(Boolean) : size ? orgStatuses(size, scenario) : NAMED.map((id) => userStatusFor(id, scenario));
    if (serviceId) list = list.filter((s) => s.serviceId === serviceId);
    const state = query.get('state');
    if (state) list = list.filter((s) => s.state === state);
    if (query.get('includeMessages') === 'false') list = list.map(({ messages, ...rest }) => rest);
    if (!size) {
      const limit = clampLimit(query.get('limit'));
      return { status: 200, json: { userStatuses: list.slice(0, limit), paging: { count: Math.min(list.length, limit), limit, pages: 1 } } };
    }
    // The org's list, a page at a time: paging.next is the full URL of the next page, absent on the last.
    const limit = clampLimit(query.get('limit'), 10000);
    const start = Math.max(0, Number.parseInt(query.get('start') ?? '0', 10) || 0);
    const paging = { count: list.length, limit, pages: Math.ceil(list.length / limit) };
    if (start + limit < list.length) {
      const next = new URLSearchParams(query);
      next.set('start', String(start + limit));
      paging.next = `http://${req.headers.host}${p}?${next}`;
    }
    return { status: 200, json: { userStatuses: list.slice(start, start + limit), paging } };
  }

  if ((m = /^\/uss\/api\/v1\/orgs\/([^/]+)\/userStatuses\/summary$/.exec(p))) {
    count('summary');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const size = orgSize(req, query);
    return { status: 200, json: summaryFor(scenario, size ? orgStatuses(size, scenario) : undefined) };
  }

  if ((m = /^\/hercules\/api\/v2\/organizations\/([^/]+)\/alarms$/.exec(p))) {
    count('alarms');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const serviceId = query.get('serviceId');
    const size = orgSize(req, query);
    const { items } = alarmsFor(scenario, size ? orgStatuses(size, scenario) : undefined);
    return { status: 200, json: { items: items.filter((a) => !serviceId || a.serviceId === serviceId) } };
  }

  if ((m = /^\/uss\/api\/v1\/orgs\/([^/]+)\/userJournal\/([^/]+)$/.exec(p))) {
    count('userJournal');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    let entries = journalFor(m[2], scenario);
    if (!entries) return NOT_FOUND('User');
    const serviceId = query.get('serviceId');
    if (serviceId) entries = entries.filter((e) => e.entry.payload.serviceId === serviceId);
    const limit = clampLimit(query.get('limit'));
    entries = entries.slice(0, limit);
    return { status: 200, json: { entries, paging: { count: entries.length, limit } } };
  }

  if ((m = /^\/uss\/api\/v1\/orgs\/([^/]+)\/users\/([^/]+)\/userJournal$/.exec(p))) {
    count('userJournal2');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    let entries = journal2For(m[2], scenario);
    if (!entries) return NOT_FOUND('User');
    const service = query.get('service');
    if (service) entries = entries.filter((e) => e.record.payload.service === service);
    const limit = clampLimit(query.get('limit'));
    entries = entries.slice(0, limit);
    return { status: 200, json: { entries, paging: { count: entries.length, limit } } };
  }

  if ((m = /^\/csdm\/api\/v1\/organization\/([^/]+)\/places\/([^/]+)$/.exec(p))) {
    count('place');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const place = placeFor(m[2]);
    return place ? { status: 200, json: place } : NOT_FOUND('Place');
  }

  if ((m = /^\/api\/v1\/orgs\/([^/]+)\/services\/squared-fusion-cal$/.exec(p))) {
    count('ccc');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    return { status: 200, json: { ...CCC_STATUS } };
  }

  if ((m = /^\/identity\/scim\/([^/]+)\/v1\/Users\/([^/]+)$/.exec(p))) {
    count('user');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const u = scimUserFor(m[2]);
    return u ? { status: 200, json: u } : NOT_FOUND('User');
  }

  // Directory lookups for a status list's ids, as the User Status Report sends them: the ids a kind
  // does not know are absent from its answer.
  if ((m = /^\/identity\/scim\/([^/]+)\/v1\/Users$/.exec(p))) {
    count('users');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const users = filteredIds(query).map(subjectEntry).filter((e) => e?.kind === 'user');
    const Resources = users.map((u) => scimUser(u.id, u.email, ...u.name.split(' ')));
    return { status: 200, json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: Resources.length, itemsPerPage: Resources.length, startIndex: 1, Resources } };
  }

  if ((m = /^\/identity\/organization\/([^/]+)\/machines$/.exec(p))) {
    count('machines');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const items = filteredIds(query).map(subjectEntry).filter((e) => e?.kind === 'workspace')
      .map((w) => ({ id: w.id, name: w.name.toLowerCase().replace(/\s+/g, ''), displayName: w.name, machineType: 'lyra_space', orgId: ORG_ID }));
    return { status: 200, json: { items } };
  }

  if ((m = /^\/csdm\/api\/v1\/organization\/([^/]+)\/places$/.exec(p))) {
    count('places');
    if (m[1] !== ORG_ID) return NOT_FOUND('Organization');
    const places = filteredIds(query).map(subjectEntry).filter((e) => e?.kind === 'workspace')
      .map((w) => ({ cisUuid: w.id, displayName: w.name, type: 'room', orgId: ORG_ID, externalLinkedAccounts: [{ providerID: CAL, accountGUID: w.email, status: 'ok' }] }));
    return { status: 200, json: { places } };
  }

  if (API_PREFIXES.some((pre) => p.startsWith(pre))) return NOT_FOUND('Resource');
  return null;
}

function clampLimit(raw, max = 1000) {
  const n = Number.parseInt(raw ?? '100', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : 100;
}

function send(req, res, status, headers, body) {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'Content-Length': buf.length });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

/** Starts the replica on 127.0.0.1. Resolves to { url, port, server, state, close }. */
export async function startServer({ port = 0, csp = null, scenario = 'default' } = {}) {
  if (csp !== null && csp !== 'strict') throw new Error(`unknown csp mode: ${csp}`);
  if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario: ${scenario}`);
  const state = { scenario, initialScenario: scenario, counts: {}, probes: {} };

  const server = http.createServer({ requestTimeout: 15000, headersTimeout: 10000, maxHeaderSize: 16384 }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(req, res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'internal error');
      else res.destroy(err);
    });
  });

  async function handle(req, res) {
    req.resume(); // no request bodies are read
    const base = {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      TrackingID: trackingId(),
    };
    let target;
    try {
      target = parseTarget(req.url);
    } catch (err) {
      return send(req, res, err.status ?? 400, { ...base, 'Content-Type': 'text/plain; charset=utf-8' }, `${err.message}\n`);
    }
    if (csp === 'strict' || target.query.get('csp') === 'strict') base['Content-Security-Policy'] = STRICT_CSP;
    if (target.query.get('isolated') === '1') {
      // Cross-origin isolated: the page's performance.now() then ticks in 5 µs, not 100 µs.
      base['Cross-Origin-Opener-Policy'] = 'same-origin';
      base['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    const probe = target.query.get('probe');
    if (probe !== null && ['GET', 'HEAD', 'POST'].includes(req.method) && serveProbe(req, res, probe, { headers: base, url: req.url, state })) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { ...base, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
    }
    const { path: p, query } = target;

    const answer = api(req, p, query, state);
    if (answer) {
      return send(req, res, answer.status, { ...base, 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(answer.json));
    }

    const vendor = /^\/vendor\/([a-z]+)(\/.*)$/.exec(p);
    if (p.startsWith('/assets/') || p === '/favicon.ico' || vendor) {
      let file;
      try {
        if (vendor) file = Object.hasOwn(VENDOR, vendor[1]) ? await serveStatic(vendor[2], VENDOR[vendor[1]]) : null;
        else file = await serveStatic(p === '/favicon.ico' ? '/assets/favicon.svg' : p);
      } catch (err) {
        return send(req, res, err.status ?? 403, { ...base, 'Content-Type': 'text/plain; charset=utf-8' }, 'refused\n');
      }
      if (!file) return send(req, res, 404, { ...base, 'Content-Type': 'text/plain; charset=utf-8' }, 'not found\n');
      return send(req, res, 200, { ...base, 'Content-Type': file.type }, file.body);
    }

    // SPA fallback.
    let html = await readFile(path.join(SITE_DIR, 'index.html'), 'utf8');
    if (query.get('lang') === 'ja') html = html.replace('<html lang="en">', '<html lang="ja">');
    return send(req, res, 200, { ...base, 'Content-Type': 'text/html; charset=utf-8' }, html);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = server.address().port;
  return {
    url: `http://${HOST}:${actual}`,
    port: actual,
    server,
    state,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const opts = { port: 0, csp: null, scenario: 'default' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port must be 0..65535');
      opts.port = n;
    } else if (flag === '--csp') {
      const v = value();
      if (v !== 'strict' && v !== 'none') throw new Error('--csp must be strict or none');
      opts.csp = v === 'strict' ? 'strict' : null;
    } else if (flag === '--scenario') {
      opts.scenario = value();
    } else if (flag === '--help' || flag === '-h') {
      opts.help = true;
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return opts;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`serve.mjs: ${err.message}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write('usage: node tests/replica/serve.mjs [--port 0] [--csp strict] [--scenario default|hostile|fixed|superseded]\n');
    process.exit(0);
  }
  const srv = await startServer(opts).catch((err) => {
    process.stderr.write(`serve.mjs: ${err.message}\n`);
    process.exit(1);
  });
  process.stdout.write(`listening ${srv.url}\n`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Hybrid Calendar Doctor — page adapter, part 1 of 6: what the MAIN-world hook forwards.
// Validates the hook's response events (any page script can forge one, so everything in them
// is untrusted and bounded) and files each response under the subject it is about, or under the
// organisation when it concerns every subject (the Calendar Cloud Connector, Graph, tenant domains);
// the organisation's data (`orgData` rows: its status lists, summary, alarms and the directory lists
// that name the ids, what the User Status Report loads) is also kept per organisation, apart, as raw
// bodies for the extension pages that ask for it (`lists`). A body is never parsed here, on Control
// Hub's thread: its subjects are counted by a scan for a key.
// No DOM and no extension API here: tests load this file into a plain Node context.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});

  const MAX_DETAIL_CHARS = 9 * 1024 * 1024; // the hook's 8 MiB body cap plus its envelope
  const MAX_INPUTS_PER_BUCKET = 12; // distinct URLs; repeated polls of one URL replace each other
  const MAX_CHARS_PER_BUCKET = 8 * 1024 * 1024;
  const MAX_SUBJECTS = 50;
  // The organisation's data, per organisation: status subjects (USS's 10,000 a page, five pages),
  // identity records likewise, bodies about no subject (summaries, alarms: one URL each, re-fetched
  // in place); a few organisations (an admin may switch), the least recently filed dropped first.
  const ORG_DATA_LIMITS = Object.freeze({ status: 50000, identity: 50000, other: 32 });
  const MAX_ORGS_WITH_DATA = 4;
  // Characters of every organisation's data together: the `lists` answer holds them all, and
  // Chromium refuses a message over 64 MiB of JSON (ASCII bodies, their quotes escaped, fit).
  const MAX_ORG_DATA_CHARS = 56 * 1024 * 1024;
  // The key each subject of a body carries once: a status's `userId`, a directory entry's `id`.
  const SUBJECT_KEYS = Object.freeze({ status: '"userId"', identity: '"id"' });
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // The endpoint table (src/decode/endpoint.rs, loaded before this file as
  // extension/shared/endpoints.js), its patterns compiled once.
  const TABLE = /** @type {CaldoctorShared | undefined} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')))?.endpoints;
  const ROWS = (TABLE?.rows ?? []).map((row) => ({
    ...row,
    host: row.host === null ? null : new RegExp(row.host),
    paths: row.paths.map((path) => new RegExp(path.source)),
  }));
  const STATUS = 'user-statuses', JOURNAL = 'user-journal'; // the kinds a banner diagnoses

  /**
   * The hook's event detail, or null when it is not one.
   * @param {unknown} detail
   * @returns {HookResponse | null}
   */
  function readDetail(detail) {
    if (typeof detail !== 'string' || detail.length > MAX_DETAIL_CHARS) return null;
    let parsed;
    try {
      parsed = JSON.parse(detail);
    } catch (_) {
      return null;
    }
    if (parsed === null || typeof parsed !== 'object') return null;
    const { url, status, time, body, via } = parsed;
    if (typeof url !== 'string' || typeof body !== 'string' || url.length > 8192) return null;
    return {
      url,
      body,
      status: Number.isInteger(status) ? status : 0,
      time: typeof time === 'string' ? time.slice(0, 40) : '',
      via: via === 'xhr' ? 'xhr' : 'fetch',
    };
  }

  /**
   * A subject id as the page and USS write it: a UUID in lower case. Hydra ids (base64 of
   * `ciscospark://us/PLACE/<uuid>`) become their UUID.
   * @param {string} raw
   */
  function normalizeId(raw) {
    let id;
    try {
      id = decodeURIComponent(raw);
    } catch (_) {
      return null;
    }
    if (UUID.test(id)) return id.toLowerCase();
    try {
      const decoded = atob(id.replace(/-/g, '+').replace(/_/g, '/'));
      const last = decoded.slice(decoded.lastIndexOf('/') + 1);
      if (decoded.startsWith('ciscospark://') && UUID.test(last)) return last.toLowerCase();
    } catch (_) {
      /* not base64 */
    }
    return null;
  }

  /**
   * No service filter in the query, or one that includes a calendar.
   * @param {URLSearchParams} params
   * @param {EndpointTable['calendarFilter']} filter
   */
  function forCalendar(params, filter) {
    const services = filter.params.flatMap((name) => params.getAll(name));
    return services.length === 0 || services.some((service) => filter.services.includes(service));
  }

  /**
   * The first row of the table `url` matches, with its path's captures (`org`, `subject`).
   * @param {URL} url
   */
  function findEndpoint(url) {
    if (!TABLE) return null;
    for (const row of ROWS) {
      if (row.host && !row.host.test(url.hostname)) continue;
      let match = null;
      for (const path of row.paths) if ((match = path.exec(url.pathname))) break;
      if (!match || (row.calendarOnly && !forCalendar(url.searchParams, TABLE.calendarFilter))) continue;
      return { row, captures: match.groups ?? {} };
    }
    return null;
  }

  /**
   * Where a response belongs: `{endpoint, subject, org}` for one user/workspace, `{endpoint,
   * subject: null, org}` for the whole organisation, `list: true` for a subject endpoint's answer
   * about no one subject (a status list of many users, a place list), or null when it is not
   * one the extension reads. `org` is null unless it is a UUID; `orgData` says the row's.
   * @param {string} rawUrl
   * @returns {{ endpoint: string, subject: string | null, org: string | null, list: boolean, orgData: boolean } | null}
   */
  function locate(rawUrl) {
    let url;
    try {
      url = new URL(rawUrl);
    } catch (_) {
      return null;
    }
    const found = findEndpoint(url);
    if (!found) return null;
    const { row, captures } = found;
    const { endpoint, orgData } = row;
    const org = UUID.test(captures.org ?? '') ? captures.org.toLowerCase() : null;
    if (row.scope === 'org') return { endpoint, subject: null, org, list: false, orgData };
    const ids = row.subjectParam === null ? [captures.subject].filter(Boolean) : url.searchParams.getAll(row.subjectParam);
    if (ids.length !== 1) return { endpoint, subject: null, org, list: true, orgData };
    const subject = normalizeId(ids[0]);
    return subject ? { endpoint, subject, org, list: false, orgData } : null;
  }

  /**
   * Where a banner's input belongs (`locate`'s answer), or null for a list and anything else
   * that cannot be placed.
   * @param {string} rawUrl
   * @returns {{ endpoint: string, subject: string | null, org: string | null } | null}
   */
  function route(rawUrl) {
    const where = locate(rawUrl);
    return where && !where.list ? { endpoint: where.endpoint, subject: where.subject, org: where.org } : null;
  }

  /** A bounded map URL → input: the latest response of each URL, oldest dropped first. */
  class Bucket {
    constructor() {
      /** @type {Map<string, HookResponse>} */
      this.inputs = new Map();
      this.version = 0; // counts changes of content
    }
    /**
     * Files `input`; true when the bucket's content changed.
     * @param {HookResponse} input
     */
    add(input) {
      const changed = this.inputs.get(input.url)?.body !== input.body;
      if (changed) this.version++;
      this.inputs.delete(input.url);
      this.inputs.set(input.url, input);
      let chars = 0;
      for (const kept of this.inputs.values()) chars += kept.body.length;
      for (const [url, kept] of this.inputs) {
        if (this.inputs.size <= MAX_INPUTS_PER_BUCKET && chars <= MAX_CHARS_PER_BUCKET) break;
        if (url === input.url) continue;
        this.inputs.delete(url);
        chars -= kept.body.length;
      }
      return changed;
    }
    list() {
      return [...this.inputs.values()];
    }
  }

  /**
   * How many times `key` occurs in `text`: a body's subjects, counted without parsing it.
   * @param {string} text
   * @param {string} key
   */
  function occurrences(text, key) {
    let count = 0;
    for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + key.length)) count++;
    return count;
  }

  /**
   * One organisation's data, as raw bodies: the latest of each URL (a page fetched again replaces
   * its older copy and becomes the newest), oldest first. Each kind is bounded by ORG_DATA_LIMITS
   * (a body counts its subjects, at least one), all of them by MAX_ORG_DATA_CHARS; the oldest
   * bodies of a kind over its bound go first, and the newest body is always kept. Several copies
   * of one subject may stay (an error list beside the full list): its reader keeps the newest.
   */
  class OrgData {
    constructor() {
      /** @type {Map<string, { input: BannerInput, kind: keyof typeof ORG_DATA_LIMITS, subjects: number, weight: number }>} */
      this.bodies = new Map();
      this.totals = { status: 0, identity: 0, other: 0 };
      this.chars = 0;
      /** @type {string | null} the URL of the body filed last (the newest body is always kept) */
      this.newest = null;
      /** Which state of the store's data this is (see InputStore.lists): set by the store. */
      this.version = '';
    }
    /**
     * Whether it changed what is held.
     * @param {HookResponse} input
     * @param {keyof typeof ORG_DATA_LIMITS} kind
     */
    add({ url, body, via }, kind) {
      // A poll that brought the newest body again changes nothing; an older body fetched again
      // becomes the newest, which may change whose status is the latest.
      if (this.newest === url && this.bodies.get(url)?.input.body === body) return false;
      this.remove(url);
      this.newest = url;
      const subjects = kind === 'other' ? 0 : occurrences(body, SUBJECT_KEYS[kind]);
      const weight = Math.max(1, subjects);
      this.bodies.set(url, { input: { url, body, source: via }, kind, subjects, weight });
      this.totals[kind] += weight;
      this.chars += body.length;
      for (const [kept, { kind: keptKind }] of this.bodies) {
        if (this.chars <= MAX_ORG_DATA_CHARS && this.within()) break;
        if (kept === url) continue;
        if (this.chars > MAX_ORG_DATA_CHARS || this.totals[keptKind] > ORG_DATA_LIMITS[keptKind]) this.remove(kept);
      }
      return true;
    }
    within() {
      return Object.entries(ORG_DATA_LIMITS).every(([kind, limit]) => this.totals[/** @type {keyof typeof ORG_DATA_LIMITS} */ (kind)] <= limit);
    }
    /** @param {string} url */
    remove(url) {
      const kept = this.bodies.get(url);
      if (!kept) return;
      this.bodies.delete(url);
      this.totals[kept.kind] -= kept.weight;
      this.chars -= kept.input.body.length;
    }
    /** The status subjects held (each copy counted). */
    subjects() {
      let count = 0;
      for (const { kind, subjects } of this.bodies.values()) if (kind === 'status') count += subjects;
      return count;
    }
    inputs() {
      return [...this.bodies.values()].map(({ input }) => input);
    }
  }

  /** Everything received on this page, by subject and organisation. */
  class InputStore {
    constructor() {
      /** @type {Map<string, { org: string, bucket: Bucket, statusSeq: number, statusNavigation: number, words?: { version: number, list: string[] } }>} */
      this.subjects = new Map();
      /** @type {Map<string, Bucket>} org id (or '') → its bucket */
      this.orgs = new Map();
      /** @type {Map<string, OrgData>} org id (or '') → its data for the extension pages, never a banner's */
      this.orgData = new Map();
      this.seq = 0;
      /** @type {string | null} */
      this.latestOrg = null;
      // A version names one state of an organisation's data, unique across this tab's adapters
      // (a reload starts another), so that an extension page may keep what it derived from it.
      this.instance = crypto.randomUUID();
      this.changes = 0;
    }
    /**
     * Files one response, tagged with `navigation`: the page's navigation count when it arrived.
     * Returns `{subject, org, changed}`, or null when it is no banner's input (not one the
     * extension reads, or a list, kept with the organisation's data only).
     * @param {HookResponse} input
     * @param {number} [navigation]
     */
    add(input, navigation = 0) {
      const where = locate(input.url);
      if (!where) return null;
      if (where.org) this.latestOrg = where.org;
      const org = where.org ?? this.latestOrg ?? '';
      if (where.orgData && where.subject === null) this.addOrgData(input, where, org);
      if (where.list) return null; // no banner's input: nothing for the banners to do
      if (where.subject === null) {
        const bucket = this.orgs.get(org) ?? new Bucket();
        this.orgs.set(org, bucket);
        return { subject: null, org, changed: bucket.add(input) };
      }
      let subject = this.subjects.get(where.subject);
      if (subject) {
        this.subjects.delete(where.subject); // re-inserted: the Map stays in least-recently-used order
      } else {
        subject = { org, bucket: new Bucket(), statusSeq: 0, statusNavigation: -1 };
      }
      this.subjects.set(where.subject, subject);
      for (const oldest of this.subjects.keys()) {
        if (this.subjects.size <= MAX_SUBJECTS) break;
        this.subjects.delete(oldest);
      }
      if (where.org) subject.org = where.org;
      if (where.endpoint === STATUS) {
        subject.statusSeq = ++this.seq;
        subject.statusNavigation = navigation;
      }
      const changed = subject.bucket.add({ ...input, endpoint: where.endpoint });
      return { subject: where.subject, org: subject.org, changed };
    }
    /**
     * Keeps a body of the organisation's data (a list, a summary, alarms) under its organisation.
     * @param {HookResponse} input
     * @param {{ endpoint: string, list: boolean }} where
     * @param {string} org
     */
    addOrgData(input, where, org) {
      const data = this.orgData.get(org) ?? new OrgData();
      this.orgData.delete(org); // re-inserted: the Map stays in least-recently-filed order
      this.orgData.set(org, data);
      if (data.add(input, !where.list ? 'other' : where.endpoint === STATUS ? 'status' : 'identity')) {
        data.version = `${this.instance}:${++this.changes}`;
      }
      let chars = 0;
      for (const kept of this.orgData.values()) chars += kept.chars;
      for (const [oldest, kept] of this.orgData) {
        if (this.orgData.size <= MAX_ORGS_WITH_DATA && chars <= MAX_ORG_DATA_CHARS) break;
        if (kept === data) continue;
        this.orgData.delete(oldest);
        chars -= kept.chars;
      }
    }
    /**
     * Every organisation's data (the `lists` answer), each organisation's bodies oldest first.
     * @returns {OrgLists[]}
     */
    lists() {
      return [...this.orgData].map(([org, data]) => ({ ...this.head(org, data), inputs: data.inputs() }));
    }
    /**
     * What `lists` would answer, without the bodies: enough to tell whether it changed.
     * @returns {OrgHead[]}
     */
    heads() {
      return [...this.orgData].map(([org, data]) => this.head(org, data));
    }
    /**
     * @param {string} org
     * @param {OrgData} data
     * @returns {OrgHead}
     */
    head(org, data) {
      return { org, subjects: data.subjects(), bodies: data.bodies.size, version: data.version };
    }
    /** @param {string} subject */
    has(subject) {
      return this.subjects.has(subject);
    }
    /**
     * Whether `subject` has a status or a journal: what a banner diagnoses.
     * @param {string} subject
     */
    diagnosable(subject) {
      const inputs = this.subjects.get(subject)?.bucket.inputs.values() ?? [];
      for (const { endpoint } of inputs) if (endpoint === STATUS || endpoint === JOURNAL) return true;
      return false;
    }
    /** @param {string} subject */
    orgOf(subject) {
      return this.subjects.get(subject)?.org ?? '';
    }
    /**
     * The subject whose status was received last during `navigation` (what the page shows since
     * it last navigated), or null.
     * @param {number} navigation
     */
    latestPolled(navigation) {
      /** @type {{ id: string, seq: number } | null} */
      let best = null;
      for (const [id, s] of this.subjects) {
        if (s.statusNavigation === navigation && (!best || s.statusSeq > best.seq)) best = { id, seq: s.statusSeq };
      }
      return best?.id ?? null;
    }
    /**
     * The banner's inputs for `subject`: the organisation's, then the subject's own.
     * @param {string} subject
     * @returns {BannerInput[]}
     */
    inputsFor(subject) {
      const s = this.subjects.get(subject);
      if (!s) return [];
      const org = this.orgs.get(s.org)?.list() ?? [];
      return [...org, ...s.bucket.list()].map(({ url, body, via }) => ({ url, body, source: via }));
    }
    /**
     * Changes whenever what `inputsFor(subject)` returns changes: cheaper than comparing it.
     * @param {string} subject
     */
    versionOf(subject) {
      const s = this.subjects.get(subject);
      return s ? `${s.bucket.version}.${this.orgs.get(s.org)?.version ?? 0}` : '';
    }
    /**
     * The status words Control Hub shows for `subject` (the quoted word of "Received error '…'
     * from <provider>": O365, Google, …). Kept per version of its inputs: every sync asks, the
     * bodies rarely change.
     * @param {string} subject
     * @returns {string[]}
     */
    statusWords(subject) {
      const s = this.subjects.get(subject);
      if (!s) return [];
      if (s.words?.version !== s.bucket.version) {
        /** @type {Set<string>} */
        const words = new Set();
        for (const { body } of s.bucket.list()) {
          for (const match of body.matchAll(/Received error '([^'"\\]{1,60})' from [A-Za-z]/g)) words.add(match[1]);
        }
        s.words = { version: s.bucket.version, list: [...words] };
      }
      return s.words.list;
    }
    ids() {
      return [...this.subjects.keys()];
    }
  }

  ns.inputs = { readDetail, route, normalizeId, InputStore };
})();

// Hybrid Calendar Doctor — the one protocol between the extension's contexts: the events of the
// MAIN-world hook's channel, the messages of runtime messaging and of the analyzer's worker, the
// frame's postMessage word, the pages' actions, the storage keys, the command, and the settings'
// defaults and valid values. Every part loads this file first (content scripts and the hook through
// the manifest, extension pages with <script src>, the background and the worker by import);
// build.rs reads the JSON between the two markers below for the Rust side, so a value lives here
// and nowhere else. The typedefs are JSDoc only, for the type check (`make lint`): the literal
// message types they name must equal the JSON's, or `tsc` fails.

/**
 * @typedef {object} Protocol
 * @property {{ response: string, hello: string, ready: string }} events  the MAIN-world hook's
 *   channel (page/hook.js, content/channel.js): `response` on the hook's private node only;
 *   `hello` (bubbling from that node) and `ready` (on `document`) at document_start, to hand it over
 * @property {{ refresh: string, measure: string }} frame  the postMessage words to a banner frame:
 *   `refresh` (no data) asks it to refetch, `measure` followed by a width in CSS pixels asks it
 *   for its height at that width
 * @property {MessageTypes} messages  runtime messaging
 * @property {WorkerMessageTypes} worker  between the analyzer, triage and popup pages and their worker
 * @property {PageActions} actions  the `data-action` words of the pages Rust renders
 * @property {StorageKeys} storage
 * @property {{ toggleScreenShare: string }} commands  the manifest's commands
 * @property {Settings} defaults  the settings without options or policy
 * @property {{ lang: Settings['lang'][], format: Settings['format'][] }} choices  valid values; a
 *   setting without a list takes any value of its default's type
 */

/**
 * @typedef {object} StorageKeys
 * @property {string} settings  storage.local: {@link Settings} as options.html saved them
 * @property {string} tenantDomains  storage.local: { [orgId]: {@link OrgTenants} }, learned or typed
 * @property {string} dismissed  storage.local: { [subjectId]: the state dismissed }
 * @property {string} expanded  storage.local: { [subjectId]: true } while its banner's Details are open
 * @property {string} bannerPrefix  storage.session: `<prefix><tabId>:<bannerId>` → {@link BannerPayload}
 * @property {string} tabPrefix  storage.session: `<prefix><tabId>` → {@link TabRecord}
 * @property {string} triageCountPrefix  storage.session: `<prefix><tabId>` → {@link TriageCountRecord}: the popup's count
 */

/**
 * @typedef {object} Settings
 * @property {'auto' | 'en' | 'ja'} lang  auto: Control Hub's language
 * @property {boolean} redact  reports redacted by default
 * @property {'markdown' | 'text'} format  the report format
 * @property {boolean} screenShare  email local parts and ids masked on screen
 */

/**
 * @typedef {object} MessageTypes
 * @property {PutRequest['type']} put
 * @property {ForgetRequest['type']} forget
 * @property {PausedRequest['type']} paused
 * @property {GetRequest['type']} get
 * @property {HeightRequest['type']} height
 * @property {DismissRequest['type']} dismiss
 * @property {SummaryRequest['type']} summary
 * @property {RevealRequest['type']} reveal
 * @property {PauseRequest['type']} pause
 * @property {ListsRequest['type']} lists
 */

// ---------------------------------------------------------------- runtime messages
// Each request says who sends it and what the background answers; the background answers null to
// a request it refuses (malformed, from a stranger, about no tab) and `{ error }` when it failed.

/**
 * adapter → background: the frame's data, kept per tab. Answer: {@link Ok}.
 * @typedef {{ type: 'put', id: string, payload: BannerPayload }} PutRequest
 */
/**
 * adapter → background: the banner left the page. Answer: {@link Ok}.
 * @typedef {{ type: 'forget', id: string }} ForgetRequest
 */
/**
 * adapter → background: whether the popup paused this tab. Answer: {@link PausedAnswer}.
 * @typedef {{ type: 'paused?' }} PausedRequest
 */
/**
 * frame (Rust) → background: its payload. Answer: {@link PayloadAnswer}.
 * @typedef {{ type: 'get', id: string }} GetRequest
 */
/**
 * frame (Rust) → background: the height it needs at its width `width` and what it shows; forwarded
 * to the adapter as a {@link FrameNotice}, kept for the popup and counted on the badge. Answer: {@link Ok}.
 * @typedef {{ type: 'height', id: string, height: number, width: number, state: string, subject: string, summary: string }} HeightRequest
 */
/**
 * frame (Rust) → background: Dismiss was pressed; forwarded as a {@link FrameNotice}. Answer: {@link Ok}.
 * @typedef {{ type: 'dismiss', id: string }} DismissRequest
 */
/**
 * popup → background: the tab's banners and pause. Answer: {@link SummaryAnswer}.
 * @typedef {{ type: 'summary', tabId: number }} SummaryRequest
 */
/**
 * popup → background: show a dismissed banner again; sent on to the adapter. Answer: {@link Ok}.
 * @typedef {{ type: 'reveal', tabId: number, id: string }} RevealRequest
 */
/**
 * popup → background: pause or resume the tab; sent on to the adapter. Answer: {@link PauseAnswer}.
 * @typedef {{ type: 'pause', tabId: number, paused: boolean }} PauseRequest
 */

/** @typedef {PutRequest | ForgetRequest | PausedRequest | GetRequest | HeightRequest | DismissRequest} TabRequest */
/** @typedef {SummaryRequest | RevealRequest | PauseRequest} PopupRequest */

/**
 * extension page (popup, triage page) → adapter, straight to the tab's top frame with
 * `tabs.sendMessage(tabId, request, { frameId: 0 })` (the background ignores it): the
 * organisations' data the page received. Answer: {@link ListsAnswer}; with `headsOnly`,
 * {@link HeadsAnswer} (the popup's check whether its count still holds: no bodies copied).
 * @typedef {{ type: 'lists', headsOnly?: boolean }} ListsRequest
 */
/**
 * Every organisation with data, none while the tab is paused.
 * @typedef {{ orgs: OrgLists[] }} ListsAnswer
 */
/** @typedef {{ orgs: OrgHead[] }} HeadsAnswer */
/**
 * One organisation's data, without its bodies: `subjects` counts the status subjects held,
 * `bodies` the bodies, `org` is '' when no URL named it; `version` names this state of the data
 * (another tab, a reload or any change gives another).
 * @typedef {{ org: string, subjects: number, bodies: number, version: string }} OrgHead
 */
/**
 * One organisation's data as the page received it (the User Status Report's: its status lists,
 * their summary, its alarms, the directory lists naming the ids), raw bodies keyed by request URL
 * (a page fetched again replaces its older copy), oldest first; bounded (the oldest dropped
 * first). A subject may be in several bodies: the newest says its status.
 * @typedef {OrgHead & { inputs: BannerInput[] }} OrgLists
 */
/**
 * The popup's count of a tab's subjects in error (storage.session, `triageCountPrefix` + tab id,
 * forgotten with the tab): valid while `key` — the organisations' versions and tenants it was
 * counted with — is what the tab holds now.
 * @typedef {{ key: string, inError: number, total: number, orgs: number }} TriageCountRecord
 */

/**
 * background → adapter (the tab's top frame): a frame's report, for the banner whose frame it is,
 * in the order the frame sent them (`width` 0 for a dismiss).
 * @typedef {{ type: 'height' | 'dismiss', id: string, height: number, width: number, state: string }} FrameNotice
 */
/** @typedef {{ type: 'reveal', id: string }} RevealNotice  background → adapter */
/** @typedef {{ type: 'pause', paused: boolean }} PauseNotice  background → adapter */
/** @typedef {FrameNotice | RevealNotice | PauseNotice} AdapterNotice */

/** @typedef {{ ok: true }} Ok */
/** @typedef {{ paused: boolean }} PausedAnswer */
/** @typedef {{ payload: BannerPayload | null }} PayloadAnswer */
/** @typedef {{ paused: boolean, banners: (BannerRecord & { id: string })[] }} SummaryAnswer */
/** @typedef {{ ok: true, paused: boolean }} PauseAnswer */

/**
 * What a banner frame diagnoses: the page's responses for one subject and their context.
 * @typedef {{ inputs: BannerInput[], context: BannerContext }} BannerPayload
 */
/** @typedef {{ url: string, body: string, source: 'fetch' | 'xhr' }} BannerInput */
/**
 * The frame's context (src/web reads these names): the page's facts and the settings in force.
 * @typedef {object} BannerContext
 * @property {string} [email]  the calendar address the panel shows
 * @property {BannerTenant[]} [tenants]  the org's Microsoft 365 tenants (src/view/payload.rs)
 * @property {string} [org]  the subject's organization, whose tenant domains the banner may ask for
 * @property {string} [subject]  the subject's id, what the banner remembers its Details by
 * @property {string} lang
 * @property {string} timeZone
 * @property {boolean} redact
 * @property {boolean} screenShare
 * @property {Settings['format']} format
 * @property {'light' | 'dark'} theme
 */
/** @typedef {{ state: string, subject: string, summary: string, dismissed: boolean }} BannerRecord */
/** @typedef {{ paused: boolean, banners: Record<string, BannerRecord> }} TabRecord */

/**
 * The hook's event detail, a JSON string of this: untrusted all the same (the page chose the
 * request, and its server or service worker the body).
 * @typedef {{ url: string, status: number, time: string, body: string, via: 'fetch' | 'xhr', endpoint?: string }} HookResponse
 */

// ---------------------------------------------------------------- the analyzer's worker

/**
 * @typedef {object} WorkerMessageTypes
 * @property {ReadRequest['type']} read
 * @property {RedactRequest['type']} redact
 * @property {ProgressReply['type']} progress
 * @property {ReducingReply['type']} reducing
 * @property {RedactedReply['type']} redacted
 * @property {FailedReply['type']} error
 * @property {TriageAddRequest['type']} triageAdd
 * @property {TriageAddedReply['type']} triageAdded
 * @property {TriageBuildRequest['type']} triageBuild
 * @property {TriageBoardReply['type']} triageBoard
 * @property {TriageRowsReply['type']} triageRows
 * @property {TriageExportRequest['type']} triageExport
 * @property {TriageExportedReply['type']} triageExported
 * @property {TriageCountRequest['type']} triageCount
 * @property {TriageCountedReply['type']} triageCounted
 */
/** @typedef {{ type: 'read', id: number, file: File }} ReadRequest  page → worker, answered by {@link ReadReply} */
/** @typedef {{ type: 'redact', id: number }} RedactRequest  page → worker, answered by {@link RedactedReply} */
/** @typedef {{ type: 'progress', id: number, name: string, loaded: number, total: number }} ProgressReply */
/** @typedef {{ type: 'reducing', id: number, name: string }} ReducingReply */
/** @typedef {{ type: 'read', id: number, name: string, size: number, har: boolean, kept?: number, text: string }} ReadReply */
/** @typedef {{ type: 'redacted', id: number, name: string, entries: number, removed: number, blob: Blob }} RedactedReply */
/** @typedef {{ type: 'error', id: number | undefined, name: string, message?: string, reason?: 'not-kept' }} FailedReply */
// The triage page (src/web/triage.rs) keeps its lists in the worker, one set per source (a tab's
// organization, or the files opened on the page): decoded and triaged there, handed over as JSON.
/**
 * page → worker: a tab's lists, or one file (read as the analyzer reads it), into set `set`.
 * Answered by {@link TriageAddedReply}.
 * @typedef {{ type: 'triage-add', set: string, id: number, inputs?: BannerInput[], file?: File }} TriageAddRequest
 */
/**
 * `read` inputs read, the reasons of those that could not be; `org`: whose statuses the set
 * holds so far; for a file, its name, size and (a HAR) the matching requests kept.
 * @typedef {{ type: 'triage-added', set: string, id: number, read: number, errors: string[], org?: string,
 *   name?: string, size?: number, har?: boolean, kept?: number }} TriageAddedReply
 */
/**
 * page → worker: triage set `set` with the org's tenants, in `lang`, masked when `mask`; `have`:
 * the build whose rows the page holds. Answered by a {@link TriageBoardReply}, then, for a new
 * build, its rows in {@link TriageRowsReply} parts.
 * @typedef {{ type: 'triage-build', set: string, tenants?: BannerTenant[], lang: string, mask: boolean, have?: number }} TriageBuildRequest
 */
/** `board`: src/view/triage/board.rs `Board` as JSON, absent for an empty set. @typedef {{ type: 'triage-board', set: string, build?: number, board?: string }} TriageBoardReply */
/** `rows`: a JSON array of src/triage `Row`; `done` on a build's last part. @typedef {{ type: 'triage-rows', set: string, build: number, group: number, rows: string, done: boolean }} TriageRowsReply */
/** page → worker: the CSV or the summary of set `set`'s last build. @typedef {{ type: 'triage-export', set: string, what: 'csv' | 'summary', lang: string, redact: boolean, format: Settings['format'] }} TriageExportRequest */
/** @typedef {{ type: 'triage-exported', set: string, what: 'csv' | 'summary', text: string }} TriageExportedReply */
/** popup → worker: how many of each org's subjects are in error. @typedef {{ type: 'triage-count', orgs: { org: string, inputs: BannerInput[], tenants?: BannerTenant[] }[] }} TriageCountRequest */
/** @typedef {{ type: 'triage-counted', counts: { org?: string, inError: number, total: number }[] }} TriageCountedReply */
/** @typedef {ReadRequest | RedactRequest | TriageAddRequest | TriageBuildRequest | TriageExportRequest | TriageCountRequest} WorkerRequest */
/** @typedef {ProgressReply | ReducingReply | ReadReply | RedactedReply | FailedReply | TriageAddedReply | TriageBoardReply | TriageRowsReply | TriageExportedReply | TriageCountedReply} WorkerReply */

/**
 * @typedef {object} PageActions
 * @property {string} reveal  popup: show a dismissed banner again
 * @property {string} pause  popup: pause the extension on the tab
 * @property {string} screenShare  popup: screen-share mode
 * @property {string} analyzer  popup: open the analyzer
 * @property {string} options  popup: open the options
 * @property {string} addOrg  options: add an organization's tenant domains
 * @property {string} addTenant  options: add a tenant to an organization
 * @property {string} saveDomains  banner: store the tenant domains typed for the banner's organization
 * @property {string} triage  popup: open the triage page for the tab
 */

/**
 * The registry under Symbol.for('caldoctor.shared'): what the shared files loaded so far left.
 * @typedef {object} CaldoctorShared
 * @property {Protocol} protocol  this file
 * @property {ExtensionApi} api  api.js
 * @property {SettingsApi} settings  settings.js
 * @property {EndpointTable} endpoints  endpoints.js (generated from src/decode/endpoint.rs)
 */

(() => {
  'use strict';
  /** @type {Protocol} */
  const PROTOCOL = (
    // BEGIN PROTOCOL JSON
    {
      "events": { "response": "caldoctor:response", "hello": "caldoctor:hello", "ready": "caldoctor:ready" },
      "frame": { "refresh": "caldoctor:refresh", "measure": "caldoctor:measure:" },
      "messages": {
        "put": "put",
        "forget": "forget",
        "paused": "paused?",
        "get": "get",
        "height": "height",
        "dismiss": "dismiss",
        "summary": "summary",
        "reveal": "reveal",
        "pause": "pause",
        "lists": "lists"
      },
      "worker": {
        "read": "read",
        "redact": "redact",
        "progress": "progress",
        "reducing": "reducing",
        "redacted": "redacted",
        "error": "error",
        "triageAdd": "triage-add",
        "triageAdded": "triage-added",
        "triageBuild": "triage-build",
        "triageBoard": "triage-board",
        "triageRows": "triage-rows",
        "triageExport": "triage-export",
        "triageExported": "triage-exported",
        "triageCount": "triage-count",
        "triageCounted": "triage-counted"
      },
      "actions": {
        "reveal": "reveal",
        "pause": "pause",
        "screenShare": "screen-share",
        "analyzer": "analyzer",
        "options": "options",
        "addOrg": "add-org",
        "addTenant": "add-tenant",
        "saveDomains": "save-domains",
        "triage": "triage"
      },
      "storage": {
        "settings": "settings",
        "tenantDomains": "tenantDomains",
        "dismissed": "dismissed",
        "expanded": "expanded",
        "bannerPrefix": "banner:",
        "tabPrefix": "tab:",
        "triageCountPrefix": "triage-count:"
      },
      "commands": { "toggleScreenShare": "toggle-screen-share" },
      "defaults": { "lang": "auto", "redact": true, "format": "markdown", "screenShare": false },
      "choices": { "lang": ["auto", "en", "ja"], "format": ["markdown", "text"] }
    }
    // END PROTOCOL JSON
  );

  // One registry per global, under a symbol: in the MAIN world the hook takes it and deletes it
  // before any page script runs, so the page never sees it; elsewhere it stays for the other parts,
  // which add theirs to it (api.js, settings.js): this file comes first everywhere.
  const KEY = Symbol.for('caldoctor.shared');
  const shared = Object.getOwnPropertyDescriptor(globalThis, KEY)?.value ?? {};
  Object.defineProperty(globalThis, KEY, { value: shared, configurable: true });
  /** @type {<T extends object>(value: T) => Readonly<T>} */
  const freeze = (value) => {
    for (const inner of Object.values(value)) if (inner && typeof inner === 'object') freeze(inner);
    return Object.freeze(value);
  };
  shared.protocol = freeze(PROTOCOL);
})();

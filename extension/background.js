// Relay between the page adapter (content script), the banner frames and the toolbar popup.
// Runs as Chromium's module service worker and as Firefox's module event page. Only runtime
// messaging is trusted: page scripts cannot reach it, unlike window.postMessage.
//
//   adapter → put, forget, paused?     the frame's data, a banner that left, this tab's pause
//   frame   → get                      answers the stored payload
//   frame   → height, dismiss          forwarded to the adapter of the frame's tab; kept for the
//                                      popup, and counted on the toolbar badge
//   popup   → summary, reveal, pause   the tab's banners; a dismissed banner shown again and
//                                      scrolled to; the extension paused or resumed on that tab
//   command toggle-screen-share        flips screen-share mode (unless a policy sets it)
//   (lists goes from an extension page to the adapter directly: not the relay's, left unanswered)
// Each message's shape is a typedef in shared/protocol.js.
//
// Payloads and banner records are kept in memory and in storage.session (when the browser has
// it), so a service worker stopped between two messages still answers.
import './shared/protocol.js';
import './shared/api.js';
import './shared/settings.js';

const { protocol, api, settings } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
const { messages, storage, commands } = protocol;
const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 1000;
/** @type {Map<string, unknown>} */
const memory = new Map();

/** @param {number} tabId @param {string} id */
const payloadKey = (tabId, id) => `${storage.bannerPrefix}${tabId}:${id}`;
/** @param {number} tabId */
const tabKey = (tabId) => `${storage.tabPrefix}${tabId}`;
/** @param {unknown} value */
const text = (value) => (typeof value === 'string' ? value.slice(0, MAX_TEXT_LENGTH) : '');

/**
 * The latest operation in each queue: a storage.session key's writes (a put is answered before
 * its write lands, so a forget right after it must wait for it), a tab's notices to its adapter
 * (noticeQueue).
 * @type {Map<string, Promise<unknown>>}
 */
const queues = new Map();

/**
 * Runs `operation` once every earlier one of the queue `key` has ended, failed or not: the
 * operations of one queue run in the order they were queued. Resolves to its result.
 * @template T
 * @param {string} key
 * @param {() => Promise<T> | T} operation
 * @returns {Promise<T>}
 */
function inTurn(key, operation) {
  const done = (queues.get(key) ?? Promise.resolve()).then(operation);
  const ended = done.catch(() => {});
  queues.set(key, ended);
  void ended.then(() => {
    if (queues.get(key) === ended) queues.delete(key);
  });
  return done;
}

/**
 * Runs `operation` once every earlier write of `key` has landed. A failure is no one's to
 * handle: over storage.session's quota (10 MB in Chromium) the value is kept in memory only, and
 * a key removed that was never stored there had memory as its only copy.
 * @param {string} key
 * @param {() => Promise<void> | undefined} operation
 */
const write = (key, operation) => inTurn(key, operation).catch(() => {});

/** @param {number} tabId  the queue of the tab's frame notices (not a storage key) */
const noticeQueue = (tabId) => `notices:${tabId}`;

/**
 * @param {string} key
 * @param {unknown} value
 */
async function store(key, value) {
  memory.set(key, value);
  await write(key, () => api.storage?.session?.set({ [key]: value }));
}

/** @param {string} key */
async function drop(key) {
  memory.delete(key);
  await write(key, () => api.storage?.session?.remove([key]));
}

/** @param {string} key */
async function load(key) {
  if (memory.has(key)) return memory.get(key);
  const stored = await api.storage?.session?.get(key);
  return stored?.[key] ?? null;
}

/**
 * The tab's record.
 * @param {number} tabId
 * @returns {Promise<TabRecord>}
 */
async function tabRecord(tabId) {
  return /** @type {TabRecord | null} */ (await load(tabKey(tabId))) ?? { paused: false, banners: {} };
}

/**
 * Applies `change` to the tab's record; stores it and redraws the badge only when it changed
 * (a frame reports its height on every resize).
 * @param {number} tabId
 * @param {(record: TabRecord) => void} change
 */
async function updateTab(tabId, change) {
  const record = await tabRecord(tabId);
  const before = JSON.stringify(record);
  change(record);
  if (JSON.stringify(record) === before) return record;
  await store(tabKey(tabId), record);
  await showBadge(tabId, record);
  return record;
}

/**
 * The number of subjects with open findings on the toolbar icon; "II" while paused.
 * @param {number} tabId
 * @param {TabRecord} record
 */
async function showBadge(tabId, record) {
  const open = Object.values(record.banners).filter((b) => b.state).length;
  const badge = record.paused ? 'II' : open ? String(open) : '';
  try {
    await api.action.setBadgeBackgroundColor({ tabId, color: record.paused ? '#6b6b6b' : '#c2261b' });
    await api.action.setBadgeText({ tabId, text: badge });
  } catch (_) {
    // The tab closed meanwhile.
  }
}

/** @param {unknown} id @returns {id is string} */
const validId = (id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;
/** @param {unknown} tabId @returns {tabId is number} */
const validTab = (tabId) => Number.isInteger(tabId) && Number(tabId) >= 0;

/**
 * Sends the adapter of `tabId` (its top frame) a notice.
 * @param {number} tabId
 * @param {AdapterNotice} notice
 */
const tellAdapter = (tabId, notice) => api.tabs.sendMessage(tabId, notice, { frameId: 0 });

/**
 * Messages from a content script or a banner frame: they are about the tab they come from. The
 * types say what a well-formed one holds; every field is checked, any page may be behind it.
 * @param {TabRequest} message
 * @param {number} tabId
 * @returns {Promise<Ok | PausedAnswer | PayloadAnswer | null>}
 */
async function fromTab(message, tabId) {
  if (message.type === messages.paused) return { paused: (await tabRecord(tabId)).paused };
  if (!validId(message.id)) return null;
  if (message.type === messages.height || message.type === messages.dismiss) return fromFrame(message, tabId);
  if (message.type === messages.forget && !(await known(tabId, message.id))) return null;
  switch (message.type) {
    case messages.put:
      // Answered once in memory, where `get` reads first: the frame is refreshed on this answer,
      // and storage.session's copy (for a restarted worker) takes milliseconds more.
      void store(payloadKey(tabId, message.id), message.payload);
      return { ok: true };
    case messages.get:
      return { payload: /** @type {BannerPayload | null} */ (await load(payloadKey(tabId, message.id))) };
    case messages.forget: {
      const { id } = message;
      await drop(payloadKey(tabId, id)); // each banner has its own id: kept, it would stay until the tab closes
      await updateTab(tabId, (record) => delete record.banners[id]);
      return { ok: true };
    }
    default:
      return null;
  }
}

/**
 * Whether `id` is a banner the adapter of `tabId` put and has not forgotten. A frame speaks only
 * for such a banner: the page can embed banner.html (a web-accessible resource) with any id, and
 * must not add banners to the tab.
 * @param {number} tabId
 * @param {string} id
 */
const known = async (tabId, id) => (await load(payloadKey(tabId, id))) !== null;

/**
 * A frame's report or Dismiss: told to the adapter in the order the tab's frames sent them, and
 * before the popup's record is kept (a storage.session write, the badge). A first report changes
 * that record and a next one at another width does not: told after its bookkeeping, the first
 * would overtake the second, and the adapter would keep a height measured at the wrong width.
 * @param {HeightRequest | DismissRequest} message
 * @param {number} tabId
 * @returns {Promise<Ok | null>}
 */
async function fromFrame(message, tabId) {
  const { id } = message;
  const height = message.type === messages.height ? message : null;
  /** @type {FrameNotice} */
  const forwarded = { type: message.type, id, height: Number(height?.height) || 0, width: Number(height?.width) || 0, state: text(height?.state) };
  const told = await inTurn(noticeQueue(tabId), async () => {
    if (!(await known(tabId, id))) return false;
    // A tab that navigated meanwhile has no adapter to tell; its popup record is still kept.
    await tellAdapter(tabId, forwarded).catch(() => {});
    return true;
  });
  if (!told) return null;
  await updateTab(tabId, (record) => {
    const banner = record.banners[id] ?? { state: '', subject: '', summary: '', dismissed: false };
    if (height) {
      Object.assign(banner, { state: forwarded.state, subject: text(height.subject), summary: text(height.summary) });
    } else {
      banner.dismissed = true;
    }
    record.banners[id] = banner;
  });
  return { ok: true };
}

/**
 * Messages from the popup: they name the tab they are about.
 * @param {PopupRequest} message
 * @returns {Promise<SummaryAnswer | Ok | PauseAnswer | null>}
 */
async function fromPopup(message) {
  const { tabId } = message;
  if (!validTab(tabId)) return null;
  switch (message.type) {
    case messages.summary: {
      const record = await tabRecord(tabId);
      const banners = Object.entries(record.banners).map(([id, b]) => ({ id, ...b }));
      return { paused: record.paused, banners };
    }
    case messages.reveal: {
      const { id } = message;
      if (!validId(id)) return null;
      await updateTab(tabId, (record) => {
        if (record.banners[id]) record.banners[id].dismissed = false;
      });
      await tellAdapter(tabId, { type: messages.reveal, id });
      return { ok: true };
    }
    case messages.pause: {
      const paused = message.paused === true;
      await updateTab(tabId, (record) => {
        record.paused = paused;
        if (paused) record.banners = {};
      });
      await tellAdapter(tabId, { type: messages.pause, paused }).catch(() => {});
      return { ok: true, paused };
    }
    default:
      return null;
  }
}

/** @type {unknown[]} */
const POPUP_TYPES = [messages.summary, messages.reveal, messages.pause];

/**
 * @param {unknown} message  anything: checked before it is read as a request
 * @param {chrome.runtime.MessageSender} sender
 */
async function handle(message, sender) {
  if (!message || typeof message !== 'object' || !('type' in message) || sender.id !== api.runtime.id) return null;
  // The popup is an extension page, in the toolbar or (popup.html#tab=<id>) in a tab of its own.
  const extensionPage = typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL(''));
  if (POPUP_TYPES.includes(message.type)) return extensionPage ? fromPopup(/** @type {PopupRequest} */ (message)) : null;
  const tabId = sender.tab?.id;
  return tabId === undefined ? null : fromTab(/** @type {TabRequest} */ (message), tabId);
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type === messages.lists) return false; // the adapter's to answer, not the relay's
  handle(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error) }));
  return true; // the answer is asynchronous
});

/** Flips screen-share mode, unless the admin's policy decides it. */
async function toggleScreenShare() {
  const { screenShare, locked } = await settings.effectiveSettings();
  if (!locked.includes('screenShare')) await settings.saveSetting('screenShare', !screenShare);
}

api.commands?.onCommand.addListener((command) => {
  if (command === commands.toggleScreenShare) toggleScreenShare();
});

api.tabs.onRemoved.addListener((tabId) => {
  /** @param {string} key */
  const stale = (key) =>
    key === tabKey(tabId) || key === `${storage.triageCountPrefix}${tabId}` || key.startsWith(`${storage.bannerPrefix}${tabId}:`);
  for (const key of [...memory.keys()]) if (stale(key)) memory.delete(key);
  api.storage?.session?.get(null).then((all) => {
    const keys = Object.keys(all ?? {}).filter(stale);
    if (keys.length) api.storage.session.remove(keys);
  });
});

// Relay between the page adapter (content script), the banner frames and the toolbar popup.
// Runs as Chromium's service worker and as Firefox's event page. Only runtime messaging is
// trusted: page scripts cannot reach it, unlike window.postMessage.
//
//   adapter → {type:'put', id, payload}      stores the frame's data (the adapter then tells a live
//                                            frame to fetch it again)
//   adapter → {type:'forget', id}            the banner left the page (navigation)
//   adapter → {type:'paused?'}               whether the popup paused the extension on this tab
//   frame   → {type:'get', id}               answers the stored payload
//   frame   → {type:'height'|'dismiss', id, height?, state?, subject?, summary?}
//                                            forwarded to the adapter of the frame's tab; kept for
//                                            the popup, and counted on the toolbar badge
//   popup   → {type:'summary', tabId}        the tab's banners and whether it is paused
//   popup   → {type:'reveal', tabId, id}     shows a dismissed banner again and scrolls to it
//   popup   → {type:'pause', tabId, paused}  pauses or resumes the extension on that tab
//   command toggle-screen-share              flips screen-share mode (unless a policy sets it)
//
// Payloads and banner records are kept in memory and in storage.session (when the browser has
// it), so a service worker stopped between two messages still answers.

const api = globalThis.browser ?? globalThis.chrome;
const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 1000;
const memory = new Map();

const payloadKey = (tabId, id) => `banner:${tabId}:${id}`;
const tabKey = (tabId) => `tab:${tabId}`;
const text = (value) => (typeof value === 'string' ? value.slice(0, MAX_TEXT_LENGTH) : '');

async function store(key, value) {
  memory.set(key, value);
  try {
    await api.storage?.session?.set({ [key]: value });
  } catch (_) {
    // Over storage.session's quota (10 MB in Chromium): kept in memory only.
  }
}

async function load(key) {
  if (memory.has(key)) return memory.get(key);
  const stored = await api.storage?.session?.get(key);
  return stored?.[key] ?? null;
}

/** The tab's record: `{ paused, banners: { [id]: { state, subject, summary, dismissed } } }`. */
async function tabRecord(tabId) {
  return (await load(tabKey(tabId))) ?? { paused: false, banners: {} };
}

/**
 * Applies `change` to the tab's record; stores it and redraws the badge only when it changed
 * (a frame reports its height on every resize).
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

/** The number of subjects with open findings on the toolbar icon; "II" while paused. */
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

const validId = (id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;
const validTab = (tabId) => Number.isInteger(tabId) && tabId >= 0;

/** Messages from a content script or a banner frame: they are about the tab they come from. */
async function fromTab(message, tabId) {
  if (message.type === 'paused?') return { paused: (await tabRecord(tabId)).paused };
  if (!validId(message.id)) return null;
  switch (message.type) {
    case 'put':
      await store(payloadKey(tabId, message.id), message.payload);
      return { ok: true };
    case 'get':
      return { payload: await load(payloadKey(tabId, message.id)) };
    case 'forget':
      await updateTab(tabId, (record) => delete record.banners[message.id]);
      return { ok: true };
    case 'height':
    case 'dismiss': {
      const forwarded = { type: message.type, id: message.id, height: Number(message.height) || 0, state: text(message.state) };
      await updateTab(tabId, (record) => {
        const banner = record.banners[message.id] ?? { state: '', subject: '', summary: '', dismissed: false };
        if (message.type === 'height') {
          Object.assign(banner, { state: forwarded.state, subject: text(message.subject), summary: text(message.summary) });
        } else {
          banner.dismissed = true;
        }
        record.banners[message.id] = banner;
      });
      await api.tabs.sendMessage(tabId, forwarded, { frameId: 0 });
      return { ok: true };
    }
    default:
      return null;
  }
}

/** Messages from the popup: they name the tab they are about. */
async function fromPopup(message) {
  const { tabId } = message;
  if (!validTab(tabId)) return null;
  switch (message.type) {
    case 'summary': {
      const record = await tabRecord(tabId);
      const banners = Object.entries(record.banners).map(([id, b]) => ({ id, ...b }));
      return { paused: record.paused, banners };
    }
    case 'reveal':
      if (!validId(message.id)) return null;
      await updateTab(tabId, (record) => {
        if (record.banners[message.id]) record.banners[message.id].dismissed = false;
      });
      await api.tabs.sendMessage(tabId, { type: 'reveal', id: message.id }, { frameId: 0 });
      return { ok: true };
    case 'pause': {
      const paused = message.paused === true;
      await updateTab(tabId, (record) => {
        record.paused = paused;
        if (paused) record.banners = {};
      });
      await api.tabs.sendMessage(tabId, { type: 'pause', paused }, { frameId: 0 }).catch(() => {});
      return { ok: true, paused };
    }
    default:
      return null;
  }
}

const POPUP_TYPES = ['summary', 'reveal', 'pause'];

async function handle(message, sender) {
  if (!message || typeof message !== 'object' || sender.id !== api.runtime.id) return null;
  // The popup is an extension page, in the toolbar or (popup.html#tab=<id>) in a tab of its own.
  const extensionPage = typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL(''));
  if (POPUP_TYPES.includes(message.type)) return extensionPage ? fromPopup(message) : null;
  const tabId = sender.tab?.id;
  return tabId === undefined ? null : fromTab(message, tabId);
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error) }));
  return true; // the answer is asynchronous
});

async function toggleScreenShare() {
  let managed = {};
  try {
    managed = (await api.storage.managed.get('screenShare')) ?? {};
  } catch (_) {
    // No policy (Firefox rejects then).
  }
  if (typeof managed.screenShare === 'boolean') return; // the admin's policy decides
  const { settings } = await api.storage.local.get('settings');
  await api.storage.local.set({ settings: { ...(settings ?? {}), screenShare: !settings?.screenShare } });
}

api.commands?.onCommand.addListener((command) => {
  if (command === 'toggle-screen-share') toggleScreenShare();
});

api.tabs.onRemoved.addListener((tabId) => {
  const stale = (key) => key === tabKey(tabId) || key.startsWith(`banner:${tabId}:`);
  for (const key of [...memory.keys()]) if (stale(key)) memory.delete(key);
  api.storage?.session?.get(null).then((all) => {
    const keys = Object.keys(all ?? {}).filter(stale);
    if (keys.length) api.storage.session.remove(keys);
  });
});

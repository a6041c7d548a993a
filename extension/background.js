// Relay between the page adapter (content script) and the banner frames. Runs as Chromium's
// service worker and as Firefox's event page. Only chrome.runtime messaging is trusted: page
// scripts cannot reach it, unlike window.postMessage.
//
//   adapter → {type:'put', id, payload}     stores the frame's data (the adapter then tells a live
//                                           frame to fetch it again by bumping its URL fragment)
//   frame   → {type:'get', id}              answers the stored payload
//   frame   → {type:'height'|'dismiss', id, height?, state?} forwarded to the adapter of the frame's tab
//
// Payloads are kept in memory and in storage.session (when the browser has it), so a service
// worker that was stopped between the adapter's put and the frame's get still answers.

const api = globalThis.browser ?? globalThis.chrome;
const MAX_ID_LENGTH = 200;
const MAX_STATE_LENGTH = 1000;
const payloads = new Map();

function sessionKey(tabId, id) {
  return `banner:${tabId}:${id}`;
}

async function remember(tabId, id, payload) {
  payloads.set(sessionKey(tabId, id), payload);
  try {
    await api.storage?.session?.set({ [sessionKey(tabId, id)]: payload });
  } catch (_) {
    // Over storage.session's quota (10 MB in Chromium): kept in memory only.
  }
}

async function recall(tabId, id) {
  const key = sessionKey(tabId, id);
  if (payloads.has(key)) return payloads.get(key);
  const stored = await api.storage?.session?.get(key);
  return stored?.[key] ?? null;
}

function validId(id) {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;
}

async function handle(message, sender) {
  const tabId = sender.tab?.id;
  if (!message || typeof message !== 'object' || !validId(message.id) || tabId === undefined) return null;
  switch (message.type) {
    case 'put':
      await remember(tabId, message.id, message.payload);
      return { ok: true };
    case 'get':
      return { payload: await recall(tabId, message.id) };
    case 'height':
    case 'dismiss':
      await api.tabs.sendMessage(
        tabId,
        {
          type: message.type,
          id: message.id,
          height: Number(message.height) || 0,
          state: typeof message.state === 'string' ? message.state.slice(0, MAX_STATE_LENGTH) : '',
        },
        { frameId: 0 },
      );
      return { ok: true };
    default:
      return null;
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error) }));
  return true; // the answer is asynchronous
});

api.tabs.onRemoved.addListener((tabId) => {
  const prefix = `banner:${tabId}:`;
  for (const key of [...payloads.keys()]) if (key.startsWith(prefix)) payloads.delete(key);
  api.storage?.session?.get(null).then((all) => {
    const stale = Object.keys(all ?? {}).filter((key) => key.startsWith(prefix));
    if (stale.length) api.storage.session.remove(stale);
  });
});

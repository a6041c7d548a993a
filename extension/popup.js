// The toolbar popup. Rust renders it (render_popup) from the background's record of this tab;
// this wires its [data-action] elements to the extension APIs, which only a script can reach.
import init, { render_popup } from './wasm/caldoctor.js';

const api = globalThis.browser ?? globalThis.chrome;
const { effectiveSettings, uiLanguage, saveSetting } = globalThis.caldoctorSettings;
const root = document.getElementById('popup');

/**
 * The tab the popup is about: the active one, or the one `popup.html#tab=<id>` names (the popup
 * opened in a tab of its own, as keyboard users and the browser tests do).
 */
async function targetTab() {
  const named = /^#tab=(\d+)$/.exec(location.hash);
  if (named) return api.tabs.get(Number(named[1]));
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  return active;
}

async function show() {
  const tab = await targetTab();
  const settings = await effectiveSettings();
  const summary = tab ? await api.runtime.sendMessage({ type: 'summary', tabId: tab.id }) : null;
  render_popup(
    root,
    {
      paused: summary?.paused ?? false,
      banners: summary?.banners ?? [],
      screenShare: settings.screenShare,
      screenShareLocked: settings.locked.includes('screenShare'),
    },
    uiLanguage(settings),
  );
  for (const element of root.querySelectorAll('[data-action]')) {
    const action = element.dataset.action;
    const event = element.type === 'checkbox' ? 'change' : 'click';
    element.addEventListener(event, () => act(action, element, tab).catch(fail));
  }
}

async function act(action, element, tab) {
  if (action === 'reveal') {
    await api.runtime.sendMessage({ type: 'reveal', tabId: tab.id, id: element.dataset.id });
    await api.tabs.update(tab.id, { active: true });
    closePopup();
  } else if (action === 'pause') {
    await api.runtime.sendMessage({ type: 'pause', tabId: tab.id, paused: element.checked });
    await show();
  } else if (action === 'screen-share') {
    await saveSetting('screenShare', element.checked);
  } else if (action === 'analyzer') {
    await api.tabs.create({ url: api.runtime.getURL('analyzer.html') });
    closePopup();
  } else if (action === 'options') {
    await api.runtime.openOptionsPage();
    closePopup();
  }
}

/** Closes the toolbar popup after an action; a popup opened in a tab of its own stays. */
function closePopup() {
  if (!location.hash.startsWith('#tab=')) window.close();
}

function fail(error) {
  const line = document.createElement('p');
  line.className = 'error';
  line.textContent = String(error?.message ?? error);
  root.append(line);
}

try {
  await init();
  await show();
} catch (error) {
  fail(error);
}

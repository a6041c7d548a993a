// The toolbar popup. Rust renders it (render_popup) from the background's record of this tab;
// this wires its [data-action] elements to the extension APIs, which only a script can reach.
import init, { render_popup } from './wasm/caldoctor.js';

const { protocol, api, settings: { effectiveSettings, uiLanguage, saveSetting } } = /** @type {CaldoctorShared} */ (
  Reflect.get(globalThis, Symbol.for('caldoctor.shared'))
);
const { messages, actions } = protocol;
const root = /** @type {HTMLElement} */ (document.getElementById('popup')); // in popup.html

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
  const tabId = (await targetTab())?.id;
  const settings = await effectiveSettings();
  /** @type {SummaryAnswer | null} */
  const summary = tabId === undefined ? null : await api.runtime.sendMessage(/** @satisfies {SummaryRequest} */ ({ type: messages.summary, tabId }));
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
  // Rust renders buttons and checkboxes: an input's `type` and `checked` say which.
  for (const element of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('[data-action]'))) {
    const action = element.dataset.action;
    const event = element.type === 'checkbox' ? 'change' : 'click';
    element.addEventListener(event, () => act(action, element, tabId).catch(fail));
  }
}

/**
 * @param {string | undefined} action
 * @param {HTMLInputElement} element
 * @param {number | undefined} tabId  the tab the popup is about, if any
 */
async function act(action, element, tabId) {
  if (action === actions.reveal && tabId !== undefined) {
    await api.runtime.sendMessage(/** @satisfies {RevealRequest} */ ({ type: messages.reveal, tabId, id: element.dataset.id ?? '' }));
    await api.tabs.update(tabId, { active: true });
    closePopup();
  } else if (action === actions.pause && tabId !== undefined) {
    await api.runtime.sendMessage(/** @satisfies {PauseRequest} */ ({ type: messages.pause, tabId, paused: element.checked }));
    await show();
  } else if (action === actions.screenShare) {
    await saveSetting('screenShare', element.checked);
  } else if (action === actions.analyzer) {
    await api.tabs.create({ url: api.runtime.getURL('analyzer.html') });
    closePopup();
  } else if (action === actions.options) {
    await api.runtime.openOptionsPage();
    closePopup();
  }
}

/** Closes the toolbar popup after an action; a popup opened in a tab of its own stays. */
function closePopup() {
  if (!location.hash.startsWith('#tab=')) window.close();
}

/** @param {unknown} error */
function fail(error) {
  const line = document.createElement('p');
  line.className = 'error';
  line.textContent = error instanceof Error ? error.message : String(error);
  root.append(line);
}

try {
  await init();
  await show();
} catch (error) {
  fail(error);
}

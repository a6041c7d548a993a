// The toolbar popup. Rust renders it (render_popup) from the background's record of this tab;
// this wires its [data-action] elements to the extension APIs, which only a script can reach.
// Once rendered, it asks the tab's adapter for the org-wide lists it holds; when there are some,
// the link to the triage page appears, and the pages' worker counts their subjects in error.
import init, { render_popup } from './wasm/caldoctor_pages.js';

const { protocol, api, settings: { effectiveSettings, uiLanguage, saveSetting, tenantsFor } } = /** @type {CaldoctorShared} */ (
  Reflect.get(globalThis, Symbol.for('caldoctor.shared'))
);
const { messages, actions, storage, worker: WORKER } = protocol;
const root = /** @type {HTMLElement} */ (document.getElementById('popup')); // in popup.html
/** @type {import('./wasm/caldoctor_pages.js').PopupTriage | undefined} the triage link, once the tab has lists */
let triage;

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
      triage,
    },
    uiLanguage(settings),
  );
  // Rust renders buttons and checkboxes: an input's `type` and `checked` say which.
  for (const element of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('[data-action]'))) {
    const action = element.dataset.action;
    const event = element.type === 'checkbox' ? 'change' : 'click';
    element.addEventListener(event, (e) => {
      if (element.tagName === 'A') e.preventDefault(); // a link opens its page in a tab, not in the popup
      act(action, element, tabId).catch(fail);
    });
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
  } else if (action === actions.triage) {
    await api.tabs.create({ url: api.runtime.getURL(element.getAttribute('href') ?? '') });
    closePopup();
  }
}

/**
 * Adds the triage link when the tab's adapter holds org-wide lists, then says how many of their
 * subjects are in error, counted by the pages' worker so that a big org never blocks the popup.
 * The count is kept for the tab (storage.session) with the lists' versions and the tenants it was
 * counted with: opened again while they hold, the popup copies no list (up to tens of MiB) and
 * counts nothing. A tab without the adapter (not Control Hub) answers nothing: no link.
 */
async function offerTriage() {
  const tabId = (await targetTab())?.id;
  if (tabId === undefined) return;
  /** @param {ListsRequest} request */
  const ask = (request) => api.tabs.sendMessage(tabId, request, { frameId: 0 }).catch(() => undefined);
  /** @type {HeadsAnswer | undefined} */
  const heads = await ask({ type: messages.lists, headsOnly: true });
  const held = (heads?.orgs ?? []).filter((org) => org?.bodies);
  if (!held.length) return;
  const settings = await effectiveSettings();
  /** What a count holds for: the organisations' versions and the tenants it is counted with. */
  const countKey = (/** @type {OrgHead[]} */ orgs) => JSON.stringify(orgs.map(({ org, version }) => [org, version, tenantsFor(settings, org)]));
  const key = countKey(held);
  const recordKey = `${storage.triageCountPrefix}${tabId}`;
  const kept = /** @type {TriageCountRecord | undefined} */ ((await api.storage.session.get(recordKey))[recordKey]);
  /** The link's words from a count. */
  const linkOf = (/** @type {TriageCountRecord} */ count) => ({ tab: tabId, inError: count.inError, total: count.total, orgs: count.orgs });
  if (kept?.key === key) {
    triage = linkOf(kept);
    return show();
  }
  triage = { tab: tabId, counting: true };
  await show();
  /** @type {ListsAnswer | undefined} */
  const answer = await ask({ type: messages.lists });
  const orgs = (answer?.orgs ?? []).filter((org) => org?.inputs?.length);
  // What was counted is named by the versions the full answer carries (the tab may have received
  // more since the heads were read).
  const countedKey = countKey(orgs);
  const counter = new Worker('analyzer-worker.js', { type: 'module' });
  counter.addEventListener('message', ({ data }) => {
    if (data?.type !== WORKER.triageCounted) return;
    counter.terminate();
    /** @type {TriageCountedReply['counts']} */
    const counts = data.counts ?? [];
    const sum = (/** @type {'inError' | 'total'} */ key) => counts.reduce((total, count) => total + (count?.[key] ?? 0), 0);
    /** @type {TriageCountRecord} */
    const record = { key: countedKey, inError: sum('inError'), total: sum('total'), orgs: counts.length };
    triage = linkOf(record);
    show().catch(fail);
    api.storage.session.set({ [recordKey]: record }).catch(fail);
  });
  counter.postMessage(/** @satisfies {TriageCountRequest} */ ({
    type: WORKER.triageCount,
    orgs: orgs.map(({ org, inputs }) => ({ org, inputs, tenants: tenantsFor(settings, org) })),
  }));
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
  offerTriage().catch(fail);
} catch (error) {
  fail(error);
}

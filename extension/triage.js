// The triage page (triage.html, or triage.html#tab=<id> from the popup). Everything on it is Rust
// (start_triage); this starts it with the settings in force, asks the tab named in the URL for
// the org-wide lists its adapter holds, and passes settings changes on.
import init, { start_triage } from './wasm/caldoctor_pages.js';

const root = /** @type {HTMLElement} */ (document.getElementById('triage')); // in triage.html
const { api, protocol, settings: { effectiveSettings, diagnosisOptions, tenantsFor, changesSettings } } = /** @type {CaldoctorShared} */ (
  Reflect.get(globalThis, Symbol.for('caldoctor.shared'))
);

try {
  await init();
  let settings = await effectiveSettings();
  // Rust asks for an org's tenants at each triage: the settings in force then.
  const app = start_triage(root, diagnosisOptions(settings), (/** @type {string} */ org) => tenantsFor(settings, org));
  // Held for the life of the page: dropping it stops the worker and removes the listeners.
  globalThis.caldoctorTriage = app;
  api.storage.onChanged.addListener((changes, area) => {
    if (!changesSettings(changes, area)) return;
    effectiveSettings().then((now) => {
      settings = now;
      app.set_screen_share(now.screenShare);
      app.tenants_changed();
    });
  });
  const tab = /^#tab=(\d+)$/.exec(location.hash);
  if (tab) {
    app.asking();
    /** @type {Promise<ListsAnswer | undefined>} */
    const answer = api.tabs.sendMessage(Number(tab[1]), /** @satisfies {ListsRequest} */ ({ type: protocol.messages.lists }), { frameId: 0 });
    answer.then((lists) => app.set_lists(lists?.orgs ?? []), () => app.tab_unreachable());
  }
} catch (error) {
  const template = api?.i18n?.getMessage('banner_error') || 'Hybrid Calendar Doctor could not read this data: {error}';
  root.textContent = template.replace('{error}', error instanceof Error ? error.message : String(error));
}

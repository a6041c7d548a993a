// The analyzer page (analyzer.html). Everything on it is Rust (start_analyzer); this starts it
// with the settings in force (shared/settings.js, loaded before this module).
import init, { start_analyzer } from './wasm/caldoctor.js';

const root = /** @type {HTMLElement} */ (document.getElementById('analyzer')); // in analyzer.html
const { api, settings: { effectiveSettings, diagnosisOptions, changesSettings } } = /** @type {CaldoctorShared} */ (
  Reflect.get(globalThis, Symbol.for('caldoctor.shared'))
);

try {
  await init();
  // Held for the life of the page: dropping it stops the worker and removes the listeners.
  const analyzer = start_analyzer(root, diagnosisOptions(await effectiveSettings()));
  globalThis.caldoctorAnalyzer = analyzer;
  // Screen-share mode follows the popup, the options and the shortcut while files stay loaded.
  api.storage.onChanged.addListener((changes, area) => {
    if (changesSettings(changes, area)) effectiveSettings().then((now) => analyzer.set_screen_share(now.screenShare));
  });
} catch (error) {
  const template = api?.i18n?.getMessage('banner_error') || 'Hybrid Calendar Doctor could not read this data: {error}';
  root.textContent = template.replace('{error}', error instanceof Error ? error.message : String(error));
}

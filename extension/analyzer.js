// The analyzer page (analyzer.html). Everything on it is Rust (start_analyzer); this starts it
// with the settings in force (settings.js, loaded before this module).
import init, { start_analyzer } from './wasm/caldoctor.js';

const root = document.getElementById('analyzer');
const { effectiveSettings, uiLanguage } = globalThis.caldoctorSettings;

try {
  await init();
  const settings = await effectiveSettings();
  const { redact, format, screenShare } = settings;
  // Held for the life of the page: dropping it stops the worker and removes the listeners.
  const analyzer = start_analyzer(root, { lang: uiLanguage(settings), redact, format, screenShare });
  globalThis.caldoctorAnalyzer = analyzer;
  // Screen-share mode follows the popup, the options and the shortcut while files stay loaded.
  (globalThis.browser ?? globalThis.chrome).storage.onChanged.addListener(() => {
    effectiveSettings().then((now) => analyzer.set_screen_share(now.screenShare));
  });
} catch (error) {
  const i18n = (globalThis.browser ?? globalThis.chrome)?.i18n;
  const template = i18n?.getMessage('banner_error') || 'Hybrid Calendar Doctor could not read this data: {error}';
  root.textContent = template.replace('{error}', String(error?.message ?? error));
}

// The banner frame (banner.html#<id>). Everything else — fetching the payload from the
// background, rendering, reporting the height, updates and Dismiss — is Rust: start_banner.
import init, { start_banner } from './wasm/caldoctor_banner.js';

const { api } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));

// Both in banner.html.
const root = /** @type {HTMLElement} */ (document.getElementById('banner'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));

try {
  await init();
  // Held for the life of the frame: dropping it removes the banner's listeners.
  globalThis.caldoctorBanner = start_banner(root);
} catch (error) {
  // Only when the Wasm itself cannot start; payload problems are rendered by Rust.
  const template = api?.i18n?.getMessage('banner_error') || 'Hybrid Calendar Doctor could not read this data: {error}';
  status.textContent = template.replace('{error}', error instanceof Error ? error.message : String(error));
}

// The banner frame (banner.html#<id>). Everything else — fetching the payload from the
// background, rendering, reporting the height, updates and Dismiss — is Rust: start_banner.
import init, { start_banner } from './wasm/caldoctor.js';

const root = document.getElementById('banner');
const status = document.getElementById('status');

try {
  await init();
  // Held for the life of the frame: dropping it removes the banner's listeners.
  globalThis.caldoctorBanner = start_banner(root);
} catch (error) {
  // Only when the Wasm itself cannot start; payload problems are rendered by Rust.
  const i18n = (globalThis.browser ?? globalThis.chrome)?.i18n;
  const template = i18n?.getMessage('banner_error') || 'Hybrid Calendar Doctor could not read this data: {error}';
  status.textContent = template.replace('{error}', String(error?.message ?? error));
}

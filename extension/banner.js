// The banner frame (banner.html#<id>). Everything else — fetching the payload from the
// background, rendering, reporting the height, Details, updates and Dismiss — is Rust:
// start_banner. This glue stores the tenant domains the admin types into the banner (as the
// options do, through settings.js); the adapter sees the change and hands the frame its payload
// again, diagnosed with them.
import init, { start_banner } from './wasm/caldoctor.js';

const { api, protocol, settings } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));

// Both in banner.html.
const root = /** @type {HTMLElement} */ (document.getElementById('banner'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));

/** Stores what the banner's domains input holds for its organization. */
function saveDomains() {
  const input = /** @type {HTMLInputElement | null} */ (root.querySelector('input[data-org]'));
  const org = input?.getAttribute('data-org');
  const text = input?.value.trim();
  if (!input || !org || !text) return;
  const said = document.getElementById('copy-status');
  if (said) said.textContent = api.i18n.getMessage('banner_domains_saving');
  settings.setTenantDomains(org, text).catch((error) => {
    if (said) said.textContent = String(error);
  });
}

root.addEventListener('click', (event) => {
  const target = /** @type {Element} */ (event.target);
  if (target.closest?.(`[data-action="${protocol.actions.saveDomains}"]`)) saveDomains();
});
root.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && /** @type {Element} */ (event.target).matches?.('input[data-org]')) saveDomains();
});

try {
  await init();
  // Held for the life of the frame: dropping it removes the banner's listeners.
  globalThis.caldoctorBanner = start_banner(root);
} catch (error) {
  // Only when the Wasm itself cannot start; payload problems are rendered by Rust.
  const template = api?.i18n?.getMessage('banner_error') || 'Hybrid Calendar Doctor could not read this data: {error}';
  status.textContent = template.replace('{error}', error instanceof Error ? error.message : String(error));
}

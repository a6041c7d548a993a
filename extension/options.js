// The options page. Rust renders it (render_options) from the settings in force; this saves what
// the admin changes to storage.local (shared/settings.js) and renders again when storage changes.
import init, { render_options } from './wasm/caldoctor_pages.js';

const { protocol, api, settings: { effectiveSettings, uiLanguage, saveSetting, updateTenantDomains, changesSettings } } =
  /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
const root = /** @type {HTMLElement} */ (document.getElementById('options')); // in options.html
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function saved() {
  const status = root.querySelector('[data-caldoctor="status"]');
  if (status) status.textContent = api.i18n.getMessage('options_saved');
}

async function show() {
  const settings = await effectiveSettings();
  render_options(root, settings, uiLanguage(settings));
  // Rust renders checkboxes and selects for the settings, textareas and buttons for the domains.
  for (const control of /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */ (root.querySelectorAll('[data-setting]'))) {
    control.addEventListener('change', () => {
      const value = control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
      saveSetting(control.dataset.setting ?? '', value).then(saved, fail);
    });
  }
  for (const area of /** @type {NodeListOf<HTMLTextAreaElement>} */ (root.querySelectorAll('textarea[data-org]'))) {
    const org = area.dataset.org ?? '';
    area.addEventListener('change', () => updateTenantDomains((d) => (d[org] = area.value)).then(saved, fail));
  }
  for (const remove of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-remove-org]'))) {
    const org = remove.dataset.removeOrg ?? '';
    remove.addEventListener('click', () => updateTenantDomains((d) => delete d[org]).then(saved, fail));
  }
  root.querySelector(`[data-action="${protocol.actions.addOrg}"]`)?.addEventListener('click', () => {
    const field = (/** @type {string} */ selector) => /** @type {HTMLInputElement | HTMLTextAreaElement | null} */ (root.querySelector(selector));
    const org = (field('[data-new-org]')?.value ?? '').trim().toLowerCase();
    const domains = (field('[data-new-domains]')?.value ?? '').trim();
    if (!ORG_ID.test(org) || !domains) return fail(api.i18n.getMessage('options_org_id') + ': ' + org);
    updateTenantDomains((d) => (d[org] = domains)).then(saved, fail);
  });
}

/** @param {unknown} error */
function fail(error) {
  const status = root.querySelector('[data-caldoctor="status"]');
  if (status) status.textContent = error instanceof Error ? error.message : String(error);
}

// Changes of the settings (here, in another tab, from the shortcut, a learned tenant or a new
// policy) render the page again; other keys (dismissed banners) leave it alone.
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending;
api.storage.onChanged.addListener((changes, area) => {
  if (!changesSettings(changes, area)) return;
  clearTimeout(pending);
  pending = setTimeout(() => show().then(saved, fail), 50);
});

try {
  await init();
  await show();
} catch (error) {
  root.textContent = error instanceof Error ? error.message : String(error);
}

// The options page. Rust renders it (render_options) from the settings in force; this saves what
// the admin changes to storage.local (shared/settings.js) and renders again when storage changes.
import init, { render_options } from './wasm/caldoctor.js';

const { protocol, api, settings: { effectiveSettings, uiLanguage, saveSetting, updateTenantDomains, setTenantDomains, changesSettings } } =
  /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
const root = /** @type {HTMLElement} */ (document.getElementById('options')); // in options.html
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function saved() {
  const status = root.querySelector('[data-caldoctor="status"]');
  if (status) status.textContent = api.i18n.getMessage('options_saved');
}

/**
 * Calls `listener` on `event` of every element `selector` finds, with the element.
 * @template {HTMLElement} E
 * @param {string} selector
 * @param {string} event
 * @param {(element: E) => Promise<unknown> | void} listener
 */
function wire(selector, event, listener) {
  for (const element of /** @type {NodeListOf<E>} */ (root.querySelectorAll(selector))) {
    element.addEventListener(event, () => listener(element)?.then(saved, fail));
  }
}

/**
 * The text of the control `selector` finds in `root` ('' for none).
 * @param {string} selector
 */
const valueOf = (selector) => (/** @type {HTMLInputElement | HTMLTextAreaElement | null} */ (root.querySelector(selector))?.value ?? '').trim();

async function show() {
  const settings = await effectiveSettings();
  render_options(root, settings, uiLanguage(settings));
  // Rust renders checkboxes and selects for the settings; per org, a textarea, an "Unknown"
  // checkbox and a remove button per tenant, and a row to add one.
  wire('[data-setting]', 'change', (/** @type {HTMLInputElement | HTMLSelectElement} */ control) => {
    const value = control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
    return saveSetting(control.dataset.setting ?? '', value);
  });
  wire('textarea[data-tenant]', 'change', (/** @type {HTMLTextAreaElement} */ area) =>
    updateTenantDomains((orgs) => {
      const tenant = orgs[area.dataset.org ?? '']?.tenants[area.dataset.tenant ?? ''];
      if (tenant) tenant.domains = area.value;
    }));
  wire('[data-tenant-unknown]', 'change', (/** @type {HTMLInputElement} */ box) =>
    updateTenantDomains((orgs) => {
      const tenant = orgs[box.dataset.org ?? '']?.tenants[box.dataset.tenantUnknown ?? ''];
      if (tenant && box.checked) tenant.unknown = true;
      else if (tenant) delete tenant.unknown;
    }));
  wire('[data-remove-tenant]', 'click', (/** @type {HTMLElement} */ remove) =>
    updateTenantDomains((orgs) => void delete orgs[remove.dataset.org ?? '']?.tenants[remove.dataset.removeTenant ?? '']));
  wire('[data-remove-org]', 'click', (/** @type {HTMLElement} */ remove) =>
    updateTenantDomains((orgs) => void delete orgs[remove.dataset.removeOrg ?? '']));
  wire(`[data-action="${protocol.actions.addTenant}"]`, 'click', (/** @type {HTMLElement} */ add) => {
    const org = add.dataset.org ?? '';
    const name = valueOf(`[data-new-tenant][data-org="${CSS.escape(org)}"]`);
    const domains = valueOf(`[data-new-tenant-domains][data-org="${CSS.escape(org)}"]`);
    if (!domains) return;
    if (!name && Object.hasOwn(settings.tenantDomains[org]?.tenants ?? {}, '')) return fail(api.i18n.getMessage('options_tenant_name_needed'));
    return setTenantDomains(org, domains, name);
  });
  wire(`[data-action="${protocol.actions.addOrg}"]`, 'click', () => {
    const org = valueOf('[data-new-org]').toLowerCase();
    const domains = valueOf('[data-new-domains]');
    if (!ORG_ID.test(org) || !domains) return fail(api.i18n.getMessage('options_org_id') + ': ' + org);
    return setTenantDomains(org, domains);
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

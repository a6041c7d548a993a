// The options page. Rust renders it (render_options) from the settings in force; this saves what
// the admin changes to storage.local (settings.js) and renders again when storage changes.
import init, { render_options } from './wasm/caldoctor.js';

const api = globalThis.browser ?? globalThis.chrome;
const { effectiveSettings, uiLanguage, saveSetting } = globalThis.caldoctorSettings;
const root = document.getElementById('options');
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function learnedDomains() {
  return (await api.storage.local.get('tenantDomains')).tenantDomains ?? {};
}

async function saveDomains(change) {
  const domains = await learnedDomains();
  change(domains);
  await api.storage.local.set({ tenantDomains: domains });
}

function saved() {
  const status = root.querySelector('[data-caldoctor="status"]');
  if (status) status.textContent = api.i18n.getMessage('options_saved');
}

async function show() {
  const settings = await effectiveSettings();
  render_options(root, settings, uiLanguage(settings));
  for (const control of root.querySelectorAll('[data-setting]')) {
    control.addEventListener('change', () => {
      const value = control.type === 'checkbox' ? control.checked : control.value;
      saveSetting(control.dataset.setting, value).then(saved, fail);
    });
  }
  for (const area of root.querySelectorAll('textarea[data-org]')) {
    area.addEventListener('change', () => saveDomains((d) => (d[area.dataset.org] = area.value.slice(0, 4000))).then(saved, fail));
  }
  for (const remove of root.querySelectorAll('[data-remove-org]')) {
    remove.addEventListener('click', () => saveDomains((d) => delete d[remove.dataset.removeOrg]).then(saved, fail));
  }
  root.querySelector('[data-action="add-org"]')?.addEventListener('click', () => {
    const org = root.querySelector('[data-new-org]').value.trim().toLowerCase();
    const domains = root.querySelector('[data-new-domains]').value.trim();
    if (!ORG_ID.test(org) || !domains) return fail(api.i18n.getMessage('options_org_id') + ': ' + org);
    saveDomains((d) => (d[org] = domains.slice(0, 4000))).then(saved, fail);
  });
}

function fail(error) {
  const status = root.querySelector('[data-caldoctor="status"]');
  if (status) status.textContent = String(error?.message ?? error);
}

// Changes of the settings (here, in another tab, from the shortcut, a learned tenant or a new
// policy) render the page again; other keys (dismissed banners) leave it alone.
let pending = null;
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && !changes.settings && !changes.tenantDomains) return;
  clearTimeout(pending);
  pending = setTimeout(() => show().then(saved, fail), 50);
});

try {
  await init();
  await show();
} catch (error) {
  root.textContent = String(error?.message ?? error);
}

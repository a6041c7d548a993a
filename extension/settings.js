// Hybrid Calendar Doctor — settings, shared by every part (a classic script: content scripts
// cannot import modules; extension pages load it with <script src>). What options.html edits
// lives in storage.local ('settings', and 'tenantDomains' per organization); what an admin's
// policy presets lives in storage.managed (managed_schema.json) and wins over both.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;

  const DEFAULTS = Object.freeze({ lang: 'auto', redact: true, format: 'markdown', screenShare: false });
  const VALID = {
    lang: (v) => ['auto', 'en', 'ja'].includes(v),
    redact: (v) => typeof v === 'boolean',
    format: (v) => ['markdown', 'text'].includes(v),
    screenShare: (v) => typeof v === 'boolean',
  };
  const ANY_ORG = '*'; // a policy's tenant domains for every organization without its own

  /** The admin's policy, or {} where there is none (Firefox rejects without one). */
  async function policy() {
    try {
      return (await api.storage.managed.get(null)) ?? {};
    } catch (_) {
      return {};
    }
  }

  /** `{ text }` per organization id, from a policy: strings or lists of domains. */
  function policyDomains(value) {
    const out = {};
    if (!value || typeof value !== 'object') return out;
    for (const [org, domains] of Object.entries(value)) {
      const text = Array.isArray(domains) ? domains.filter((d) => typeof d === 'string').join('\n') : domains;
      if (typeof text === 'string' && text.trim()) out[org.toLowerCase()] = text.slice(0, 4000);
    }
    return out;
  }

  /**
   * The settings in force: `{ lang, redact, format, screenShare, locked: [keys set by policy],
   * tenantDomains: {org: text}, lockedOrgs: [orgs set by policy] }`.
   */
  async function effectiveSettings() {
    const [stored, managed] = await Promise.all([api.storage.local.get(['settings', 'tenantDomains']), policy()]);
    const local = stored?.settings ?? {};
    const out = { ...DEFAULTS, locked: [] };
    for (const key of Object.keys(DEFAULTS)) {
      if (VALID[key](local[key])) out[key] = local[key];
      if (VALID[key](managed[key])) {
        out[key] = managed[key];
        out.locked.push(key);
      }
    }
    const fromPolicy = policyDomains(managed.tenantDomains);
    out.tenantDomains = { ...(stored?.tenantDomains ?? {}), ...fromPolicy };
    out.lockedOrgs = Object.keys(fromPolicy);
    return out;
  }

  /** The tenant domains for `org` (text as Tenant details lists them), or undefined. */
  function domainsFor(settings, org) {
    return settings.tenantDomains[org] ?? settings.tenantDomains[ANY_ORG];
  }

  /** The language to speak: the chosen one, else `pageLang` (Control Hub's), else the browser's. */
  function uiLanguage(settings, pageLang) {
    if (settings.lang !== 'auto') return settings.lang;
    return pageLang || globalThis.navigator?.language || 'en';
  }

  /** Stores one setting (ignored when invalid). */
  async function saveSetting(key, value) {
    if (!VALID[key]?.(value)) return;
    const { settings } = await api.storage.local.get('settings');
    await api.storage.local.set({ settings: { ...(settings ?? {}), [key]: value } });
  }

  globalThis.caldoctorSettings = { DEFAULTS, effectiveSettings, domainsFor, uiLanguage, saveSetting };
})();

// Hybrid Calendar Doctor — the settings in force, for every part (a classic script: content
// scripts cannot import modules). What options.html edits lives in storage.local (the settings,
// and the tenant domains per organization); what an admin's policy presets lives in
// storage.managed (managed_schema.json) and wins over both. Keys, defaults and valid values come
// from protocol.js; loaded after it and api.js, it joins their registry as `settings`.

/**
 * The settings in force.
 * @typedef {Settings & {
 *   locked: (keyof Settings)[],
 *   tenantDomains: Record<string, string>,
 *   lockedOrgs: string[],
 * }} EffectiveSettings  `locked`: the keys a policy sets; `tenantDomains`: org id (or "*") → the
 *   domains as Tenant details lists them; `lockedOrgs`: the organizations a policy sets
 */

/**
 * What the settings give every diagnosis: the banner's context and the analyzer's start.
 * @typedef {Pick<BannerContext, 'lang' | 'redact' | 'format' | 'screenShare'>} DiagnosisOptions
 */

/**
 * @typedef {object} SettingsApi
 * @property {Readonly<Settings>} DEFAULTS
 * @property {() => Promise<EffectiveSettings>} effectiveSettings
 * @property {(settings: EffectiveSettings, org: string) => string | undefined} domainsFor
 * @property {(settings: EffectiveSettings, pageLang?: string) => string} uiLanguage
 * @property {(settings: EffectiveSettings, pageLang?: string) => DiagnosisOptions} diagnosisOptions
 * @property {(key: string, value: unknown) => Promise<void>} saveSetting
 * @property {(change: (domains: Record<string, string>) => void) => Promise<void>} updateTenantDomains
 * @property {(changes: Record<string, unknown>, area: string) => boolean} changesSettings
 */

(() => {
  'use strict';
  const shared = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
  const { protocol, api } = shared;
  const { defaults: DEFAULTS, storage } = protocol;
  /** @type {Record<string, unknown>} */
  const DEFAULT_VALUES = DEFAULTS;
  /** @type {Record<string, unknown[] | undefined>} */
  const CHOICES = protocol.choices;
  const ANY_ORG = '*'; // a policy's tenant domains for every organization without its own
  const MAX_DOMAINS_TEXT = 4000;

  /**
   * Whether `value` may be the setting `key`: one of its choices, else of its default's type.
   * @param {string} key
   * @param {unknown} value
   */
  function valid(key, value) {
    if (!Object.hasOwn(DEFAULT_VALUES, key)) return false;
    return CHOICES[key]?.includes(value) ?? typeof value === typeof DEFAULT_VALUES[key];
  }

  /** The admin's policy, or {} where there is none (Firefox rejects without one). */
  async function policy() {
    try {
      return (await api.storage.managed.get(null)) ?? {};
    } catch (_) {
      return {};
    }
  }

  /**
   * `{ [org]: text }` from a policy's tenant domains: strings or lists of domains.
   * @param {unknown} value
   */
  function policyDomains(value) {
    /** @type {Record<string, string>} */
    const out = {};
    if (!value || typeof value !== 'object') return out;
    for (const [org, domains] of Object.entries(value)) {
      const text = Array.isArray(domains) ? domains.filter((d) => typeof d === 'string').join('\n') : domains;
      if (typeof text === 'string' && text.trim()) out[org.toLowerCase()] = text.slice(0, MAX_DOMAINS_TEXT);
    }
    return out;
  }

  /** @returns {Promise<EffectiveSettings>} */
  async function effectiveSettings() {
    const [stored, managed] = await Promise.all([api.storage.local.get([storage.settings, storage.tenantDomains]), policy()]);
    // Read, not trusted: any value that is not a valid setting is ignored below.
    const local = /** @type {Record<string, unknown>} */ (stored?.[storage.settings] ?? {});
    /** @type {Record<string, unknown>} */
    const chosen = { ...DEFAULTS };
    /** @type {string[]} */
    const locked = [];
    for (const key of Object.keys(DEFAULTS)) {
      if (valid(key, local[key])) chosen[key] = local[key];
      if (valid(key, managed[key])) {
        chosen[key] = managed[key];
        locked.push(key);
      }
    }
    const fromPolicy = policyDomains(managed[storage.tenantDomains]);
    const tenantDomains = { ...(stored?.[storage.tenantDomains] ?? {}), ...fromPolicy };
    // Every key of Settings is in `chosen`, each valid: what the type says.
    return /** @type {EffectiveSettings} */ ({ ...chosen, locked, tenantDomains, lockedOrgs: Object.keys(fromPolicy) });
  }

  /**
   * The tenant domains for `org` (text as Tenant details lists them), or undefined.
   * @param {EffectiveSettings} settings
   * @param {string} org
   */
  function domainsFor(settings, org) {
    return settings.tenantDomains[org] ?? settings.tenantDomains[ANY_ORG];
  }

  /**
   * The language to speak: the chosen one, else `pageLang` (Control Hub's), else the browser's.
   * @param {EffectiveSettings} settings
   * @param {string} [pageLang]
   */
  function uiLanguage(settings, pageLang) {
    if (settings.lang !== 'auto') return settings.lang;
    return pageLang || globalThis.navigator?.language || 'en';
  }

  /**
   * The settings' part of every diagnosis, the one step from options to context: the banner's
   * context (with the page's facts) and the analyzer's start take exactly this.
   * @param {EffectiveSettings} settings
   * @param {string} [pageLang]
   * @returns {DiagnosisOptions}
   */
  function diagnosisOptions(settings, pageLang) {
    const { redact, format, screenShare } = settings;
    return { lang: uiLanguage(settings, pageLang), redact, format, screenShare };
  }

  /**
   * Stores one setting (ignored when invalid).
   * @param {string} key
   * @param {unknown} value
   */
  async function saveSetting(key, value) {
    if (!valid(key, value)) return;
    const stored = await api.storage.local.get(storage.settings);
    await api.storage.local.set({ [storage.settings]: { ...(stored?.[storage.settings] ?? {}), [key]: value } });
  }

  /**
   * Applies `change` to the stored tenant domains (learned from Tenant details, or typed).
   * @param {(domains: Record<string, string>) => void} change
   */
  async function updateTenantDomains(change) {
    const stored = await api.storage.local.get(storage.tenantDomains);
    /** @type {Record<string, string>} */
    const domains = { ...(stored?.[storage.tenantDomains] ?? {}) };
    change(domains);
    for (const org of Object.keys(domains)) domains[org] = String(domains[org]).slice(0, MAX_DOMAINS_TEXT);
    await api.storage.local.set({ [storage.tenantDomains]: domains });
  }

  /**
   * Whether a storage.onChanged event may change the settings in force: a policy, or the stored
   * settings or tenant domains (not the dismissals, nor the background's per-tab records).
   * @param {Record<string, unknown>} changes
   * @param {string} area
   */
  function changesSettings(changes, area) {
    if (area === 'managed') return true;
    return area === 'local' && (storage.settings in changes || storage.tenantDomains in changes);
  }

  /** @type {SettingsApi} */
  const settings = {
    DEFAULTS, effectiveSettings, domainsFor, uiLanguage, diagnosisOptions, saveSetting, updateTenantDomains, changesSettings,
  };
  shared.settings = settings;
})();

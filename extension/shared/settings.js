// Hybrid Calendar Doctor — the settings in force, for every part (a classic script: content
// scripts cannot import modules). What options.html edits lives in storage.local (the settings,
// and the Microsoft 365 tenants per organization); what an admin's policy presets lives in
// storage.managed (managed_schema.json) and wins over both. Keys, defaults and valid values come
// from protocol.js; loaded after it and api.js, it joins their registry as `settings`.

/**
 * One Microsoft 365 tenant of an organization, as Tenant details showed it or an admin typed it.
 * @typedef {object} StoredTenant
 * @property {string} name  what Control Hub calls it ('' when it showed no name)
 * @property {string} domains  its domains as Tenant details lists them, one per line
 * @property {boolean} [unknown]  Control Hub shows it as "Unknown" (to re-authorize)
 * @property {string} [learnedAt]  when the adapter read it (ISO time); absent when typed
 */
/**
 * An organization's tenants by key (the tenant's id or name as the panel shows it; '' for the one
 * tenant of an org whose panel showed neither): storage.local's `tenantDomains[org]`.
 * @typedef {{ tenants: Record<string, StoredTenant> }} OrgTenants
 */
/**
 * A tenant as the banner's context takes it (src/view/payload.rs `PageTenant`).
 * @typedef {{ name?: string, domains: string, unknown?: boolean }} BannerTenant
 */
/**
 * What the Tenant details panel shows of one tenant (content/tenant-details.js).
 * @typedef {{ key: string, name: string, domains: string, unknown: boolean }} TenantReading
 */

/**
 * The settings in force.
 * @typedef {Settings & {
 *   locked: (keyof Settings)[],
 *   tenantDomains: Record<string, OrgTenants>,
 *   lockedOrgs: string[],
 * }} EffectiveSettings  `locked`: the keys a policy sets; `tenantDomains`: org id (or "*") → its
 *   tenants; `lockedOrgs`: the organizations a policy sets
 */

/**
 * What the settings give every diagnosis: the banner's context and the analyzer's start.
 * @typedef {Pick<BannerContext, 'lang' | 'redact' | 'format' | 'screenShare'>} DiagnosisOptions
 */

/**
 * @typedef {object} SettingsApi
 * @property {Readonly<Settings>} DEFAULTS
 * @property {() => Promise<EffectiveSettings>} effectiveSettings
 * @property {(settings: EffectiveSettings, org: string) => BannerTenant[] | undefined} tenantsFor
 * @property {(settings: EffectiveSettings, pageLang?: string) => string} uiLanguage
 * @property {(settings: EffectiveSettings, pageLang?: string) => DiagnosisOptions} diagnosisOptions
 * @property {(key: string, value: unknown) => Promise<void>} saveSetting
 * @property {(change: (orgs: Record<string, OrgTenants>) => void) => Promise<void>} updateTenantDomains
 * @property {(org: string, text: string, tenant?: string) => Promise<void>} setTenantDomains
 * @property {(org: string, reading: TenantReading) => Promise<boolean>} learnTenant
 * @property {(value: unknown) => OrgTenants | null} readOrgTenants
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
  const POLICY_TENANTS = 'tenants'; // the policy's { [org]: { [tenant name]: domains } }
  const MAX_DOMAINS_TEXT = 4000;
  const MAX_TENANTS = 50; // per organization
  const MAX_NAME = 200;

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
   * Domains as text, one per line, from a text or a list of domains; null for anything else.
   * @param {unknown} value
   */
  function domainsText(value) {
    const text = Array.isArray(value) ? value.filter((d) => typeof d === 'string').join('\n') : value;
    return typeof text === 'string' ? text.slice(0, MAX_DOMAINS_TEXT) : null;
  }

  /**
   * A stored tenant, checked; null when `value` is not one.
   * @param {unknown} value
   * @returns {StoredTenant | null}
   */
  function readTenant(value) {
    if (!value || typeof value !== 'object') return null;
    const { name, domains, unknown, learnedAt } = /** @type {Record<string, unknown>} */ (value);
    const text = domainsText(domains);
    if (text === null) return null;
    /** @type {StoredTenant} */
    const tenant = { name: typeof name === 'string' ? name.slice(0, MAX_NAME) : '', domains: text };
    if (unknown === true) tenant.unknown = true;
    if (typeof learnedAt === 'string') tenant.learnedAt = learnedAt.slice(0, 40);
    return tenant;
  }

  /**
   * An organization's tenants as stored, or null when `value` cannot be read. The first shape,
   * `{ [org]: "domains" }` (one tenant), reads as that org's one tenant without a name: nothing
   * learned or typed before several tenants is lost, and the next write stores the new shape.
   * @param {unknown} value
   * @returns {OrgTenants | null}
   */
  function readOrgTenants(value) {
    const text = domainsText(value);
    if (text !== null) return { tenants: text.trim() ? { '': { name: '', domains: text } } : {} };
    const tenants = value && typeof value === 'object' ? /** @type {{ tenants?: unknown }} */ (value).tenants : null;
    if (!tenants || typeof tenants !== 'object' || Array.isArray(tenants)) return null;
    /** @type {Record<string, StoredTenant>} */
    const out = {};
    for (const [key, stored] of Object.entries(tenants).slice(0, MAX_TENANTS)) {
      const tenant = readTenant(stored);
      if (tenant) out[key.slice(0, MAX_NAME)] = tenant;
    }
    return { tenants: out };
  }

  /**
   * `{ [org]: tenants }` from a policy: `tenantDomains` gives an org's domains as text, a list,
   * or `{ [tenant name]: text | list }`; `tenants` (the form Chrome's schema can declare) gives
   * `{ [org]: { [tenant name]: text } }`. The word "Unknown" marks a tenant to re-authorize.
   * @param {Record<string, unknown>} managed
   */
  function policyTenants(managed) {
    /** @type {Record<string, OrgTenants>} */
    const out = {};
    for (const source of [managed[storage.tenantDomains], managed[POLICY_TENANTS]]) {
      if (!source || typeof source !== 'object') continue;
      for (const [org, value] of Object.entries(source)) {
        const key = org.toLowerCase();
        const named = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [['', value]];
        for (const [name, domains] of named) {
          const text = domainsText(domains);
          if (!text?.trim()) continue;
          out[key] ??= { tenants: {} };
          out[key].tenants[name.slice(0, MAX_NAME)] = { name: name.slice(0, MAX_NAME), domains: text };
        }
      }
    }
    return out;
  }

  /**
   * Every organization's tenants in storage.local's value, the unreadable ones left out.
   * @param {unknown} stored
   */
  function storedOrgs(stored) {
    /** @type {Record<string, OrgTenants>} */
    const out = {};
    if (!stored || typeof stored !== 'object') return out;
    for (const [org, value] of Object.entries(stored)) {
      const tenants = readOrgTenants(value);
      if (tenants) out[org] = tenants;
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
    const fromPolicy = policyTenants(managed);
    const tenantDomains = { ...storedOrgs(stored?.[storage.tenantDomains]), ...fromPolicy };
    // Every key of Settings is in `chosen`, each valid: what the type says.
    return /** @type {EffectiveSettings} */ ({ ...chosen, locked, tenantDomains, lockedOrgs: Object.keys(fromPolicy) });
  }

  /**
   * The tenants of `org` (else, while it has none, the policy's "*") as the banner's context takes them, or
   * undefined when none is known. A tenant without a name is named by its key.
   * @param {EffectiveSettings} settings
   * @param {string} org
   * @returns {BannerTenant[] | undefined}
   */
  function tenantsFor(settings, org) {
    const own = settings.tenantDomains[org];
    const known = Object.keys(own?.tenants ?? {}).length ? own : settings.tenantDomains[ANY_ORG];
    const tenants = Object.entries(known?.tenants ?? {}).map(([key, { name, domains, unknown }]) => ({
      ...(name || key ? { name: name || key } : {}),
      domains,
      ...(unknown ? { unknown } : {}),
    }));
    return tenants.length ? tenants : undefined;
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
   * Applies `change` to the stored tenants of every organization (learned from Tenant details,
   * or typed), read in the current shape; an org set to a text (the first shape) becomes its one
   * tenant. Orgs that cannot be read are kept as they were.
   * @param {(orgs: Record<string, OrgTenants>) => void} change
   */
  function updateTenantDomains(change) {
    return serially(() => writeTenants(change));
  }

  /** @type {Promise<unknown>} the last read-modify-write of the tenants in this context */
  let lastWrite = Promise.resolve();

  /**
   * Runs `task` after every earlier one of this context: each reads, changes and writes the whole
   * tenants value, so two at once (two panels read in a row) would lose one's change.
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  function serially(task) {
    const run = lastWrite.then(task, task);
    lastWrite = run.catch(() => {});
    return run;
  }

  /** @param {(orgs: Record<string, OrgTenants>) => void} change */
  async function writeTenants(change) {
    const stored = /** @type {Record<string, unknown>} */ ((await api.storage.local.get(storage.tenantDomains))?.[storage.tenantDomains] ?? {});
    const orgs = storedOrgs(stored);
    change(orgs);
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [org, value] of Object.entries(stored)) if (readOrgTenants(value) === null) out[org] = value;
    for (const [org, value] of Object.entries(orgs)) {
      const tenants = readOrgTenants(value);
      if (tenants) out[org] = tenants;
    }
    await api.storage.local.set({ [storage.tenantDomains]: out });
  }

  /**
   * Stores `text` as the domains of `org`'s tenant `tenant` (its key: the name or id Control Hub
   * shows; '' for an org's one unnamed tenant), as Tenant details lists them or an admin types
   * them; a blank text forgets that tenant. The easy call for typed domains.
   * @param {string} org
   * @param {string} text
   * @param {string} [tenant]
   */
  function setTenantDomains(org, text, tenant = '') {
    return updateTenantDomains((orgs) => {
      const tenants = (orgs[org] ??= { tenants: {} }).tenants;
      if (!text.trim()) delete tenants[tenant];
      else tenants[tenant] = { ...tenants[tenant], name: tenants[tenant]?.name || tenant, domains: text };
    });
  }

  /**
   * A domain list's domains, lower case, without "(default)": to tell two readings of one tenant.
   * @param {string} text
   */
  const domainSet = (text) => new Set(text.toLowerCase().split(/[\s,;]+/).filter((d) => d.includes('.')));

  /**
   * Stores what Tenant details showed of one tenant of `org`; resolves to whether it changed
   * anything (an unchanged reading writes nothing). A domain is verified in one Microsoft 365
   * tenant only, so a stored tenant sharing a domain with the reading is that tenant read or typed
   * before (unnamed, or renamed): the reading replaces it, and an unnamed reading keeps its name.
   * @param {string} org
   * @param {TenantReading} reading
   */
  function learnTenant(org, reading) {
    return serially(() => learn(org, reading));
  }

  /**
   * @param {string} org
   * @param {TenantReading} reading
   */
  async function learn(org, reading) {
    const stored = await api.storage.local.get(storage.tenantDomains);
    const tenants = storedOrgs(stored?.[storage.tenantDomains])[org]?.tenants ?? {};
    const read = domainSet(reading.domains);
    const same = Object.keys(tenants).filter((key) => key !== reading.key && [...domainSet(tenants[key].domains)].some((d) => read.has(d)));
    const key = reading.key || same[0] || '';
    const old = tenants[key];
    const name = reading.name || old?.name || '';
    if (old && same.every((k) => k === key) && old.domains === reading.domains && old.name === name && Boolean(old.unknown) === reading.unknown) {
      return false;
    }
    await writeTenants((orgs) => {
      const into = (orgs[org] ??= { tenants: {} }).tenants;
      for (const k of same) if (k !== key) delete into[k];
      into[key] = { name, domains: reading.domains, ...(reading.unknown ? { unknown: true } : {}), learnedAt: new Date().toISOString() };
    });
    return true;
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
    DEFAULTS, effectiveSettings, tenantsFor, uiLanguage, diagnosisOptions, saveSetting, updateTenantDomains, setTenantDomains,
    learnTenant, readOrgTenants, changesSettings,
  };
  shared.settings = settings;
})();

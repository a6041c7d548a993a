// shared/settings.js in a plain Node context with a fake storage: defaults, what options stored, what a
// policy (storage.managed) presets winning over both, invalid values ignored, the tenants of each
// organization (the first shape { [org]: "domains" } migrated on read, never lost) merged with the
// policy's, its "*" for the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';

import { runScripts, sharedOf } from './harness/extension-scripts.mjs';

const ORG = '1eb65fdf-9643-417f-9974-ad72cae0e10f';

function load({ local = {}, managed = null } = {}) {
  const store = new Map(Object.entries(local));
  const chrome = {
    storage: {
      local: {
        get: async (keys) => Object.fromEntries([keys].flat().filter((k) => store.has(k)).map((k) => [k, store.get(k)])),
        set: async (items) => Object.entries(items).forEach(([k, v]) => store.set(k, v)),
      },
      managed: {
        get: async () => {
          if (!managed) throw new Error('Managed storage manifest not found');
          return managed;
        },
      },
    },
  };
  const context = vm.createContext({ chrome, navigator: { language: 'ja-JP' } });
  runScripts(context, ['shared/protocol.js', 'shared/api.js', 'shared/settings.js']);
  return { settings: sharedOf(context).settings, store };
}
const plain = (value) => JSON.parse(JSON.stringify(value));

test('defaults without storage or policy', async () => {
  const { settings } = load();
  const s = plain(await settings.effectiveSettings());
  assert.deepEqual(s, { lang: 'auto', redact: true, format: 'markdown', screenShare: false, locked: [], tenantDomains: {}, lockedOrgs: [] });
  assert.equal(settings.uiLanguage(s, 'en'), 'en', "auto: Control Hub's language");
  assert.equal(settings.uiLanguage(s), 'ja-JP', "auto without a page: the browser's");
});

test('stored options apply; invalid ones are ignored', async () => {
  const { settings, store } = load({ local: { settings: { lang: 'ja', redact: false, format: 'html', screenShare: 'yes' } } });
  const s = await settings.effectiveSettings();
  assert.equal(s.lang, 'ja');
  assert.equal(s.redact, false);
  assert.equal(s.format, 'markdown');
  assert.equal(s.screenShare, false);
  assert.equal(settings.uiLanguage(s, 'en'), 'ja');
  await settings.saveSetting('screenShare', true);
  await settings.saveSetting('format', '<script>');
  assert.deepEqual(plain(store.get('settings')), { lang: 'ja', redact: false, format: 'html', screenShare: true });
});

test('a policy wins and locks; its tenants (and "*") join the learned ones', async () => {
  const { settings } = load({
    local: { settings: { screenShare: false, lang: 'en' }, tenantDomains: { [ORG]: 'learned.com', other: 'x.com' } },
    managed: {
      screenShare: true,
      redact: 'no',
      tenantDomains: { [ORG.toUpperCase()]: ['rtpcloudcollab.com', 'ciscolive.us'], '*': 'fallback.com', several: { Contoso: ['contoso.com'], Old: 'Unknown' } },
      tenants: { chrome: { Fabrikam: 'fabrikam.com\nfabrikam.onmicrosoft.com' } },
    },
  });
  const s = await settings.effectiveSettings();
  assert.equal(s.screenShare, true);
  assert.equal(s.redact, true, 'an invalid policy value is ignored');
  assert.deepEqual(plain(s.locked), ['screenShare']);
  assert.deepEqual(plain(settings.tenantsFor(s, ORG)), [{ domains: 'rtpcloudcollab.com\nciscolive.us' }]);
  assert.deepEqual(plain(settings.tenantsFor(s, 'other')), [{ domains: 'x.com' }]);
  assert.deepEqual(plain(settings.tenantsFor(s, 'unknown-org')), [{ domains: 'fallback.com' }]);
  const emptied = { ...s, tenantDomains: { ...s.tenantDomains, emptied: { tenants: {} } } };
  assert.deepEqual(plain(settings.tenantsFor(emptied, 'emptied')), [{ domains: 'fallback.com' }], 'an org whose tenants were all removed: "*"');
  assert.deepEqual(plain(settings.tenantsFor(s, 'several')), [{ name: 'Contoso', domains: 'contoso.com' }, { name: 'Old', domains: 'Unknown' }]);
  assert.deepEqual(plain(settings.tenantsFor(s, 'chrome')), [{ name: 'Fabrikam', domains: 'fabrikam.com\nfabrikam.onmicrosoft.com' }]);
  assert.deepEqual(plain(s.lockedOrgs), [ORG, '*', 'several', 'chrome']);
  const none = await load().settings.effectiveSettings();
  assert.equal(settings.tenantsFor(none, ORG), undefined);
});

test('the settings part of every diagnosis: language, redaction, format, screen-share mode', async () => {
  const { settings } = load({ local: { settings: { redact: false, format: 'text' } }, managed: { screenShare: true } });
  const s = await settings.effectiveSettings();
  assert.deepEqual(plain(settings.diagnosisOptions(s, 'ja')), { lang: 'ja', redact: false, format: 'text', screenShare: true });
  assert.deepEqual(plain(settings.diagnosisOptions(await load().settings.effectiveSettings(), 'en')), {
    lang: 'en', redact: true, format: 'markdown', screenShare: false,
  });
});

test('the first shape { [org]: "domains" } reads as the org\'s one tenant and is stored anew at the next write', async () => {
  const { settings, store } = load({ local: { tenantDomains: { [ORG]: 'a.com (default)\nb.com', other: 'c.com', broken: 42 } } });
  const s = await settings.effectiveSettings();
  assert.deepEqual(plain(s.tenantDomains[ORG]), { tenants: { '': { name: '', domains: 'a.com (default)\nb.com' } } });
  assert.equal(s.tenantDomains.broken, undefined, 'unreadable: not used');
  await settings.setTenantDomains('new-org', 'typed.example');
  assert.deepEqual(plain(store.get('tenantDomains')), {
    [ORG]: { tenants: { '': { name: '', domains: 'a.com (default)\nb.com' } } },
    other: { tenants: { '': { name: '', domains: 'c.com' } } },
    broken: 42, // kept as it was: nothing stored is lost
    'new-org': { tenants: { '': { name: '', domains: 'typed.example' } } },
  });
  // An old-style write (compact's banner input, any caller of the first API) still lands.
  await settings.updateTenantDomains((orgs) => {
    orgs.other = 'd.com';
  });
  assert.deepEqual(plain(store.get('tenantDomains').other), { tenants: { '': { name: '', domains: 'd.com' } } });
});

test('learned tenants: per tenant key, the unnamed earlier reading replaced, nothing written when unchanged', async () => {
  const { settings, store } = load({ local: { tenantDomains: { [ORG]: 'rtpcloudcollab.com (default)\nciscolive.us' } } });
  const rtp = { key: '6d1f0c3a-9b8e-4f27-a5d4-3e2c1b0a9f87', name: 'RTP Cloud Collab', domains: 'rtpcloudcollab.com (default)\nciscolive.us', unknown: false };
  const events = { key: 'Cisco Live Events', name: 'Cisco Live Events', domains: 'ciscolive.com', unknown: false };
  const old = { key: 'Unknown', name: 'Unknown', domains: '', unknown: true };
  assert.equal(await settings.learnTenant(ORG, rtp), true);
  assert.equal(await settings.learnTenant(ORG, events), true);
  assert.equal(await settings.learnTenant(ORG, old), true);
  const tenants = store.get('tenantDomains')[ORG].tenants;
  assert.deepEqual(Object.keys(tenants), [rtp.key, events.key, 'Unknown'], 'the unnamed first reading of RTP is gone');
  assert.match(tenants[rtp.key].learnedAt, /^\d{4}-\d\d-\d\dT/);
  assert.equal(tenants.Unknown.unknown, true);
  const before = JSON.stringify(store.get('tenantDomains'));
  assert.equal(await settings.learnTenant(ORG, events), false);
  assert.equal(JSON.stringify(store.get('tenantDomains')), before, 'unchanged: not written');
  // An unnamed reading of a known tenant updates it under its key and name.
  assert.equal(await settings.learnTenant(ORG, { key: '', name: '', domains: 'ciscolive.com\nevents.example', unknown: false }), true);
  assert.deepEqual(plain(store.get('tenantDomains')[ORG].tenants[events.key]).domains, 'ciscolive.com\nevents.example');
  assert.equal(store.get('tenantDomains')[ORG].tenants[''], undefined);
  const s = await settings.effectiveSettings();
  assert.deepEqual(plain(settings.tenantsFor(s, ORG)), [
    { name: 'RTP Cloud Collab', domains: rtp.domains },
    { name: 'Cisco Live Events', domains: 'ciscolive.com\nevents.example' },
    { name: 'Unknown', domains: '', unknown: true },
  ]);
});

test('tenants are updated in place, bounded; only settings changes count as such', async () => {
  const { settings, store } = load({ local: { tenantDomains: { [ORG]: 'a.com', other: 'b.com' } } });
  await settings.updateTenantDomains((orgs) => {
    orgs[ORG].tenants[''].domains = 'x'.repeat(5000);
    delete orgs.other;
  });
  assert.deepEqual(Object.keys(store.get('tenantDomains')), [ORG]);
  assert.equal(store.get('tenantDomains')[ORG].tenants[''].domains.length, 4000);
  await settings.setTenantDomains(ORG, ' ');
  assert.deepEqual(plain(store.get('tenantDomains')[ORG]), { tenants: {} }, 'a blank text forgets the tenant');
  const s = await settings.effectiveSettings();
  assert.equal(settings.tenantsFor(s, ORG), undefined, 'an org without tenants has none');
  assert.equal(settings.changesSettings({ settings: {} }, 'local'), true);
  assert.equal(settings.changesSettings({ tenantDomains: {} }, 'local'), true);
  assert.equal(settings.changesSettings({ anything: {} }, 'managed'), true, 'a new policy');
  assert.equal(settings.changesSettings({ dismissed: {} }, 'local'), false);
  assert.equal(settings.changesSettings({ 'tab:1': {} }, 'session'), false);
});

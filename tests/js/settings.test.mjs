// shared/settings.js in a plain Node context with a fake storage: defaults, what options stored, what a
// policy (storage.managed) presets winning over both, invalid values ignored, tenant domains
// merged per organization with the policy's "*" for the others.
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

test('a policy wins and locks; its tenant domains (and "*") join the learned ones', async () => {
  const { settings } = load({
    local: { settings: { screenShare: false, lang: 'en' }, tenantDomains: { [ORG]: 'learned.com', other: 'x.com' } },
    managed: { screenShare: true, redact: 'no', tenantDomains: { [ORG.toUpperCase()]: ['rtpcloudcollab.com', 'ciscolive.us'], '*': 'fallback.com' } },
  });
  const s = await settings.effectiveSettings();
  assert.equal(s.screenShare, true);
  assert.equal(s.redact, true, 'an invalid policy value is ignored');
  assert.deepEqual(plain(s.locked), ['screenShare']);
  assert.equal(settings.domainsFor(s, ORG), 'rtpcloudcollab.com\nciscolive.us');
  assert.equal(settings.domainsFor(s, 'other'), 'x.com');
  assert.equal(settings.domainsFor(s, 'unknown-org'), 'fallback.com');
  assert.deepEqual(plain(s.lockedOrgs), [ORG, '*']);
});

test('the settings part of every diagnosis: language, redaction, format, screen-share mode', async () => {
  const { settings } = load({ local: { settings: { redact: false, format: 'text' } }, managed: { screenShare: true } });
  const s = await settings.effectiveSettings();
  assert.deepEqual(plain(settings.diagnosisOptions(s, 'ja')), { lang: 'ja', redact: false, format: 'text', screenShare: true });
  assert.deepEqual(plain(settings.diagnosisOptions(await load().settings.effectiveSettings(), 'en')), {
    lang: 'en', redact: true, format: 'markdown', screenShare: false,
  });
});

test('tenant domains are updated in place, bounded; only settings changes count as such', async () => {
  const { settings, store } = load({ local: { tenantDomains: { [ORG]: 'a.com', other: 'b.com' } } });
  await settings.updateTenantDomains((domains) => {
    domains[ORG] = 'x'.repeat(5000);
    delete domains.other;
  });
  assert.deepEqual(Object.keys(store.get('tenantDomains')), [ORG]);
  assert.equal(store.get('tenantDomains')[ORG].length, 4000);
  assert.equal(settings.changesSettings({ settings: {} }, 'local'), true);
  assert.equal(settings.changesSettings({ tenantDomains: {} }, 'local'), true);
  assert.equal(settings.changesSettings({ anything: {} }, 'managed'), true, 'a new policy');
  assert.equal(settings.changesSettings({ dismissed: {} }, 'local'), false);
  assert.equal(settings.changesSettings({ 'tab:1': {} }, 'session'), false);
});

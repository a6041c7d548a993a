// settings.js in a plain Node context with a fake storage: defaults, what options stored, what a
// policy (storage.managed) presets winning over both, invalid values ignored, tenant domains
// merged per organization with the policy's "*" for the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../../extension/settings.js', import.meta.url), 'utf8');
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
  vm.runInContext(SOURCE, context);
  return { settings: context.caldoctorSettings, store };
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

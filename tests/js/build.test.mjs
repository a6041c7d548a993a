// Tests of tools/build-extension.mjs: run it on a fixture tree (the real manifest.json, locales and
// icons, stub scripts and pages, a stub wasm-pkg) and check the four outputs and the two packages.
// Run with `node --test tests/js/`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { deflateSync, unzipSync } from 'fflate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'tools', 'build-extension.mjs');
const SOURCE = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const LOOPBACK = ['http://127.0.0.1/*', 'http://localhost/*'];
// Control Hub, also behind Microsoft Defender for Cloud Apps' proxy (its host plus a suffix).
const CONTROL_HUB = ['', '.mcas.ms', '.mcas-gov.us', '.mcas-gov.ms'].map((suffix) => `https://admin.webex.com${suffix}/*`);

let tmp, src, wasm, out;

function run(args, env = process.env) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env });
}

function build(outDir, { srcDir = src, wasmDir = wasm, manifest, env } = {}) {
  const args = ['--src', srcDir, '--wasm', wasmDir, '--out', outDir];
  if (manifest) {
    const file = join(tmp, `manifest-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(manifest));
    args.push('--manifest', file);
  }
  return run(args, env);
}

function write(file, content) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function listFiles(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

const manifestOf = (variant, dir = out) => JSON.parse(readFileSync(join(dir, variant, 'manifest.json'), 'utf8'));

/** The zip's files through fflate, in their stored order: { name: bytes }. */
const unzipped = (file) => unzipSync(readFileSync(file));

/**
 * The central directory's record of each entry, in order: what makes a zip reproducible
 * (times, attributes, the system it says it was made on) and the CRC of its data.
 */
function centralDirectory(buffer) {
  let eocd = buffer.length - 22;
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'no end-of-central-directory record');
  const records = [];
  let p = buffer.readUInt32LE(eocd + 16);
  for (let i = 0; i < buffer.readUInt16LE(eocd + 10); i++) {
    assert.equal(buffer.readUInt32LE(p), 0x02014b50, 'central directory header');
    const nameLength = buffer.readUInt16LE(p + 28);
    records.push({
      name: buffer.toString('utf8', p + 46, p + 46 + nameLength),
      madeBy: buffer.readUInt16LE(p + 4),
      method: buffer.readUInt16LE(p + 10),
      time: buffer.readUInt16LE(p + 12),
      date: buffer.readUInt16LE(p + 14),
      crc: buffer.readUInt32LE(p + 16),
      attributes: buffer.readUInt32LE(p + 38),
    });
    p += 46 + nameLength + buffer.readUInt16LE(p + 30) + buffer.readUInt16LE(p + 32);
  }
  return records;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'caldoctor-build-'));
  src = join(tmp, 'extension');
  wasm = join(tmp, 'wasm-pkg');
  out = join(tmp, 'dist');
  // The real locales and icons; stubs for every script the manifest names and for the pages the
  // web-accessible globs need; dotfiles that must be left out.
  cpSync(join(ROOT, 'extension', '_locales'), join(src, '_locales'), { recursive: true });
  cpSync(join(ROOT, 'extension', 'icons'), join(src, 'icons'), { recursive: true });
  const scripts = [
    ...(SOURCE.background?.scripts ?? []),
    SOURCE.background?.service_worker,
    ...SOURCE.content_scripts.flatMap((s) => s.js ?? []),
  ].filter(Boolean);
  for (const file of scripts) write(join(src, file), `// stub ${file}\n`);
  write(join(src, 'banner.html'), '<!doctype html><link rel="stylesheet" href="styles/banner.css"><script type="module" src="banner.js"></script>\n');
  for (const page of [SOURCE.action.default_popup, SOURCE.options_ui.page]) write(join(src, page), '<!doctype html><title>stub</title>\n');
  write(join(src, SOURCE.storage.managed_schema), '{"type": "object", "properties": {}}\n');
  write(join(src, 'banner.js'), 'import init from "./wasm/caldoctor_banner.js";\n');
  write(join(src, 'styles', 'banner.css'), 'body { margin: 0 }\n');
  write(join(src, '.DS_Store'), 'junk');
  write(join(src, 'styles', '.hidden.css'), 'junk');
  // The two modules, each in its folder (make wasm); incompressible bytes (stored in the zip)
  // next to compressible ones (deflated).
  for (const [name, seed] of [['banner', 2654435761], ['pages', 2246822519]]) {
    write(join(wasm, name, `caldoctor_${name}.js`), `export default function init() {} // ${name}\n`.repeat(50));
    write(join(wasm, name, `caldoctor_${name}_bg.wasm`), Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * seed) >>> 24))]));
  }

  const result = build(out);
  assert.equal(result.status, 0, `build failed: ${result.stderr}`);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

/** The source manifest as every output names the MAIN world's scripts: copies under page/. */
function withPageWorldCopies(manifest) {
  for (const script of manifest.content_scripts.filter((s) => s.world === 'MAIN')) {
    script.js = script.js.map((file) => (file.startsWith('page/') ? file : `page/${file}`));
  }
  return manifest;
}

test('chromium: service worker only, no browser_specific_settings, the rest as the source', () => {
  const m = manifestOf('chromium');
  assert.equal(m.browser_specific_settings, undefined);
  assert.deepEqual(m.background, { service_worker: 'background.js', type: 'module' });
  const expected = withPageWorldCopies(structuredClone(SOURCE));
  delete expected.browser_specific_settings;
  delete expected.background.scripts;
  assert.deepEqual(m, expected);
});

test('firefox: background scripts, gecko settings, no service worker nor Chromium-only keys', () => {
  const m = manifestOf('firefox');
  assert.deepEqual(m.background, { scripts: ['background.js'], type: 'module' });
  const gecko = m.browser_specific_settings.gecko;
  assert.match(gecko.id, /^[^@\s]+@[^@\s]+$/);
  assert.equal(gecko.strict_min_version, '140.0');
  assert.deepEqual(gecko.data_collection_permissions, { required: ['none'] });
  assert.equal(m.minimum_chrome_version, undefined);
  const expected = withPageWorldCopies(structuredClone(SOURCE));
  delete expected.background.service_worker;
  delete expected.minimum_chrome_version;
  assert.deepEqual(m, expected);
});

test('test variants add exactly the two loopback matches to every content script and resource entry', () => {
  for (const browser of ['chromium', 'firefox']) {
    const shipped = manifestOf(browser);
    const testing = manifestOf(`${browser}-test`);
    const lists = (m) => [...m.content_scripts, ...m.web_accessible_resources].map((e) => e.matches);
    assert.ok(lists(testing).length > 0);
    lists(testing).forEach((matches, i) => {
      assert.deepEqual(matches, [...lists(shipped)[i], ...LOOPBACK], `${browser}-test entry ${i}`);
    });
    // Nothing else differs: strip the loopback origins and the manifests are equal.
    const stripped = structuredClone(testing);
    for (const e of [...stripped.content_scripts, ...stripped.web_accessible_resources]) {
      e.matches = e.matches.filter((o) => !LOOPBACK.includes(o));
    }
    assert.deepEqual(stripped, shipped, `${browser}-test differs beyond the loopback matches`);
    // And the other files are the same bytes.
    const files = listFiles(join(out, browser)).filter((f) => f !== 'manifest.json');
    assert.deepEqual(listFiles(join(out, `${browser}-test`)).filter((f) => f !== 'manifest.json'), files);
    for (const f of files) {
      assert.ok(readFileSync(join(out, browser, f)).equals(readFileSync(join(out, `${browser}-test`, f))), f);
    }
  }
});

test('shipped manifests ask for storage only and reach Control Hub only', () => {
  for (const browser of ['chromium', 'firefox']) {
    const m = manifestOf(browser);
    const text = JSON.stringify(m);
    assert.deepEqual(m.permissions, ['storage'], browser);
    assert.equal(m.host_permissions, undefined, browser);
    assert.equal(m.optional_host_permissions, undefined, browser);
    assert.equal(m.optional_permissions, undefined, browser);
    assert.ok(!text.includes('<all_urls>'), `${browser}: <all_urls>`);
    assert.ok(!/webRequest/i.test(text), `${browser}: webRequest`);
    assert.ok(!text.includes('http://'), `${browser}: a plain-http origin ships`);
    for (const e of [...m.content_scripts, ...m.web_accessible_resources]) {
      assert.deepEqual(e.matches, CONTROL_HUB, browser);
    }
  }
});

test("web pages reach the banner frame and its module only, never the pages' module", () => {
  for (const browser of ['chromium', 'firefox']) {
    const resources = manifestOf(browser).web_accessible_resources.flatMap((e) => e.resources);
    assert.ok(resources.includes('banner.html'), browser);
    assert.deepEqual(resources.filter((r) => r.startsWith('wasm/')), ['wasm/caldoctor_banner.js', 'wasm/caldoctor_banner_bg.wasm'], browser);
  }
});

test('extension pages may compile Wasm and nothing looser', () => {
  for (const browser of ['chromium', 'firefox']) {
    const csp = manifestOf(browser).content_security_policy.extension_pages;
    const scriptSrc = csp.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === 'script-src');
    assert.deepEqual(scriptSrc, ['script-src', "'self'", "'wasm-unsafe-eval'"], browser);
    assert.match(csp, /object-src 'self'/);
  }
});

test('content scripts: the hook in the main world and the adapter, both at document_start, top frame only', () => {
  for (const browser of ['chromium', 'firefox']) {
    const [hook, adapter] = manifestOf(browser).content_scripts;
    // Its own copy of the shared file: Chromium runs a file named by two entries in one world only.
    assert.deepEqual(hook.js, ['page/shared/protocol.js', 'page/shared/endpoints.js', 'page/hook.js']);
    assert.equal(readFileSync(join(out, browser, 'page/shared/protocol.js'), 'utf8'), readFileSync(join(out, browser, 'shared/protocol.js'), 'utf8'));
    assert.equal(readFileSync(join(out, browser, 'page/shared/endpoints.js'), 'utf8'), readFileSync(join(out, browser, 'shared/endpoints.js'), 'utf8'));
    assert.equal(hook.world, 'MAIN');
    assert.equal(hook.run_at, 'document_start');
    assert.equal(hook.all_frames, false);
    // The shared files first; the adapter's parts share one isolated-world namespace; the wiring comes last.
    assert.deepEqual(adapter.js, ['shared/protocol.js', 'shared/endpoints.js', 'shared/api.js', 'shared/settings.js', 'content/inputs.js', 'content/page-context.js', 'content/placement.js', 'content/spacer.js', 'content/banner-frame.js', 'content/tenant-details.js', 'content/tenant-learning.js', 'content/channel.js', 'content/adapter.js']);
    assert.ok(adapter.world === undefined || adapter.world === 'ISOLATED');
    assert.equal(adapter.run_at, 'document_start');
    assert.ok(!adapter.all_frames);
  }
});

test("the MAIN world's shared scripts are copied byte for byte under page/", () => {
  const shared = SOURCE.content_scripts.find((s) => s.world === 'MAIN').js.filter((f) => !f.startsWith('page/'));
  assert.deepEqual(shared, ['shared/protocol.js', 'shared/endpoints.js']);
  for (const variant of ['chromium', 'firefox', 'chromium-test', 'firefox-test']) {
    for (const file of shared) {
      const copy = readFileSync(join(out, variant, 'page', file));
      assert.ok(copy.equals(readFileSync(join(src, file))), `${variant}: ${file}`);
    }
  }
  assert.ok(!existsSync(join(src, 'page', 'shared')), 'the sources hold no copies');
});

test('manifest version is the crate version', () => {
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const crate = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)[1];
  assert.equal(SOURCE.version, crate);
  assert.equal(manifestOf('chromium').version, crate);
  assert.equal(manifestOf('firefox').version, crate);
});

test('outputs hold the sources, both Wasm modules under wasm/, and no dotfiles', () => {
  for (const variant of ['chromium', 'firefox', 'chromium-test', 'firefox-test']) {
    const files = listFiles(join(out, variant));
    for (const f of ['banner.html', 'page/hook.js', 'content/adapter.js',
      '_locales/en/messages.json', '_locales/ja/messages.json', 'icons/icon-128.png', 'manifest.json']) {
      assert.ok(files.includes(f), `${variant}: ${f} missing`);
    }
    assert.deepEqual(files.filter((f) => f.startsWith('wasm/')),
      ['wasm/caldoctor_banner.js', 'wasm/caldoctor_banner_bg.wasm', 'wasm/caldoctor_pages.js', 'wasm/caldoctor_pages_bg.wasm']);
    for (const name of ['banner', 'pages']) {
      for (const file of [`caldoctor_${name}.js`, `caldoctor_${name}_bg.wasm`]) {
        assert.ok(readFileSync(join(out, variant, 'wasm', file)).equals(readFileSync(join(wasm, name, file))), `${variant}: ${file}`);
      }
    }
    assert.deepEqual(files.filter((f) => f.split('/').some((p) => p.startsWith('.'))), [], variant);
  }
});

test('zips hold manifest.json at the root and every file of their folder, byte for byte', () => {
  for (const browser of ['chromium', 'firefox']) {
    assert.ok(!existsSync(join(out, `${browser}-test.zip`)), 'test variants are never packaged');
    const files = unzipped(join(out, `${browser}.zip`));
    const names = Object.keys(files);
    assert.equal(names[0], 'manifest.json');
    const folder = listFiles(join(out, browser));
    assert.deepEqual(names.slice(1), folder.filter((f) => f !== 'manifest.json'), 'the rest in sorted order');
    for (const [name, data] of Object.entries(files)) {
      assert.ok(Buffer.from(data).equals(readFileSync(join(out, browser, name))), `${browser}.zip: ${name} differs`);
    }
  }
  const unzip = ['/usr/bin/unzip', '/bin/unzip'].find(existsSync);
  if (unzip) {
    for (const browser of ['chromium', 'firefox']) {
      const r = spawnSync(unzip, ['-tq', join(out, `${browser}.zip`)], { encoding: 'utf8' });
      assert.equal(r.status, 0, `unzip -t ${browser}.zip: ${r.stdout}${r.stderr}`);
    }
  }
});

test('zip entries: fixed time and attributes, made on Unix, deflated only where that is smaller, CRCs right', () => {
  for (const browser of ['chromium', 'firefox']) {
    const archive = readFileSync(join(out, `${browser}.zip`));
    const files = unzipped(join(out, `${browser}.zip`));
    for (const record of centralDirectory(archive)) {
      assert.equal(record.time, 0, `${record.name}: time 00:00:00`);
      assert.equal(record.date, (1 << 5) | 1, `${record.name}: date 1980-01-01`);
      assert.equal(record.madeBy >> 8, 3, `${record.name}: made on Unix`);
      assert.equal(record.attributes >>> 16, 0o100644, `${record.name}: a rw-r--r-- regular file`);
      const data = files[record.name];
      assert.equal(record.crc, zlib.crc32(data), `${record.name}: crc`);
      const deflates = deflateSync(data, { level: 9 }).length < data.length;
      assert.equal(record.method, deflates ? 8 : 0, `${record.name}: method`);
    }
    const methods = new Set(centralDirectory(archive).map((r) => r.method));
    assert.deepEqual([...methods].sort(), [0, 8], 'the fixture has stored and deflated entries');
  }
});

test('zips are reproducible: the same bytes in another time zone and from newer file times', () => {
  const again = join(tmp, 'dist-again');
  const elsewhere = { ...process.env, TZ: 'Pacific/Kiritimati' }; // UTC+14
  const touched = join(tmp, 'extension-touched');
  cpSync(src, touched, { recursive: true, preserveTimestamps: false });
  const result = build(again, { srcDir: touched, env: elsewhere });
  assert.equal(result.status, 0, result.stderr);
  for (const browser of ['chromium', 'firefox']) {
    assert.ok(readFileSync(join(out, `${browser}.zip`)).equals(readFileSync(join(again, `${browser}.zip`))), browser);
  }
});

test('each output is cleaned first', () => {
  const dir = join(tmp, 'dist-stale');
  write(join(dir, 'chromium', 'stale.js'), 'old');
  write(join(dir, 'firefox-test', 'old', 'stale.js'), 'old');
  const result = build(dir);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(!existsSync(join(dir, 'chromium', 'stale.js')));
  assert.ok(!existsSync(join(dir, 'firefox-test', 'old')));
});

test('a missing file the manifest names fails the build and names the file', () => {
  const broken = join(tmp, 'extension-without-adapter');
  cpSync(src, broken, { recursive: true });
  rmSync(join(broken, 'content', 'adapter.js'));
  const result = build(join(tmp, 'dist-broken'), { srcDir: broken });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /content\/adapter\.js/);
  assert.ok(!existsSync(join(tmp, 'dist-broken', 'chromium')), 'a broken output is left behind');
});

test('a typo in the manifest fails the build and names the file', () => {
  const typo = structuredClone(SOURCE);
  typo.icons['48'] = 'icons/icon48.png';
  const result = build(join(tmp, 'dist-typo'), { manifest: typo });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /icons\/icon48\.png/);
});

test('a web-accessible glob matching nothing fails the build', () => {
  const m = structuredClone(SOURCE);
  m.web_accessible_resources[0].resources.push('fonts/*');
  const result = build(join(tmp, 'dist-glob'), { manifest: m });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /fonts\/\*/);
});

test('an unknown __MSG_ key fails the build', () => {
  const m = structuredClone(SOURCE);
  m.action.default_title = '__MSG_no_such_message__';
  const result = build(join(tmp, 'dist-msg'), { manifest: m });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /no_such_message/);
});

test('a page loading a missing local file fails the build', () => {
  const broken = join(tmp, 'extension-bad-page');
  cpSync(src, broken, { recursive: true });
  write(join(broken, 'banner.html'), '<!doctype html><script type="module" src="banner-typo.js"></script>\n');
  const result = build(join(tmp, 'dist-page'), { srcDir: broken });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /banner-typo\.js/);
});

test('a missing wasm package tells to run make wasm', () => {
  const result = build(join(tmp, 'dist-nowasm'), { wasmDir: join(tmp, 'no-such-wasm-pkg') });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /make wasm/);
});

test('the icons are RGBA PNGs of their declared sizes', () => {
  const paths = { ...SOURCE.icons, ...SOURCE.action.default_icon };
  for (const [size, path] of Object.entries(paths)) {
    const png = readFileSync(join(ROOT, 'extension', path));
    assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), path);
    assert.equal(png.toString('latin1', 12, 16), 'IHDR', path);
    assert.equal(png.readUInt32BE(16), Number(size), `${path} width`);
    assert.equal(png.readUInt32BE(20), Number(size), `${path} height`);
    assert.equal(png[25], 6, `${path} colour type RGBA`);
  }
});

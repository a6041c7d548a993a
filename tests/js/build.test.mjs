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

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'tools', 'build-extension.mjs');
const SOURCE = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const LOOPBACK = ['http://127.0.0.1/*', 'http://localhost/*'];
const CONTROL_HUB = 'https://admin.webex.com/*';

let tmp, src, wasm, out;

function run(args) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

function build(outDir, { srcDir = src, wasmDir = wasm, manifest } = {}) {
  const args = ['--src', srcDir, '--wasm', wasmDir, '--out', outDir];
  if (manifest) {
    const file = join(tmp, `manifest-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(manifest));
    args.push('--manifest', file);
  }
  return run(args);
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

/** A minimal ZIP reader: entries in central-directory order, each checked against its CRC. */
function readZip(buffer) {
  let eocd = buffer.length - 22;
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'no end-of-central-directory record');
  const count = buffer.readUInt16LE(eocd + 10);
  let p = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buffer.readUInt32LE(p), 0x02014b50, 'central directory header');
    const method = buffer.readUInt16LE(p + 10);
    const crc = buffer.readUInt32LE(p + 16);
    const compressed = buffer.readUInt32LE(p + 20);
    const size = buffer.readUInt32LE(p + 24);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    const localOffset = buffer.readUInt32LE(p + 42);
    const name = buffer.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    p += 46 + nameLength + extraLength + commentLength;

    assert.equal(buffer.readUInt32LE(localOffset), 0x04034b50, `local header of ${name}`);
    const localName = buffer.subarray(localOffset + 30, localOffset + 30 + buffer.readUInt16LE(localOffset + 26));
    assert.equal(localName.toString('utf8'), name, 'local and central names agree');
    const start = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const body = buffer.subarray(start, start + compressed);
    assert.ok(method === 0 || method === 8, `${name}: method ${method}`);
    const data = method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body);
    assert.equal(data.length, size, `${name}: size`);
    assert.equal(zlib.crc32(data), crc, `${name}: crc`);
    entries.push({ name, data });
  }
  return entries;
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
  write(join(src, 'banner.js'), 'import init from "./wasm/caldoctor.js";\n');
  write(join(src, 'styles', 'banner.css'), 'body { margin: 0 }\n');
  write(join(src, '.DS_Store'), 'junk');
  write(join(src, 'styles', '.hidden.css'), 'junk');
  write(join(wasm, 'caldoctor.js'), 'export default function init() {}\n'.repeat(50));
  // Incompressible bytes (stored in the zip) next to compressible ones (deflated).
  write(join(wasm, 'caldoctor_bg.wasm'), Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24))]));

  const result = build(out);
  assert.equal(result.status, 0, `build failed: ${result.stderr}`);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

/** The source manifest as built: the isolated world's entry names its copies of the shared tables. */
function withIsolatedCopies(source) {
  const m = structuredClone(source);
  m.content_scripts[1].js = m.content_scripts[1].js.map((p) => p.replace(/^shared\/(\w+)\.js$/, 'shared/$1.isolated.js'));
  return m;
}

test('chromium: service worker only, no browser_specific_settings, the rest as the source', () => {
  const m = manifestOf('chromium');
  assert.equal(m.browser_specific_settings, undefined);
  assert.deepEqual(m.background, { service_worker: 'background.js' });
  const expected = withIsolatedCopies(SOURCE);
  delete expected.browser_specific_settings;
  delete expected.background.scripts;
  assert.deepEqual(m, expected);
});

test('firefox: background scripts, gecko settings, no service worker nor Chromium-only keys', () => {
  const m = manifestOf('firefox');
  assert.deepEqual(m.background, { scripts: ['background.js'] });
  const gecko = m.browser_specific_settings.gecko;
  assert.match(gecko.id, /^[^@\s]+@[^@\s]+$/);
  assert.equal(gecko.strict_min_version, '140.0');
  assert.deepEqual(gecko.data_collection_permissions, { required: ['none'] });
  assert.equal(m.minimum_chrome_version, undefined);
  const expected = withIsolatedCopies(SOURCE);
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
      assert.deepEqual(e.matches, [CONTROL_HUB], browser);
    }
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
    // The shared tables first: the hook takes them at its start.
    assert.deepEqual(hook.js, ['shared/protocol.js', 'shared/endpoints.js', 'page/hook.js']);
    assert.equal(hook.world, 'MAIN');
    assert.equal(hook.run_at, 'document_start');
    assert.equal(hook.all_frames, false);
    // The adapter's parts share one isolated-world namespace; the wiring comes last.
    // The shared tables again, as copies: Chromium injects a file once per frame, whatever the world.
    assert.deepEqual(adapter.js, ['shared/protocol.isolated.js', 'shared/endpoints.isolated.js', 'settings.js', 'content/inputs.js', 'content/page-context.js', 'content/placement.js', 'content/banner-frame.js', 'content/adapter.js']);
    assert.ok(adapter.world === undefined || adapter.world === 'ISOLATED');
    assert.equal(adapter.run_at, 'document_start');
    assert.ok(!adapter.all_frames);
  }
});

test("a script shared by the two worlds is copied byte for byte for the isolated world's entry", () => {
  for (const variant of ['chromium', 'firefox', 'chromium-test', 'firefox-test']) {
    for (const name of ['protocol', 'endpoints']) {
      const copy = readFileSync(join(out, variant, 'shared', `${name}.isolated.js`));
      assert.ok(copy.equals(readFileSync(join(src, 'shared', `${name}.js`))), `${variant}: ${name}`);
    }
  }
  const source = listFiles(src);
  assert.ok(!source.some((f) => f.includes('.isolated.')), 'the sources hold no copies');
});

test('manifest version is the crate version', () => {
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const crate = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)[1];
  assert.equal(SOURCE.version, crate);
  assert.equal(manifestOf('chromium').version, crate);
  assert.equal(manifestOf('firefox').version, crate);
});

test('outputs hold the sources, the wasm package under wasm/, and no dotfiles', () => {
  for (const variant of ['chromium', 'firefox', 'chromium-test', 'firefox-test']) {
    const files = listFiles(join(out, variant));
    for (const f of ['wasm/caldoctor.js', 'wasm/caldoctor_bg.wasm', 'banner.html', 'page/hook.js', 'content/adapter.js',
      '_locales/en/messages.json', '_locales/ja/messages.json', 'icons/icon-128.png', 'manifest.json']) {
      assert.ok(files.includes(f), `${variant}: ${f} missing`);
    }
    assert.ok(readFileSync(join(out, variant, 'wasm/caldoctor_bg.wasm')).equals(readFileSync(join(wasm, 'caldoctor_bg.wasm'))));
    assert.deepEqual(files.filter((f) => f.split('/').some((p) => p.startsWith('.'))), [], variant);
  }
});

test('zips hold manifest.json at the root and every file of their folder, byte for byte', () => {
  for (const browser of ['chromium', 'firefox']) {
    assert.ok(!existsSync(join(out, `${browser}-test.zip`)), 'test variants are never packaged');
    const entries = readZip(readFileSync(join(out, `${browser}.zip`)));
    assert.equal(entries[0].name, 'manifest.json');
    const folder = listFiles(join(out, browser));
    assert.deepEqual(entries.map((e) => e.name).sort(), folder);
    for (const { name, data } of entries) {
      assert.ok(data.equals(readFileSync(join(out, browser, name))), `${browser}.zip: ${name} differs`);
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

test('zips are reproducible', () => {
  const again = join(tmp, 'dist-again');
  const result = build(again);
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

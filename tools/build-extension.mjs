#!/usr/bin/env node
// Builds the browser packages from the one manifest source (manifest.json at the repo root),
// the extension/ tree and the wasm-bindgen output (target/wasm-pkg):
//
//   dist/chromium/        background.service_worker; no browser_specific_settings
//   (in every output, the MAIN world's content scripts from outside page/ are copies under page/)
//   dist/firefox/         background.scripts; browser_specific_settings.gecko
//   dist/chromium-test/   as dist/chromium, plus the loopback test site's origins
//   dist/firefox-test/    as dist/firefox,  plus the loopback test site's origins (never shipped)
//   dist/chromium.zip  dist/firefox.zip   store packages, manifest.json at the root, reproducible
//
// Every file the manifest names (and every local file an HTML page loads) must exist in each
// output, every __MSG_key__ must exist in the default locale; otherwise the build fails.
//
// Usage: node tools/build-extension.mjs [--src DIR] [--manifest FILE] [--wasm DIR] [--out DIR]
// Node 20 builtins and fflate (the zips).

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, zipSync } from 'fflate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WASM_FILES = ['caldoctor.js', 'caldoctor_bg.wasm'];
const WASM_DEST = 'wasm';
const TEST_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];

class BuildError extends Error {}
const fail = (message) => {
  throw new BuildError(message);
};

function parseArgs(argv) {
  const options = {
    src: join(ROOT, 'extension'),
    manifest: join(ROOT, 'manifest.json'),
    wasm: join(ROOT, 'target', 'wasm-pkg'),
    out: join(ROOT, 'dist'),
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !(name in options)) {
      fail(`unknown argument \`${argv[i]}\` (usage: build-extension.mjs [--src DIR] [--manifest FILE] [--wasm DIR] [--out DIR])`);
    }
    if (i + 1 >= argv.length) fail(`\`${argv[i]}\` needs a value`);
    options[name] = resolve(argv[++i]);
  }
  return options;
}

// ---------------------------------------------------------------- manifest variants

const clone = (value) => JSON.parse(JSON.stringify(value));

function chromium(source) {
  const m = clone(source);
  delete m.browser_specific_settings;
  if (m.background) delete m.background.scripts;
  return m;
}

function firefox(source) {
  const m = clone(source);
  if (m.background) delete m.background.service_worker;
  // Chromium-only key: Firefox ignores it (and reports it as an unexpected property).
  delete m.minimum_chrome_version;
  return m;
}

function withTestOrigins(source) {
  const m = clone(source);
  const add = (matches) => [...matches, ...TEST_ORIGINS.filter((o) => !matches.includes(o))];
  for (const script of m.content_scripts ?? []) script.matches = add(script.matches ?? []);
  for (const entry of m.web_accessible_resources ?? []) {
    if (Array.isArray(entry.matches)) entry.matches = add(entry.matches);
  }
  return m;
}

// Chromium runs a file named by two content_scripts entries once only, in the first entry's world,
// even when the other entry's world differs (crbug.com/324096753); the hook (MAIN world) and the
// adapter (isolated world) both load shared/ files. So the MAIN world's entry names copies of its
// files under page/ (the page's world, where the hook is): each world runs its own.
const PAGE_WORLD_DIR = 'page/';

/** Points the MAIN world's content scripts from outside page/ at copies under it; returns them. */
function pageWorldCopies(m) {
  const copies = [];
  for (const script of m.content_scripts ?? []) {
    if (script.world !== 'MAIN') continue;
    script.js = (script.js ?? []).map((file) => {
      if (file.startsWith(PAGE_WORLD_DIR)) return file;
      copies.push({ from: file, to: `${PAGE_WORLD_DIR}${file}` });
      return `${PAGE_WORLD_DIR}${file}`;
    });
  }
  return copies;
}

const VARIANTS = [
  { name: 'chromium', make: chromium, zip: true },
  { name: 'firefox', make: firefox, zip: true },
  { name: 'chromium-test', make: (m) => withTestOrigins(chromium(m)), zip: false },
  { name: 'firefox-test', make: (m) => withTestOrigins(firefox(m)), zip: false },
];

// ---------------------------------------------------------------- files

/** Relative POSIX paths of every file under dir, dotfiles (at any depth) excluded, sorted. */
function listFiles(dir) {
  const files = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

const isDotPath = (src) => src.split(/[\\/]/).some((part) => part.startsWith('.'));

/** The files a manifest names, each with the key that names it. */
function namedFiles(m) {
  const named = [];
  const add = (key, value) => {
    if (typeof value === 'string' && value !== '') named.push({ key, path: value.replace(/^\//, '') });
  };
  for (const [size, path] of Object.entries(m.icons ?? {})) add(`icons.${size}`, path);
  for (const key of ['action', 'browser_action', 'page_action']) {
    const action = m[key];
    if (!action) continue;
    if (typeof action.default_icon === 'string') add(`${key}.default_icon`, action.default_icon);
    for (const [size, path] of Object.entries(action.default_icon ?? {})) add(`${key}.default_icon.${size}`, path);
    add(`${key}.default_popup`, action.default_popup);
  }
  add('background.service_worker', m.background?.service_worker);
  add('background.page', m.background?.page);
  (m.background?.scripts ?? []).forEach((path, i) => add(`background.scripts[${i}]`, path));
  (m.content_scripts ?? []).forEach((script, i) => {
    for (const kind of ['js', 'css']) {
      (script[kind] ?? []).forEach((path, j) => add(`content_scripts[${i}].${kind}[${j}]`, path));
    }
  });
  add('options_ui.page', m.options_ui?.page);
  add('options_page', m.options_page);
  add('side_panel.default_path', m.side_panel?.default_path);
  add('devtools_page', m.devtools_page);
  add('storage.managed_schema', m.storage?.managed_schema);
  if (m.default_locale) add('default_locale', `_locales/${m.default_locale}/messages.json`);
  return named;
}

function globToRegExp(glob) {
  const escaped = glob.replace(/^\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Checks one built output: named files, web-accessible globs, HTML references, messages. */
function validate(variant, m, dir, files) {
  const have = new Set(files);
  for (const { key, path } of namedFiles(m)) {
    if (!have.has(path)) fail(`${variant}: \`${path}\` (manifest ${key}) does not exist in ${dir} (is it missing from the extension sources?)`);
  }
  (m.web_accessible_resources ?? []).forEach((entry, i) => {
    for (const resource of entry.resources ?? []) {
      const pattern = globToRegExp(resource);
      if (!files.some((f) => pattern.test(f))) {
        fail(`${variant}: \`${resource}\` (manifest web_accessible_resources[${i}]) matches no file in ${dir}`);
      }
    }
  });
  for (const page of files.filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(dir, page), 'utf8');
    for (const [, attr, ref] of html.matchAll(/\b(src|href)\s*=\s*["']([^"'#?]+)/gi)) {
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) continue; // URLs with a scheme
      const target = ref.startsWith('/') ? ref.slice(1) : posix.normalize(posix.join(posix.dirname(page), ref));
      if (!have.has(target)) fail(`${variant}: \`${ref}\` (${attr} in ${page}) does not exist in ${dir}`);
    }
  }
  if (m.default_locale) {
    const messages = JSON.parse(readFileSync(join(dir, '_locales', m.default_locale, 'messages.json'), 'utf8'));
    const keys = new Set(Object.keys(messages).map((k) => k.toLowerCase()));
    for (const [, key] of JSON.stringify(m).matchAll(/__MSG_(\w+?)__/g)) {
      if (!keys.has(key.toLowerCase())) {
        fail(`${variant}: manifest uses \`__MSG_${key}__\` but _locales/${m.default_locale}/messages.json has no \`${key}\``);
      }
    }
  }
}

// ---------------------------------------------------------------- zip

// What makes the same files give the same bytes, whoever builds them where: a fixed time
// (1980-01-01 00:00, the DOS epoch; ZIP stores local time, so it is given as local time),
// regular-file rw-r--r-- attributes made on Unix, and the entries in the order given.
const ENTRY_ATTRIBUTES = { mtime: new Date(1980, 0, 1), os: 3, attrs: (0o100644 << 16) >>> 0 };

/** A ZIP archive of entries [{ name, data }], in their order, each deflated where that is smaller. */
function zip(entries) {
  if (entries.length > 0xffff) fail('package has too many files for a ZIP without ZIP64');
  // An object keeps insertion order for keys that are not array indices, as paths never are.
  const files = {};
  for (const { name, data } of entries) {
    const level = deflateSync(data, { level: 9 }).length < data.length ? 9 : 0;
    files[name] = [data, { ...ENTRY_ATTRIBUTES, level }];
  }
  const archive = Buffer.from(zipSync(files));
  if (archive.length > 0xffffffff) fail('package too large for a ZIP without ZIP64');
  return archive;
}

// ---------------------------------------------------------------- build

function build(options) {
  if (!existsSync(options.manifest)) fail(`${options.manifest} does not exist`);
  let source;
  try {
    source = JSON.parse(readFileSync(options.manifest, 'utf8'));
  } catch (e) {
    fail(`${options.manifest}: ${e.message}`);
  }
  if (!existsSync(options.src) || !statSync(options.src).isDirectory()) fail(`${options.src} is not a directory`);
  if (existsSync(join(options.src, 'manifest.json'))) {
    fail(`${join(options.src, 'manifest.json')} must not exist: ${options.manifest} is the one manifest source`);
  }
  for (const file of WASM_FILES) {
    if (!existsSync(join(options.wasm, file))) {
      fail(`${join(options.wasm, file)} is missing: run \`make wasm\` first`);
    }
  }

  mkdirSync(options.out, { recursive: true });
  const summary = [];
  for (const variant of VARIANTS) {
    const dir = join(options.out, variant.name);
    rmSync(dir, { recursive: true, force: true });
    if (variant.zip) rmSync(`${dir}.zip`, { force: true });

    cpSync(options.src, dir, { recursive: true, filter: (src) => !isDotPath(relative(options.src, src)) });
    mkdirSync(join(dir, WASM_DEST), { recursive: true });
    for (const file of WASM_FILES) cpSync(join(options.wasm, file), join(dir, WASM_DEST, file));
    const manifest = variant.make(source);
    for (const { from, to } of pageWorldCopies(manifest)) {
      if (existsSync(join(dir, from))) cpSync(join(dir, from), join(dir, to)); // else validate() names it
    }
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const files = listFiles(dir);
    try {
      validate(variant.name, manifest, dir, files);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true }); // never leave a broken package to load
      throw e;
    }

    let zipSize = null;
    if (variant.zip) {
      const ordered = ['manifest.json', ...files.filter((f) => f !== 'manifest.json')];
      const archive = zip(ordered.map((name) => ({ name, data: readFileSync(join(dir, name)) })));
      writeFileSync(`${dir}.zip`, archive);
      zipSize = archive.length;
    }
    summary.push({ dir, files: files.length, zip: variant.zip ? `${dir}.zip` : null, zipSize });
  }

  for (const { dir, files, zip: zipPath, zipSize } of summary) {
    const packed = zipPath ? `  ${zipPath} ${zipSize} bytes` : '';
    console.log(`${dir}  ${files} files${packed}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build(parseArgs(process.argv.slice(2)));
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`build-extension: error: ${e.message}`);
    process.exit(1);
  }
}

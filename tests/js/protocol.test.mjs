// extension/shared/protocol.js, the one home of the protocol's values: its JSON block is strict
// JSON (build.rs reads it for Rust) and is what the script registers; every context loads the
// shared files before its own; and, by convention (checked on the syntax tree, as ESLint parses
// it), no other file of the extension spells a message type, a storage key, the hook's event,
// the frame's word or the command itself, nor picks `browser` or `chrome` on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { Linter } from 'eslint';

import { backgroundImports, runScripts, sharedOf, source } from './harness/extension-scripts.mjs';

const ROOT = new URL('../../', import.meta.url);
const EXTENSION = new URL('extension/', ROOT);

/** The text strictly between the two marker lines: what build.rs parses. */
function jsonBlock(text) {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.trim() === '// BEGIN PROTOCOL JSON');
  const end = lines.findIndex((l) => l.trim() === '// END PROTOCOL JSON');
  assert.ok(begin >= 0 && end > begin, 'both markers, in order');
  return lines.slice(begin + 1, end).join('\n');
}

const PROTOCOL = JSON.parse(jsonBlock(source('shared/protocol.js')));

test('the JSON block is strict JSON, and exactly what protocol.js registers, frozen', () => {
  const context = vm.createContext({});
  runScripts(context, ['shared/protocol.js']);
  const { protocol } = sharedOf(context);
  assert.deepEqual(JSON.parse(JSON.stringify(protocol)), PROTOCOL);
  assert.ok(Object.isFrozen(protocol) && Object.isFrozen(protocol.messages) && Object.isFrozen(protocol.choices.lang));
  for (const [key, value] of Object.entries(PROTOCOL.defaults)) {
    const choices = PROTOCOL.choices[key];
    assert.ok(choices ? choices.includes(value) : typeof value === 'boolean', `the default of ${key} is valid`);
  }
});

test('every context loads the shared files first: manifest, pages, background, worker', () => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', ROOT), 'utf8'));
  const [main, isolated] = manifest.content_scripts;
  assert.equal(main.world, 'MAIN');
  assert.equal(main.js[0], 'shared/protocol.js');
  assert.equal(isolated.js[0], 'shared/protocol.js');
  // The shared files, protocol.js first and settings.js after api.js, before any of the adapter's.
  const firstOwn = isolated.js.findIndex((file) => !file.startsWith('shared/'));
  const shared = isolated.js.slice(0, firstOwn);
  assert.ok(shared.indexOf('shared/api.js') > 0 && shared.indexOf('shared/settings.js') > shared.indexOf('shared/api.js'), shared.join());
  assert.ok(isolated.js.slice(firstOwn).every((file) => !file.startsWith('shared/')));

  for (const page of ['banner', 'popup', 'options', 'analyzer', 'triage']) {
    const scripts = [...readFileSync(new URL(`${page}.html`, EXTENSION), 'utf8').matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(scripts.at(-1), `${page}.js`, `${page}.html: its module last`);
    assert.deepEqual(scripts.slice(0, 2), ['shared/protocol.js', 'shared/api.js'], `${page}.html`);
  }

  assert.equal(manifest.background.type, 'module');
  assert.deepEqual(backgroundImports(), ['shared/protocol.js', 'shared/api.js', 'shared/settings.js']);
  assert.match(source('analyzer-worker.js'), /^import '\.\/shared\/protocol\.js';$/m);
});

// ---------------------------------------------------------------- the convention

const words = (group) => Object.values(PROTOCOL[group]);
const MESSAGE_TYPES = [...words('messages'), ...words('worker')];
const NAMES = [...words('storage'), ...words('events'), ...words('frame'), ...words('commands')];
const quote = (value) => JSON.stringify(value);

// Message types are short words ('get', 'error'), also spelled as method names and CSS classes:
// they are forbidden where a message is built or read (a `type` property, a comparison with a
// type, a `case`, a list of types). The other names are forbidden anywhere, in templates too.
const SELECTORS = [
  ...MESSAGE_TYPES.flatMap((type) => [
    `Property[key.name="type"][value.value=${quote(type)}]`,
    `BinaryExpression[right.value=${quote(type)}]:matches([left.property.name="type"], [left.name="type"])`,
    `BinaryExpression[left.value=${quote(type)}]:matches([right.property.name="type"], [right.name="type"])`,
    `SwitchCase[test.value=${quote(type)}]`,
    `ArrayExpression > Literal[value=${quote(type)}]`,
  ]),
  ...NAMES.flatMap((name) => [`Literal[value=${quote(name)}]`, `TemplateElement[value.cooked=${quote(name)}]`]),
  'MemberExpression[object.name="globalThis"][property.name=/^(browser|chrome)$/]',
  'MemberExpression[object.name=/^(browser|chrome)$/]',
].map((selector) => ({ selector, message: `protocol.js or api.js has this (${selector})` }));

const linter = new Linter({ configType: 'flat' });
/** The convention's violations in `code`, as "line: selector". */
function violations(code, sourceType) {
  const config = { languageOptions: { ecmaVersion: 'latest', sourceType }, rules: { 'no-restricted-syntax': ['error', ...SELECTORS] } };
  return linter.verify(code, [config]).map((m) => (m.fatal ? `parse error: ${m.message}` : `${m.line}: ${m.message}`));
}

/** Hand-written JavaScript of the extension outside shared/, with its source type. */
function ownScripts() {
  return readdirSync(EXTENSION, { recursive: true })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.js') && !file.startsWith('shared/') && !file.startsWith('wasm/'))
    .map((file) => ({ file, sourceType: file.includes('/') ? 'script' : 'module' }));
}

test('the convention catches what it forbids', () => {
  const caught = [
    "api.runtime.sendMessage({ type: 'put', id });",
    "if (message.type === 'paused?') x();",
    "switch (type) { case 'redacted': break; }",
    "const key = `banner:${tab}:${id}`;",
    "storage.local.get('dismissed');",
    "document.addEventListener('caldoctor:response', f);",
    'const api = globalThis.browser ?? globalThis.chrome;',
    'chrome.runtime.sendMessage(m);',
  ];
  for (const code of caught) assert.equal(violations(code, 'script').length > 0, true, code);
  assert.deepEqual(violations("line.className = 'error'; native(Headers.prototype, 'get');", 'script'), []);
});

test('no file outside shared/ spells a protocol value or picks the extension API itself', () => {
  const scripts = ownScripts();
  assert.ok(scripts.some((s) => s.file === 'background.js') && scripts.some((s) => s.file === 'content/adapter.js'));
  for (const { file, sourceType } of scripts) {
    assert.deepEqual(violations(readFileSync(new URL(file, EXTENSION), 'utf8'), sourceType), [], file);
  }
});

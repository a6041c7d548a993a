// Loads the extension's classic scripts into a Node vm context the way a browser does: the shared
// files first (extension/shared/, in the order of the manifest and the pages), then the script
// under test. The background is an ES module whose imports are those same classic scripts, so
// its imports run first, in order, then its body.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const EXTENSION = new URL('../../../extension/', import.meta.url);
const IMPORT = /^import '\.\/([^']+)';$/gm;

/** The source of `path` (relative to extension/). */
export const source = (path) => readFileSync(new URL(path, EXTENSION), 'utf8');

/** Runs each of `paths` (relative to extension/) in `context`, in order. */
export function runScripts(context, paths) {
  for (const path of paths) vm.runInContext(source(path), context, { filename: path });
}

/** The registry the shared files leave under Symbol.for('caldoctor.shared') in `context`. */
export const sharedOf = (context) => vm.runInContext("globalThis[Symbol.for('caldoctor.shared')]", context);

/** The files background.js imports, in order (all classic scripts of extension/shared/). */
export function backgroundImports() {
  return [...source('background.js').matchAll(IMPORT)].map((m) => m[1]);
}

/** Runs background.js in `context`: its imports, then its body. */
export function runBackground(context) {
  runScripts(context, backgroundImports());
  vm.runInContext(source('background.js').replace(IMPORT, ''), context, { filename: 'background.js' });
}

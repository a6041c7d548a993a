// ESLint (make lint): the recommended rules for every hand-written JavaScript file, with the
// globals of the context each one runs in.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'target/', 'node_modules/'] },
  js.configs.recommended,
  {
    // `catch (_)`: an error deliberately dropped; `{ dropped, ...rest }`: an object without a key.
    rules: { 'no-unused-vars': ['error', { caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }] },
  },
  {
    files: ['extension/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    // ES modules: the extension pages' scripts, the background and the analyzer's worker.
    files: ['extension/*.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['extension/analyzer-worker.js'],
    languageOptions: { globals: globals.worker },
  },
  {
    // Node, and the functions Playwright and puppeteer run in pages and extension pages.
    files: ['tools/**/*.mjs', 'tests/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
  {
    files: ['tests/replica/site/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
];

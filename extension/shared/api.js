// Hybrid Calendar Doctor — the extension API every part uses: Firefox's `browser` (promises),
// else Chromium's `chrome` (promises too, in Manifest V3). Chosen here once, for every context:
// content scripts, the background, the extension pages and the banner frame. Loaded right after
// protocol.js, whose registry it joins as `api`.

/** @typedef {typeof chrome} ExtensionApi  Chromium's declarations, which Firefox's `browser` matches where we use it */

(() => {
  'use strict';
  const shared = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
  shared.api = globalThis.browser ?? globalThis.chrome;
})();

// Hybrid Calendar Doctor — the one protocol between the extension's contexts: the event the
// MAIN-world hook dispatches, the messages of runtime messaging, the frame's postMessage word,
// the storage keys and the settings' defaults. Every part loads this file (content scripts and the
// hook through the manifest, extension pages with <script src>, the background first of all);
// build.rs reads the JSON between the two markers below for the Rust side, so a value lives here
// and nowhere else.
(() => {
  'use strict';
  // BEGIN PROTOCOL JSON
  const PROTOCOL = {
    "events": { "response": "caldoctor:response" },
    "frame": { "refresh": "caldoctor:refresh" },
    "messages": {
      "put": "put",
      "forget": "forget",
      "paused": "paused?",
      "get": "get",
      "height": "height",
      "dismiss": "dismiss",
      "summary": "summary",
      "reveal": "reveal",
      "pause": "pause"
    },
    "storage": {
      "settings": "settings",
      "tenantDomains": "tenantDomains",
      "dismissed": "dismissed",
      "bannerPrefix": "banner:",
      "tabPrefix": "tab:"
    },
    "commands": { "toggleScreenShare": "toggle-screen-share" },
    "defaults": { "lang": "auto", "redact": true, "format": "markdown", "screenShare": false }
  };
  // END PROTOCOL JSON

  // One registry per global, under a symbol: in the MAIN world the hook takes it and deletes it
  // before any page script runs, so the page never sees it; elsewhere it stays for the other parts.
  const KEY = Symbol.for('caldoctor.shared');
  const shared = Object.getOwnPropertyDescriptor(globalThis, KEY)?.value ?? {};
  Object.defineProperty(globalThis, KEY, { value: shared, configurable: true });
  const freeze = (value) => {
    for (const inner of Object.values(value)) if (inner && typeof inner === 'object') freeze(inner);
    return Object.freeze(value);
  };
  shared.protocol = freeze(PROTOCOL);
})();

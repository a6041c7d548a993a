// Transparency (issue 11, item 1), beyond the probe of the banner suites: the page's fetch and XHR
// calls (harness/transparency-probe.mjs: inputs and init, aborts, redirects, statuses, HEAD,
// streams, clone, XHR abort, timeout, overrideMimeType, upload, reuse), under URLs the extension
// reads and URLs it does not, observed by the page in a browser with the extension and in one
// without, compared observation by observation — in Chromium and in Firefox ESR. Also through
// ky, an npm HTTP client on fetch, when node_modules has it (no client on XHR is installed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { startServer } from '../replica/serve.mjs';
import { ROOT, launchChromium, launchFirefox } from './harness/browsers.mjs';
import { resultsWithAndWithout } from './harness/page-probe.mjs';
import { httpClientResults, transparencyResults } from './harness/transparency-probe.mjs';

const KY = existsSync(path.join(ROOT, 'node_modules', 'ky', 'distribution', 'index.js')) || 'ky is not in node_modules';
const BROWSERS = {
  Chromium: async (options) => {
    const browser = await launchChromium(options);
    return { newPage: () => browser.context.newPage(), close: browser.close };
  },
  Firefox: async (options) => {
    const firefox = await launchFirefox(options);
    return { newPage: () => firefox.browser.newPage(), close: firefox.close };
  },
};

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

/** Asserts both runs made the same observations (at least `least`), naming the first that differs. */
function assertSame({ withExtension, without }, least) {
  assert.deepEqual(withExtension.observations.map(([what]) => what), without.observations.map(([what]) => what));
  for (const [i, [what, value]] of without.observations.entries()) assert.deepEqual(withExtension.observations[i][1], value, what);
  assert.ok(without.observations.length >= least, `${without.observations.length} observations`);
  assert.deepEqual([withExtension.read, without.read], [true, false], 'the adapter read the matching responses through the hook');
  assert.deepEqual([withExtension.heard, without.heard], [0, 0], "the page heard none of the hook's channel");
}

for (const [name, launch] of Object.entries(BROWSERS)) {
  describe(`the page sees the same with and without the extension (${name})`, () => {
    test('fetch and XHR', async () => {
      assertSame(await resultsWithAndWithout(launch, server.url, transparencyResults), 80);
    });

    test('through ky, an npm client on fetch', { skip: KY === true ? false : KY }, async () => {
      assertSame(await resultsWithAndWithout(launch, server.url, httpClientResults), 20);
    });
  });
}

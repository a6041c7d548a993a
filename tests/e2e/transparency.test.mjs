// Transparency (issue 11, item 1), beyond the probe of the banner suites: the page's fetch and XHR
// calls (harness/transparency-probe.mjs: inputs and init, aborts, redirects, statuses, HEAD,
// streams, clone, XHR abort, timeout, overrideMimeType, upload, reuse), under URLs the extension
// reads and URLs it does not, observed by the page in a browser with the extension and in one
// without, compared observation by observation — in Chromium and in Firefox ESR. Also through
// the npm HTTP clients the project installs (harness/http-clients.mjs): ky on fetch, axios on XHR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { startServer } from '../replica/serve.mjs';
import { ROOT, launchChromium, launchFirefox } from './harness/browsers.mjs';
import { resultsWithAndWithout } from './harness/page-probe.mjs';
import { axiosResults, kyResults } from './harness/http-clients.mjs';
import { transparencyResults } from './harness/transparency-probe.mjs';

// Each client: the module the replica serves (/vendor/NAME/), its probe, the fewest observations it
// makes, and what its transport observation must be (the client really is on fetch, or on XHR).
const CLIENTS = {
  'ky, an npm client on fetch': { module: 'ky/distribution/index.js', probe: kyResults, least: 25, transport: ['ky transport', [true, true]] },
  'axios, an npm client on XHR': { module: 'axios/dist/esm/axios.js', probe: axiosResults, least: 120, transport: ['axios transport', [true, 'xhr']] },
};
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

/** How many values (strings, numbers, booleans, nulls) `value` holds, however nested. */
const leaves = (value) => (value !== null && typeof value === 'object' ? Object.values(value).reduce((n, v) => n + leaves(v), 0) : 1);

/**
 * Asserts both runs made the same observations (at least `least`), naming the first that differs,
 * and reports how many were compared.
 */
function assertSame(t, { withExtension, without }, least) {
  assert.deepEqual(withExtension.observations.map(([what]) => what), without.observations.map(([what]) => what));
  for (const [i, [what, value]] of without.observations.entries()) assert.deepEqual(withExtension.observations[i][1], value, what);
  assert.ok(without.observations.length >= least, `${without.observations.length} observations`);
  assert.deepEqual([withExtension.read, without.read], [true, false], 'the adapter read the matching responses through the hook');
  assert.deepEqual([withExtension.heard, without.heard], [0, 0], "the page heard none of the hook's channel");
  t.diagnostic(`${without.observations.length} observations compared, ${leaves(without.observations.map(([, value]) => value))} values in all`);
  return without.observations;
}

for (const [name, launch] of Object.entries(BROWSERS)) {
  describe(`the page sees the same with and without the extension (${name})`, () => {
    test('fetch and XHR', async (t) => {
      assertSame(t, await resultsWithAndWithout(launch, server.url, transparencyResults), 80);
    });

    for (const [client, { module, probe, least, transport }] of Object.entries(CLIENTS)) {
      test(`through ${client}`, async (t) => {
        // Installed by the project (package.json): missing, it is a failure, not a skip.
        assert.ok(existsSync(path.join(ROOT, 'node_modules', module)), `node_modules/${module} is missing: npm ci`);
        const observations = assertSame(t, await resultsWithAndWithout(launch, server.url, probe), least);
        assert.deepEqual(observations.find(([what]) => what === transport[0])?.[1], transport[1]);
      });
    }
  });
}

// Transparency (issue 11, item 1), beyond the probe of the banner suites: the page's fetch and XHR
// calls (harness/transparency-probe.mjs: inputs and init, aborts, redirects, statuses, HEAD,
// streams, clone, XHR abort, timeout, overrideMimeType, upload, reuse), under URLs the extension
// reads and URLs it does not, observed by the page in a browser with the extension and in one
// without, compared observation by observation — in Chromium and in Firefox ESR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../replica/serve.mjs';
import { launchChromium, launchFirefox } from './harness/browsers.mjs';
import { resultsWithAndWithout } from './harness/page-probe.mjs';
import { transparencyResults } from './harness/transparency-probe.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

/** Asserts both runs made the same observations, naming the first that differs. */
function assertSame({ withExtension, without }) {
  assert.deepEqual(withExtension.observations.map(([what]) => what), without.observations.map(([what]) => what));
  for (const [i, [what, value]] of without.observations.entries()) assert.deepEqual(withExtension.observations[i][1], value, what);
  assert.ok(without.observations.length >= 80, `${without.observations.length} observations`);
  assert.ok(withExtension.forwarded > 0, 'the extension read the matching responses');
  assert.equal(without.forwarded, 0);
}

describe('the page sees the same with and without the extension', () => {
  test('Chromium', async () => {
    const launch = async (options) => {
      const browser = await launchChromium(options);
      return { newPage: () => browser.context.newPage(), close: browser.close };
    };
    assertSame(await resultsWithAndWithout(launch, server.url, transparencyResults));
  });

  test('Firefox', async () => {
    const launch = async (options) => {
      const firefox = await launchFirefox(options);
      return { newPage: () => firefox.browser.newPage(), close: firefox.close };
    };
    assertSame(await resultsWithAndWithout(launch, server.url, transparencyResults));
  });
});

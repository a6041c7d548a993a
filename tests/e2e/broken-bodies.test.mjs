// Broken bodies (issue 11, item 3) in Chromium with the built extension: truncated JSON, wrong
// types, empty, 50 MiB with and without Content-Length, not UTF-8, ISO-8859-1, cut, reset and a
// response that never ends, each under a URL the extension reads and one it does not
// (harness/broken-bodies.mjs). The page gets exactly what it gets without the extension, no
// uncaught error and no console error of ours; the page's JS heap (every world of its renderer:
// the page's, the hook's, the content scripts') after the 50 MiB bodies is what it was before them,
// within the adapter's caps; and a matching response that streams without end is let go once the
// page cancels it: the hook reads at most its cap of it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../replica/serve.mjs';
import { launchChromium } from './harness/browsers.mjs';
import { until } from './harness/banner-page.mjs';
import { brokenBodyResults, probeUrls } from './harness/broken-bodies.mjs';
import { channelWitness } from './harness/page-probe.mjs';

const MiB = 1024 * 1024;
const CAP = 8 * MiB; // the hook's cap (extension/page/hook.js)

let server;
before(async () => {
  server = await startServer({ port: 0, csp: 'strict' });
});
after(() => server?.close());

/** The JS heap of `page`'s renderer after a garbage collection, in bytes. */
async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** The probe in a fresh browser (the built extension, or none), with what the page logged. */
async function probeIn(extension) {
  const browser = await launchChromium({ extension });
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.text().includes('caldoctor')) errors.push(`console ${message.type()}: ${message.text()}`);
    });
    await page.goto(`${server.url}/services`);
    const cdp = await browser.context.newCDPSession(page);
    const heapBefore = await heap(cdp);
    const results = await brokenBodyResults(page, server.url);
    const heapAfter = await heap(cdp);
    return { ...results, ...(await channelWitness(page, extension)), errors, heapBefore, heapAfter };
  } finally {
    await browser.close();
  }
}

test('broken bodies: the page gets the same with and without the extension, and the heap stays bounded', async (t) => {
  const withExtension = await probeIn(undefined);
  const without = await probeIn(null);
  assert.ok(without.observations.length >= 90, `${without.observations.length} observations`);
  assert.deepEqual(withExtension.observations.map(([what]) => what), without.observations.map(([what]) => what));
  for (const [i, [what, value]] of without.observations.entries()) assert.deepEqual(withExtension.observations[i][1], value, what);
  assert.deepEqual([withExtension.read, without.read], [true, false], 'the adapter read the matching responses through the hook');
  assert.deepEqual([withExtension.heard, without.heard], [0, 0], "the page heard none of the hook's channel");
  // Chromium logs the failed loads (404, reset) alike in both runs; nothing of ours is added.
  assert.deepEqual(withExtension.errors, without.errors);
  assert.ok(!withExtension.errors.some((e) => e.startsWith('uncaught')), withExtension.errors.join('\n'));

  const mb = (bytes) => (bytes / MiB).toFixed(1);
  t.diagnostic(`JS heap around the 50 MiB bodies: with the extension ${mb(withExtension.heapBefore)} → ${mb(withExtension.heapAfter)} MiB, without ${mb(without.heapBefore)} → ${mb(without.heapAfter)} MiB`);
  const kept = withExtension.heapAfter - withExtension.heapBefore - (without.heapAfter - without.heapBefore);
  assert.ok(kept < CAP, `the extension kept ${mb(kept)} MiB more than the page alone`);
});

test('a matching response that never ends is let go when the page cancels it; the hook reads at most its cap', async (t) => {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/services`);
    const first = await page.evaluate(async (url) => {
      const reader = (await fetch(url)).body.getReader();
      const { value } = await reader.read();
      await reader.cancel();
      return new TextDecoder().decode(value).slice(0, 17);
    }, probeUrls(server.url, 'endless').matching);
    assert.equal(first, '{"userStatuses":[');
    const endless = await until('the connection closed', () => server.state.probes.endless?.closed === 1 && server.state.probes.endless);
    t.diagnostic(`the endless response: ${(endless.bytes / MiB).toFixed(1)} MiB written before the browser let it go`);
    // The server writes only as fast as the browser reads: what it wrote is what was read, plus
    // what the buffers on the way hold (the kernel's socket buffers, the browser's data pipe:
    // a few MiB each). Before the hook read by chunks, it read on to V8's longest string, 1 GiB.
    assert.ok(endless.bytes < 4 * CAP, `${(endless.bytes / MiB).toFixed(1)} MiB read`);
  } finally {
    await browser.close();
  }
});

// What the extension loads into one Playwright page (Chromium), counted while the page is driven,
// for the idle-cost bench (measure-idle-cost.mjs):
//   frames     child frames attached to the page: the replica's pages have none of their own,
//              so each is the adapter's (a banner, or a hidden spare), counted when attached,
//              before it has loaded anything
//   fetched    requests for a .wasm file from the page or any of its frames
//   compiled   Wasm modules compiled in the page (its main world and the content scripts' world)
//              or in an extension frame: CDP's Debugger reports each as a script in
//              "WebAssembly", in the page's target and in each frame's own (an extension frame is
//              out of process); Debugger.enable also reports the modules compiled before it
// Counts only grow: `counts()` is the page's total so far (and `compiledByPage`, the modules of
// the page's own target). Debugger reports a module a moment after its compile has resolved in
// the page: `compiledByPageAtLeast` waits for it.
import { until } from '../tests/e2e/harness/banner-page.mjs';

/**
 * Starts counting on `page` (before its first navigation). `origin` is the extension's base URL
 * (chrome-extension://<id>/).
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page
 * @param {string} origin
 */
export async function countExtensionLoads(context, page, origin) {
  const frames = new Set();
  const extensionFrames = new Set();
  let fetched = 0;
  const compiled = new Set();
  const unwatched = [];
  const attaching = [];

  /** Counts the Wasm scripts a CDP session reports, under its own prefix (script ids are per target). */
  const watch = async (session, prefix) => {
    session.on('Debugger.scriptParsed', (e) => {
      if (e.scriptLanguage === 'WebAssembly') compiled.add(`${prefix} ${e.scriptId}`);
    });
    await session.send('Debugger.enable');
  };

  page.on('frameattached', (frame) => frames.add(frame));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() || !frame.url().startsWith(origin) || extensionFrames.has(frame)) return;
    extensionFrames.add(frame);
    const prefix = `frame${extensionFrames.size}`;
    attaching.push(context.newCDPSession(frame).then((session) => watch(session, prefix)).catch((error) => {
      // A spare removed before it was reached; any other failure leaves a frame uncounted.
      if (!frame.isDetached()) unwatched.push(`${frame.url()}: ${error.message}`);
    }));
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.wasm')) fetched++;
  });
  await watch(await context.newCDPSession(page), 'page');
  const byPage = () => [...compiled].filter((key) => key.startsWith('page ')).length;

  return {
    /** The totals so far, once every extension frame seen is watched. */
    async counts() {
      await Promise.all(attaching);
      return { frames: frames.size, fetched, compiled: compiled.size, compiledByPage: byPage(), unwatched: [...unwatched] };
    },
    /** Resolves once `n` Wasm modules of the page's own target are counted; fails after a while. */
    compiledByPageAtLeast: (n) => until(`${n} Wasm modules counted in the page`, () => byPage() >= n, 5000),
  };
}

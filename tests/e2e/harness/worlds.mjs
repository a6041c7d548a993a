// The content scripts' world of a Chromium page, through the DevTools protocol: Playwright
// evaluates only in the page's main world and its own utility world, never in an extension's
// isolated world. Also the page's JS heap (shared by every world of its renderer's isolate).
import vm from 'node:vm';

import { runScripts, sharedOf } from '../../js/harness/extension-scripts.mjs';

/** extension/shared/protocol.js's values (the hook's event name, storage keys...). */
export function protocol() {
  const context = vm.createContext({});
  runScripts(context, ['shared/protocol.js']);
  return JSON.parse(JSON.stringify(sharedOf(context).protocol));
}

/**
 * A CDP session on `page` (Playwright) that evaluates in the isolated world of `extensionOrigin`
 * in the page's top frame. `evaluate(expression)` resolves to the expression's value (promises
 * awaited); `heap()` to Runtime.getHeapUsage's { usedSize, totalSize } after a garbage collection.
 */
export async function contentScriptWorld(page, extensionOrigin) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.set(context.id, context));
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable'); // reports the contexts that exist already
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const world = () => {
    for (const context of contexts.values()) {
      if (context.auxData?.frameId === frameTree.frame.id && context.auxData.type === 'isolated' && context.origin === extensionOrigin) return context.id;
    }
    throw new Error(`no content script world of ${extensionOrigin} in ${page.url()}`);
  };
  return {
    async evaluate(expression) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world(), returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
    async heap() {
      await cdp.send('HeapProfiler.collectGarbage');
      return cdp.send('Runtime.getHeapUsage');
    },
    detach: () => cdp.detach(),
  };
}

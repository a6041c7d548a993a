// Hybrid Calendar Doctor — page adapter: the channel from the MAIN-world hook (page/hook.js).
// The hook dispatches each response it forwards on a node of its own, never left in the document:
// a page script cannot reach that node, so it can neither forge a response nor read one. The node
// changes hands in a synchronous handshake at document_start, before any page script can run,
// whichever of the two content scripts the browser runs first:
//   hook first     it listens on `document` for `ready`; this file dispatches `ready`; the hook
//                  answers the first one with `hello`, bubbling from its node (in the document for
//                  the dispatch only): this file takes the event's target.
//   adapter first  this file listens for `hello` and dispatches `ready` to no one; the hook sends
//                  `hello` as it starts.
// A hello taken is cancelled: the hook then knows and listens for no `ready`. The window is open
// only while the document has neither head nor body (a page script is parsed into one of them,
// and the HTML parser runs pending microtasks, this file's observer, before it runs a script), so
// a page script never gets to offer a hello of its own. An adapter started later (injected into a
// loaded page after an extension update) opens none: no channel, no banner until a reload.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});
  const CAPTURE = { capture: true }; // an object, not `true`: Node's EventTarget (tests/js) removes by it only

  /**
   * Still as document_start leaves it: loading, and nothing parsed into a head or a body.
   * Other extensions' document_start scripts may add nodes; only the parser adds a head or body.
   * @param {Document} doc
   */
  const early = (doc) => doc.readyState === 'loading' && doc.head === null && doc.body === null;

  /**
   * Takes the hook's node: `onChannel(node)` at once if the hook has run, at the hook's hello
   * otherwise, never if the handshake's window has closed or was never open.
   * @param {Document} doc
   * @param {{ hello: string, ready: string }} events
   * @param {(node: EventTarget) => void} onChannel
   */
  function openChannel(doc, events, onChannel) {
    if (!early(doc)) return;
    let open = true;
    const watch = new MutationObserver(() => {
      if (!early(doc)) close();
    });
    const close = () => {
      open = false;
      doc.removeEventListener(events.hello, onHello, CAPTURE);
      watch.disconnect();
    };
    /** @param {Event} event */
    const onHello = (event) => {
      if (!early(doc) || !event.target) return;
      event.preventDefault(); // the hook's sign that its node is taken
      event.stopImmediatePropagation();
      close();
      onChannel(event.target);
    };
    doc.addEventListener(events.hello, onHello, CAPTURE);
    doc.dispatchEvent(new Event(events.ready)); // a hook that ran first answers within this call
    if (open) watch.observe(doc, { childList: true, subtree: true });
  }

  ns.channel = { openChannel };
})();

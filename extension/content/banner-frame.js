// Hybrid Calendar Doctor — page adapter, part 5 of 6: one banner on the page.
// A host element holding an extension-origin iframe (banner.html#<id>), where the Rust/Wasm banner
// runs: a page's CSP may forbid Wasm in content scripts, never in extension documents. The host
// lives in the extension's layer, a container on <html> that no page framework owns, and never
// moves in the tree (moving an iframe reloads it): a re-render of the page's panel costs only the
// spacer (spacer.js) it is drawn over, clipped to what of it the page shows; or it is docked in a
// fixed panel at the top right. It stays invisible until the frame reports a height above zero,
// and while the state it shows is the dismissed one.
// Only CSSOM styles (allowed under any page CSP), no markup.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});
  const { protocol } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
  const { Spacer } = ns; // spacer.js comes first

  const HOST_ATTR = 'data-caldoctor-host';
  const LAYER_ATTR = 'data-caldoctor-layer';
  const DOCK_Z = '2147483000';

  /**
   * @param {HTMLElement} element
   * @param {Record<string, string>} styles
   */
  const setStyles = (element, styles) => {
    for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
  };

  /**
   * The extension's layer on `doc`: created on first use, put back if the page took it out. At the
   * document's origin and not a stacking context, so each host stacks by its own z-index.
   * @param {Document} doc
   */
  function layerOf(doc) {
    let layer = /** @type {HTMLElement | null} */ (doc.documentElement.querySelector(`:scope > [${LAYER_ATTR}]`));
    if (!layer) {
      layer = doc.createElement('div');
      layer.setAttribute(LAYER_ATTR, '');
      setStyles(layer, {
        display: 'block', position: 'absolute', top: '0', left: '0', width: '0', height: '0', margin: '0', padding: '0',
        border: '0', overflow: 'visible', 'z-index': 'auto', transform: 'none',
      });
      doc.documentElement.append(layer);
    }
    return layer;
  }

  class BannerFrame {
    /**
     * A banner for `subject`; with `subject` null, a spare (see `BannerFrame.spare`) that
     * `adopt` gives one later.
     * @param {Document} doc
     * @param {ExtensionApi} api
     * @param {string | null} subject
     * @param {string} title
     */
    constructor(doc, api, subject, title) {
      this.doc = doc;
      this.subject = '';
      // Not the subject's: a spare gets its id before its subject.
      this.id = crypto.randomUUID();
      this.height = 0;
      this.state = '';
      /** @type {string | null} the state the user dismissed for this subject */
      this.dismissed = null;
      /** @type {'none' | 'inline' | 'lost' | 'dock'} under its row, its row gone, docked */
      this.mode = 'none';
      /** @type {number} since when it looks for a panel (created, or its row gone) */
      this.searchingSince = Date.now();
      /** @type {SpacerBox | null} where it is drawn inline */
      this.box = null;
      /** @type {string | null} what was last handed to the frame */
      this.signature = null;
      /** @type {ReturnType<typeof setTimeout> | undefined} the adapter's look for a panel before docking */
      this.dockCheck = undefined;
      this.loads = 0;
      /** @type {any} its spacer (spacer.js), once it has a subject */
      this.spacer = null;

      this.host = doc.createElement('div');
      this.iframe = doc.createElement('iframe');
      this.iframe.setAttribute('allow', 'clipboard-write');
      this.iframe.title = title;
      setStyles(this.iframe, { display: 'block', border: '0', margin: '0', padding: '0', background: 'transparent', 'max-width': 'none' });
      this.iframe.addEventListener('load', () => this.host.setAttribute('data-loads', String(++this.loads)));
      this.iframe.src = api.runtime.getURL(`banner.html#${encodeURIComponent(this.id)}`);
      this.host.append(this.iframe);
      if (subject !== null) this.adopt(subject);
    }

    /**
     * A frame loading in the layer, hidden, before any subject needs it: loading an extension
     * frame (its process, document and Wasm) is most of a first banner's time, so the adapter
     * prepares one when it wakes and after each banner it shows, and `adopt`s it. Until then it
     * has no payload (its banner is empty, its height 0) and is no host the page or the tests see.
     * @param {Document} doc
     * @param {ExtensionApi} api
     * @param {string} title
     */
    static spare(doc, api, title) {
      const frame = new BannerFrame(doc, api, null, title);
      setStyles(frame.host, { display: 'block', position: 'absolute', visibility: 'hidden', 'pointer-events': 'none', width: '0', height: '0', overflow: 'hidden' });
      frame.attach();
      return frame;
    }

    /**
     * Makes this frame `subject`'s banner: a spare's, or a new frame's at once.
     * @param {string} subject
     */
    adopt(subject) {
      this.subject = subject;
      this.spacer = new Spacer(this.doc, subject, (/** @type {any} */ box) => this.showAt(box));
      this.host.setAttribute(HOST_ATTR, '');
      this.host.setAttribute('data-caldoctor-subject', subject);
    }

    get docked() {
      return this.mode === 'dock';
    }

    /** Under its row, the row still in the page (and the layer, unless the page took it). */
    get inPlace() {
      return this.mode === 'inline' && this.spacer.placed && this.host.isConnected;
    }

    /** Drawn at least once: its frame is loaded (or loading) in the layer. */
    get attached() {
      return this.mode !== 'none';
    }

    /** In the layer (drawn, or a spare): its frame is loaded or loading, and can be refreshed. */
    get loading() {
      return this.host.isConnected;
    }

    /** Drawn (an adopted spare reports its height before it has a place), with something to show. */
    get visible() {
      return this.attached && this.height > 0 && this.state !== this.dismissed;
    }

    /**
     * Puts the banner under `row`: its spacer after the row, the frame over the spacer. False when
     * the page has just taken `row` out.
     * @param {Element} row
     * @param {string} strategy  which strategy found the row
     */
    placeUnder(row, strategy) {
      this.mode = 'inline';
      this.host.setAttribute('data-placement', strategy);
      this.attach();
      if (this.spacer.place(row)) return true;
      this.lose();
      return false;
    }

    /** Its row is gone: hidden where it is until the row is found again, or it docks. */
    lose() {
      if (this.mode !== 'inline') return;
      this.mode = 'lost';
      this.searchingSince = Date.now();
      this.box = null;
      this.apply();
    }

    /** Puts the banner in the dock, a fixed panel at the top right. */
    dock() {
      this.spacer.detach();
      this.mode = 'dock';
      this.box = null;
      this.host.setAttribute('data-placement', 'dock');
      this.attach();
      this.apply();
    }

    /**
     * Where the spacer says the banner goes (null: nowhere the page shows).
     * @param {SpacerBox | null} box
     */
    showAt(box) {
      if (this.mode !== 'inline') return;
      this.box = box;
      this.apply();
    }

    /** Into the layer, once: never moved afterwards. */
    attach() {
      const layer = layerOf(this.doc);
      if (this.host.parentElement !== layer) layer.append(this.host);
    }

    /** Brings the banner into view (the popup's "Go to the banner"). */
    scrollIntoView() {
      (this.mode === 'inline' ? this.spacer.element : this.host).scrollIntoView({ block: 'center' });
    }

    /**
     * Makes a live frame fetch its payload again from the background. The signal carries no data
     * (the payload itself travels only over runtime messaging), and only the extension's origin
     * can receive it.
     */
    refresh() {
      this.iframe.contentWindow?.postMessage(protocol.frame.refresh, new URL(this.iframe.src).origin);
    }

    /**
     * Asks the frame for its height at the width it has here (its report says the width it
     * measured at; a frame hidden meanwhile may never measure again on its own). The ask carries
     * only a width, and only the extension's origin can receive it.
     */
    measure() {
      this.iframe.contentWindow?.postMessage(`${protocol.frame.measure}${this.iframe.clientWidth}`, new URL(this.iframe.src).origin);
    }

    /**
     * The page's theme around the banner. The frame's element and document must agree on it:
     * a frame whose colour scheme differs from its element's is painted on an opaque backdrop.
     * @param {'light' | 'dark'} theme
     */
    setTheme(theme) {
      setStyles(this.iframe, { 'color-scheme': theme });
    }

    /**
     * The frame's report: the height it needs at the width `width` it measured it at, and the
     * state it shows. A report measured at another width than the frame's now is stale (a spare
     * measures at its hidden width until it sees where it was put): left alone, and false, for
     * the caller to `measure` again.
     * @param {number} height
     * @param {string} state
     * @param {number} width
     */
    resize(height, state, width) {
      // Layout widths, both rounded to whole pixels: the frame's inner width, its element's width.
      if (!(Math.abs(width - this.iframe.clientWidth) <= 1)) return false;
      this.height = Number.isFinite(height) && height > 0 ? Math.min(Math.ceil(height), 100000) : 0;
      this.state = state;
      this.apply();
      return true;
    }

    /**
     * Hides the banner while it shows `state`; another state shows it again.
     * @param {string | null} state
     */
    dismiss(state) {
      this.dismissed = state;
      this.apply();
    }

    remove() {
      this.spacer?.dispose();
      const layer = this.host.parentElement;
      this.host.remove();
      if (layer?.hasAttribute(LAYER_ATTR) && !layer.childElementCount) layer.remove();
    }

    apply() {
      const visible = this.visible;
      this.host.toggleAttribute('data-visible', visible);
      if (this.spacer.height !== (visible ? this.height : 0)) this.spacer.setHeight(visible ? this.height : 0);
      if (this.mode === 'dock') return this.applyDock(visible);
      const box = this.box;
      const shown = visible && box !== null && box.clip.width > 0 && box.clip.height > 0;
      const common = {
        visibility: shown ? 'visible' : 'hidden', 'pointer-events': shown ? 'auto' : 'none', display: 'block',
        margin: '0', padding: '0', border: '0', 'box-sizing': 'border-box', 'max-height': 'none', 'min-width': '0',
        right: 'auto', bottom: 'auto', 'border-radius': '0', 'box-shadow': 'none', transform: 'none',
      };
      if (!box) {
        // Hidden where it was, keeping the width it had: the frame measures its height at it.
        setStyles(this.host, { ...common, position: 'absolute' });
        setStyles(this.iframe, { position: 'absolute', height: `${this.height}px` });
        return;
      }
      // Layer coordinates: the layer sits at the document's origin, wherever the page put that.
      const origin = /** @type {HTMLElement} */ (this.host.parentElement).getBoundingClientRect();
      const { frame, clip } = box;
      setStyles(this.host, {
        ...common, position: 'absolute', overflow: 'hidden', 'z-index': String(box.level),
        left: `${clip.left - origin.left}px`, top: `${clip.top - origin.top}px`, width: `${clip.width}px`, height: `${clip.height}px`,
      });
      setStyles(this.iframe, {
        position: 'absolute', left: `${frame.left - clip.left}px`, top: `${frame.top - clip.top}px`,
        width: `${frame.width}px`, height: `${this.height}px`,
      });
    }

    /**
     * The dock's look. Hidden, not display:none: its frame must keep a width to measure its height.
     * @param {boolean} visible
     */
    applyDock(visible) {
      setStyles(this.host, {
        visibility: visible ? 'visible' : 'hidden', 'pointer-events': visible ? 'auto' : 'none', display: 'block',
        position: 'fixed', top: '72px', right: '16px', left: 'auto', bottom: 'auto', width: 'min(480px, calc(100vw - 32px))',
        height: 'auto', 'max-height': 'calc(100vh - 96px)', overflow: 'auto', 'z-index': DOCK_Z, margin: '0', padding: '0',
        border: '0', 'border-radius': '8px', 'box-shadow': '0 8px 24px rgba(0, 0, 0, 0.28)', transform: 'none',
      });
      setStyles(this.iframe, { position: 'static', left: 'auto', top: 'auto', width: '100%', height: `${this.height}px` });
    }
  }

  ns.BannerFrame = BannerFrame;
  ns.HOST_ATTR = HOST_ATTR;
})();

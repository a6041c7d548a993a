// Hybrid Calendar Doctor — page adapter, part 4 of 5: one banner on the page.
// A host element holding an extension-origin iframe (banner.html#<id>), where the Rust/Wasm banner
// runs: a page's CSP may forbid Wasm in content scripts, never in extension documents. The host is
// placed inline after a reference element, or docked in a fixed panel at the top right. It stays
// invisible until the frame reports a height above zero, and while the state it shows is the
// dismissed one.
// Only CSSOM styles (allowed under any page CSP), no markup.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});
  const { protocol } = /** @type {CaldoctorShared} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));

  const HOST_ATTR = 'data-caldoctor-host';
  const DOCK_ATTR = 'data-caldoctor-dock';
  const INLINE_GAP = '8px';

  /**
   * @param {HTMLElement} element
   * @param {Record<string, string>} styles
   */
  const setStyles = (element, styles) => {
    for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
  };

  class BannerFrame {
    /**
     * @param {Document} doc
     * @param {ExtensionApi} api
     * @param {string} subject
     * @param {string} title
     */
    constructor(doc, api, subject, title) {
      this.doc = doc;
      this.subject = subject;
      this.id = `${subject}.${crypto.randomUUID()}`;
      this.firstSeen = Date.now();
      this.height = 0;
      this.state = '';
      /** @type {string | null} the state the user dismissed for this subject */
      this.dismissed = null;
      /** @type {{ row: Element, parent: Element | null, levels: number } | null} inline, where */
      this.placed = null;
      /** @type {string | null} what was last handed to the frame */
      this.signature = null;
      /** @type {ReturnType<typeof setTimeout> | undefined} the adapter's look for a panel before docking */
      this.dockCheck = undefined;
      this.loads = 0;

      this.host = doc.createElement('div');
      this.host.setAttribute(HOST_ATTR, '');
      this.host.setAttribute('data-caldoctor-subject', subject);
      setStyles(this.host, { display: 'block', margin: '0', padding: '0', border: '0', 'min-width': '0' });
      this.iframe = doc.createElement('iframe');
      this.iframe.setAttribute('allow', 'clipboard-write');
      this.iframe.title = title;
      setStyles(this.iframe, {
        display: 'block', width: '100%', height: '0', border: '0', margin: '0', padding: '0', background: 'transparent',
      });
      this.iframe.addEventListener('load', () => this.host.setAttribute('data-loads', String(++this.loads)));
      this.iframe.src = api.runtime.getURL(`banner.html#${encodeURIComponent(this.id)}`);
      this.host.append(this.iframe);
      this.apply();
    }

    get docked() {
      return this.host.parentElement?.hasAttribute(DOCK_ATTR) ?? false;
    }

    get visible() {
      return this.height > 0 && this.state !== this.dismissed;
    }

    /**
     * Puts the banner right after `reference` (an ancestor of `row`, `levels` up).
     * @param {Element} reference
     * @param {Element} row
     * @param {number} levels
     * @param {string} strategy
     */
    placeAfter(reference, row, levels, strategy) {
      reference.after(this.host); // a no-op when `reference` has just been taken out of the page
      if (!reference.isConnected) return;
      this.placed = { row, parent: this.host.parentElement, levels };
      this.host.setAttribute('data-placement', strategy);
      this.apply();
    }

    /** Puts the banner in the page's dock (created on first use). */
    dock() {
      let dock = /** @type {HTMLElement | null} */ (this.doc.querySelector(`[${DOCK_ATTR}]`)); // ours: a div
      if (!dock) {
        dock = this.doc.createElement('div');
        dock.setAttribute(DOCK_ATTR, '');
        setStyles(dock, {
          position: 'fixed', top: '72px', right: '16px', width: 'min(480px, calc(100vw - 32px))',
          'max-height': 'calc(100vh - 96px)', overflow: 'auto', 'z-index': '2147483000', margin: '0', padding: '0',
          'border-radius': '8px', 'box-shadow': '0 8px 24px rgba(0, 0, 0, 0.28)',
        });
        (this.doc.body ?? this.doc.documentElement).append(dock);
      }
      dock.append(this.host);
      this.placed = null;
      this.host.setAttribute('data-placement', 'dock');
      this.apply();
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
     * The page's theme around the banner. The frame's element and document must agree on it:
     * a frame whose colour scheme differs from its element's is painted on an opaque backdrop.
     * @param {'light' | 'dark'} theme
     */
    setTheme(theme) {
      setStyles(this.iframe, { 'color-scheme': theme });
    }

    /**
     * The frame's report: the height it needs and the state it shows.
     * @param {number} height
     * @param {string} state
     */
    resize(height, state) {
      this.height = Number.isFinite(height) && height > 0 ? Math.min(Math.ceil(height), 100000) : 0;
      this.state = state;
      this.apply();
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
      const dock = this.docked ? this.host.parentElement : null;
      this.host.remove();
      if (dock && !dock.childElementCount) dock.remove();
    }

    apply() {
      const visible = this.visible;
      this.host.toggleAttribute('data-visible', visible);
      // Invisible, the host leaves the page's flow (no gap, no shift) but keeps the width it would
      // have, so the frame measures its height at the width it will be shown at.
      const width = this.host.parentElement?.clientWidth ?? 0;
      setStyles(this.host, {
        visibility: visible ? 'visible' : 'hidden',
        position: visible ? 'static' : 'absolute',
        width: visible || !width ? 'auto' : `${width}px`,
        'pointer-events': visible ? 'auto' : 'none',
        margin: visible && this.placed?.levels === 0 ? `${INLINE_GAP} 0` : '0',
      });
      setStyles(this.iframe, { height: `${visible ? this.height : 0}px` });
      const dock = this.docked ? this.host.parentElement : null;
      if (dock) {
        // Hidden, not display:none: its frames must keep a width to measure their height.
        const shown = [...dock.children].some((h) => h.hasAttribute('data-visible'));
        setStyles(dock, { visibility: shown ? 'visible' : 'hidden', 'pointer-events': shown ? 'auto' : 'none' });
      }
    }
  }

  ns.BannerFrame = BannerFrame;
  ns.HOST_ATTR = HOST_ATTR;
})();

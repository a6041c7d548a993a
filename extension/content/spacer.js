// Hybrid Calendar Doctor — page adapter, part 4 of 6: the banner's place in the page's flow.
// An empty element right under the Office 365 row reserves the banner's height there, so the
// banner — drawn over it from outside the page's tree (banner-frame.js) — never covers page
// content, and tells where the banner goes: the box it reports follows scroll (of the document or
// any scrolling ancestor), resizes and layout shifts, at most once per frame. When the page
// re-renders its panel, only this element is put back.
/**
 * Where the banner is drawn, in viewport coordinates: `frame` the whole banner (the spacer's
 * left, top and width), `clip` the part of it the page shows (inside every scrolling or clipping
 * ancestor), `level` the z-index that puts it just above the page's stacking context around it.
 * @typedef {{ frame: { left: number, top: number, width: number }, clip: { left: number, top: number, width: number, height: number }, level: number }} SpacerBox
 */

(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});

  const SPACER_ATTR = 'data-caldoctor-spacer';
  const GAP_PX = 8; // between the row and the banner, and the banner and what follows

  /**
   * @param {HTMLElement} element
   * @param {Record<string, string>} styles
   */
  const setStyles = (element, styles) => {
    for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
  };

  class Spacer {
    /**
     * @param {Document} doc
     * @param {string} subject
     * @param {(box: SpacerBox | null) => void} onBox  called with the new box, or null while the
     *   spacer is out of the page or hidden by it
     */
    constructor(doc, subject, onBox) {
      this.doc = doc;
      this.onBox = onBox;
      this.height = 0;
      /** @type {Element | null} the row it follows */
      this.row = null;
      /** @type {Element[]} its ancestors that clip their content (overflow other than visible) */
      this.clippers = [];
      this.level = 0;
      this.frameRequest = 0;
      this.element = doc.createElement('div');
      this.element.setAttribute(SPACER_ATTR, '');
      this.element.setAttribute('data-caldoctor-subject', subject);
      this.element.setAttribute('aria-hidden', 'true');
      // Any ancestor resizing may move the spacer without resizing it: watch the whole chain.
      this.resizes = new ResizeObserver(() => this.update());
      this.requestUpdate = this.requestUpdate.bind(this);
      doc.addEventListener('scroll', this.requestUpdate, { capture: true, passive: true });
      doc.defaultView?.addEventListener('resize', this.requestUpdate, { passive: true });
      this.setHeight(0);
    }

    /** Whether it is in the page, right where it was put: under a row still in the page. */
    get placed() {
      return this.element.isConnected && Boolean(this.row?.isConnected);
    }

    /**
     * Puts the spacer right after `row`; false when the page has just taken `row` out.
     * @param {Element} row
     */
    place(row) {
      row.after(this.element);
      if (!this.element.isConnected) return false;
      this.row = row;
      this.resizes.disconnect();
      this.clippers = [];
      this.level = 0;
      const view = /** @type {Window} */ (this.doc.defaultView);
      for (let element = /** @type {Element | null} */ (this.element); element; element = element.parentElement) {
        this.resizes.observe(element);
        if (element === this.element) continue;
        const style = view.getComputedStyle(element);
        // The outermost stacking context's z-index is the one the banner's layer competes with.
        const z = Number.parseInt(style.zIndex, 10);
        if (Number.isFinite(z)) this.level = Math.max(0, z);
        if (this.clips(element, style)) this.clippers.push(element);
      }
      this.update();
      return true;
    }

    /**
     * Whether `element` clips what it holds, apart from the viewport (which the page scrolls).
     * @param {Element} element
     * @param {CSSStyleDeclaration} style
     */
    clips(element, style) {
      if (style.overflowX === 'visible' && style.overflowY === 'visible') return false;
      const root = this.doc.documentElement;
      if (element === root) return false;
      // The body's overflow is the viewport's unless the root element sets its own.
      if (element === this.doc.body) return this.doc.defaultView?.getComputedStyle(root).overflowY !== 'visible';
      return true;
    }

    /** Takes the spacer out of the page (the banner docks, or goes). */
    detach() {
      this.element.remove();
      this.row = null;
      this.resizes.disconnect();
    }

    /**
     * The banner's height; 0 takes no room at all (no gap, no shift).
     * @param {number} height
     */
    setHeight(height) {
      this.height = height;
      setStyles(this.element, {
        display: 'block', height: `${height}px`, margin: height > 0 ? `${GAP_PX}px 0` : '0', padding: '0', border: '0',
        'box-sizing': 'content-box', 'min-width': '0', 'max-width': 'none', flex: 'none', 'grid-column': '1 / -1',
        background: 'transparent',
      });
      this.requestUpdate();
    }

    /** An update at the next frame: scroll and resize events come in bursts. */
    requestUpdate() {
      const view = this.doc.defaultView;
      if (this.frameRequest || !view) return;
      this.frameRequest = view.requestAnimationFrame(() => {
        this.frameRequest = 0;
        this.update();
      });
    }

    /** Reports where the banner goes now. */
    update() {
      const spacer = this.element;
      if (!this.placed || spacer.getClientRects().length === 0 || !spacer.checkVisibility({ visibilityProperty: true })) {
        if (this.row) this.onBox(null);
        return;
      }
      const rect = spacer.getBoundingClientRect();
      let { left, top, right } = rect;
      let bottom = top + this.height;
      for (const clipper of this.clippers) {
        const outer = clipper.getBoundingClientRect();
        const innerLeft = outer.left + clipper.clientLeft;
        const innerTop = outer.top + clipper.clientTop;
        left = Math.max(left, innerLeft);
        top = Math.max(top, innerTop);
        right = Math.min(right, innerLeft + clipper.clientWidth);
        bottom = Math.min(bottom, innerTop + clipper.clientHeight);
      }
      this.onBox({
        frame: { left: rect.left, top: rect.top, width: rect.width },
        clip: { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) },
        level: this.level,
      });
    }

    /** Out of the page for good: its observer and listeners go with it. */
    dispose() {
      this.detach();
      if (this.frameRequest) this.doc.defaultView?.cancelAnimationFrame(this.frameRequest);
      this.frameRequest = 0;
      this.doc.removeEventListener('scroll', this.requestUpdate, { capture: true });
      this.doc.defaultView?.removeEventListener('resize', this.requestUpdate);
    }
  }

  ns.Spacer = Spacer;
  ns.SPACER_ATTR = SPACER_ATTR;
})();

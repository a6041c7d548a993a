// Hybrid Calendar Doctor — page adapter, part 2 of 6: what the page shows that the responses may
// not carry. The calendar email of the Scheduling panel ("Email Address …"), Control Hub's UI
// language (<html lang>) and its theme (light or dark). (Tenant details: tenant-details.js.)
// Reads text only; never writes to the page.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});

  const EMAIL_LABELS = ['Email Address', 'Email address', 'Email', 'メール アドレス', 'メールアドレス'];
  const EMAIL = /[^\s@<>()"',;:]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z0-9-]{2,63}/;
  const MAX_TEXT = 4000;

  /** An element's text as one line (whitespace collapsed), '' for none. @param {Node | null | undefined} node */
  const text = (node) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

  /**
   * Control Hub's UI language, e.g. "ja" or "en-US".
   * @param {Document} doc
   */
  function lang(doc) {
    return doc.documentElement?.getAttribute('lang') || doc.defaultView?.navigator?.language || 'en';
  }

  /**
   * The calendar email shown in `panel`, or null while the panel shows none ("—").
   * @param {Element | null | undefined} panel
   */
  function panelEmail(panel) {
    if (!panel) return null;
    const marked = panel.querySelector('[data-testid="scheduling-email"]');
    const found = EMAIL.exec(text(marked))?.[0];
    if (found) return found;
    // A label row: the value follows the label.
    for (const label of panel.querySelectorAll('dt, th, label, div, span')) {
      if (label.childElementCount > 0 || !EMAIL_LABELS.includes(text(label))) continue;
      const value = EMAIL.exec(text(label.nextElementSibling) || text(label.parentElement).slice(0, MAX_TEXT))?.[0];
      if (value) return value;
    }
    return EMAIL.exec(text(panel).slice(0, MAX_TEXT))?.[0] ?? null;
  }

  /**
   * The theme the page shows around `element`: `dark` when the first opaque background up its
   * ancestors (or the page's own colour scheme) is dark, else `light`. The banner follows it.
   * @param {Element | null | undefined} element
   * @param {Document} doc
   * @returns {'light' | 'dark'}
   */
  function theme(element, doc) {
    const view = doc.defaultView;
    for (let node = /** @type {Element | null} */ (element ?? doc.body); node && view; node = node.parentElement) {
      const rgba = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(view.getComputedStyle(node).backgroundColor);
      if (!rgba || rgba[4] === '0') continue;
      const [r, g, b] = rgba.slice(1, 4).map((c) => {
        const v = Number(c) / 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.2 ? 'dark' : 'light';
    }
    const scheme = view?.getComputedStyle(doc.documentElement).colorScheme ?? '';
    return /^\s*dark\s*$/.test(scheme) ? 'dark' : 'light';
  }

  ns.pageContext = { lang, panelEmail, theme, text };
})();

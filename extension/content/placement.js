// Hybrid Calendar Doctor — page adapter, part 3 of 6: where on the page the banner goes.
// Control Hub's markup is not ours and changes, so the Scheduling panel is looked for by a few
// strategies, most specific first; every selector and word they use is in this one table.
//   1. structure  the panel's own test ids (scheduling section / calendar row)
//   2. heading    a heading reading "Scheduling" / "スケジューリング", then the "Office 365" row in its card
//   3. status     the status word itself ("Unauthorized", or the word the subject's status carries)
// When none matches, the adapter docks the banner at the top right (so the diagnosis is never lost).
// The banner's spacer goes right under the Office 365 row (spacer.js); the page may re-render that
// row at will: the spacer is put back, the frame itself lives outside the page's tree.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});

  const SELECTORS = {
    row: '[data-testid="scheduling-calendar-row"]',
    panel: '[data-testid="scheduling-section"]',
    card: 'section, article, .md-card, [role="region"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"], .md-card__title',
    subject: '[data-subject-id]',
  };
  const HEADINGS = ['Scheduling', 'スケジューリング'];
  const PROVIDERS = ['Office 365', 'Microsoft 365', 'Microsoft Office 365'];
  const STATUS_WORDS = ['Unauthorized'];
  const MAX_TEXT_NODES = 20000; // the status-text walk gives up on larger pages

  const { text } = ns.pageContext; // page-context.js comes first

  /**
   * From a label or status element, up to the row that holds both (the label and its status).
   * @param {Element} element
   * @param {Element | null} card
   */
  function rowAround(element, card) {
    const own = text(element);
    let row = element;
    for (let i = 0; i < 4 && row.parentElement && row.parentElement !== card; i++) {
      row = row.parentElement;
      if (text(row) !== own) return row;
    }
    return row;
  }

  /**
   * The first element under `root` whose whole text is one of `words`.
   * @param {ParentNode} root
   * @param {string[]} words
   */
  function elementWithText(root, words, selector = '*') {
    for (const element of root.querySelectorAll(selector)) {
      if (element.childElementCount === 0 && words.includes(text(element))) return element;
    }
    return null;
  }

  /** The subject id the page marks around `element`, if any. @param {Element} element */
  const owner = (element) => element.closest(SELECTORS.subject)?.getAttribute('data-subject-id')?.toLowerCase();

  /** @typedef {{ strategy: string, row: Element, panel: Element | null }} FoundPanel */

  /**
   * @param {Document} doc
   * @param {string | null} subject
   * @returns {FoundPanel | null}
   */
  function byStructure(doc, subject) {
    const rows = [...doc.querySelectorAll(SELECTORS.row)];
    const row = rows.find((r) => owner(r) === subject) ?? rows.find((r) => owner(r) === undefined);
    if (!row) return null;
    return { strategy: 'structure', row, panel: row.closest(SELECTORS.panel) ?? row.closest(SELECTORS.card) ?? row.parentElement };
  }

  /**
   * @param {Document} doc
   * @returns {FoundPanel | null}
   */
  function byHeading(doc) {
    for (const heading of doc.querySelectorAll(SELECTORS.heading)) {
      if (!HEADINGS.includes(text(heading))) continue;
      const panel = heading.closest(SELECTORS.card) ?? heading.parentElement?.parentElement;
      if (!panel) continue;
      const label = elementWithText(panel, PROVIDERS);
      return { strategy: 'heading', row: label ? rowAround(label, panel) : heading, panel };
    }
    return null;
  }

  /**
   * @param {Document} doc
   * @param {string[]} words
   * @returns {FoundPanel | null}
   */
  function byStatus(doc, words) {
    const wanted = [...new Set([...words, ...STATUS_WORDS])];
    const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(), seen = 0; node && seen < MAX_TEXT_NODES; node = walker.nextNode(), seen++) {
      if (!wanted.includes(/** @type {Text} */ (node).data.trim())) continue;
      const element = node.parentElement;
      if (!element || element.closest('script, style, template, [data-caldoctor-host]')) continue;
      const panel = element.closest(SELECTORS.card) ?? element.parentElement;
      return { strategy: 'status', row: rowAround(element, panel), panel };
    }
    return null;
  }

  /**
   * The Scheduling panel of `subject` as `{strategy, row, panel}`, or null when no strategy finds
   * it. `statusWords` are the words the subject's status responses say Control Hub shows;
   * `textScan` false skips the status strategy (a walk over the page's text, the costly one).
   * @param {Document} doc
   * @param {string | null} subject
   * @param {string[]} [statusWords]
   */
  function findPanel(doc, subject, statusWords = [], textScan = true) {
    // A panel marked with another subject's id is that subject's (the page is mid-navigation).
    /** @param {FoundPanel | null} found */
    const mine = (found) => (found && [undefined, subject].includes(owner(found.row)) ? found : null);
    return mine(byStructure(doc, subject)) ?? mine(byHeading(doc)) ?? (textScan ? mine(byStatus(doc, statusWords)) : null);
  }

  ns.placement = { findPanel, SELECTORS, HEADINGS, PROVIDERS };
})();

// Hybrid Calendar Doctor — page adapter: the Tenant details panels the page shows,
// one per Microsoft 365 tenant (an org can integrate several). Each panel is found by Control
// Hub's test id or by its heading ("Tenant details" / "テナントの詳細"); in it, the tenant's name
// and id (a labelled value, the panel's heading, or the title of the tenant's card) and
// its list of domains — or the word "Unknown" Control Hub shows for a tenant to re-authorize.
// Reads text only; never writes to the page.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});

  const HEADINGS = 'h1, h2, h3, h4, h5, h6, [role="heading"], legend, summary';
  const PANEL_HEADING = /^(?:tenant details|テナントの?詳細)(?:\s*[:：\-–—]\s*(.*))?$/i;
  const DOMAIN_HEADINGS = ['domains', 'ドメイン', 'verified domains', '検証済みドメイン'];
  const NAME_LABELS = ['tenant name', 'name', 'テナント名', 'テナントの名前', '名前'];
  const ID_LABELS = ['tenant id', 'id', 'テナント id', 'テナントid'];
  const UNKNOWN = /^(?:unknown|不明)\b/i;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const CARD = 'section, article, details, dialog, [role="dialog"], [role="region"], [role="listitem"], li, .md-card';
  const MAX_PANELS = 20;
  const MAX_TEXT = 4000;
  const MAX_NAME = 200;

  /** An element's text as one line (whitespace collapsed), '' for none. @param {Node | null | undefined} node */
  const text = (node) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  /** @param {Element} element */
  const label = (element) => text(element).replace(/[:：]$/, '').trim().toLowerCase();

  /**
   * Every Tenant details panel on the page, innermost first, none inside another.
   * @param {Document} doc
   * @returns {Element[]}
   */
  function panels(doc) {
    /** @type {Set<Element>} */
    const found = new Set(doc.querySelectorAll('[data-testid="tenant-details"]'));
    for (const heading of doc.querySelectorAll(HEADINGS)) {
      if (!PANEL_HEADING.test(text(heading))) continue;
      if ([...found].some((panel) => panel.contains(heading))) continue;
      found.add(heading.closest(CARD) ?? heading.parentElement ?? heading);
    }
    const all = [...found];
    return all.filter((panel) => !all.some((other) => other !== panel && panel.contains(other))).slice(0, MAX_PANELS);
  }

  /**
   * The value after a label (`<dt>` → `<dd>`, a label cell → the next cell) in `panel`.
   * @param {Element} panel
   * @param {string[]} labels
   */
  function labelled(panel, labels) {
    for (const element of panel.querySelectorAll('dt, th, label, span, div')) {
      if (element.childElementCount > 0 || !labels.includes(label(element))) continue;
      const value = text(element.nextElementSibling);
      if (value) return value.slice(0, MAX_NAME);
    }
    return '';
  }

  /**
   * The list of domains in `panel`: marked, after a "Domains" heading, or the first list of it.
   * @param {Element} panel
   */
  function domainList(panel) {
    const marked = panel.querySelector('[data-testid="tenant-domains"]');
    if (marked) return marked;
    for (const heading of panel.querySelectorAll(`${HEADINGS}, dt, p, div, span`)) {
      if (heading.childElementCount > 0 || !DOMAIN_HEADINGS.includes(label(heading))) continue;
      let next = heading.nextElementSibling;
      while (next && !next.matches('ul, ol, dd')) next = next.nextElementSibling;
      if (next) return next;
    }
    return panel.querySelector('ul, ol');
  }

  /**
   * The tenant's title near `panel`: a heading of its own that names neither the panel nor the
   * domains (a tenant's card holding its disclosure), else the title of the card around it.
   * @param {Element} panel
   */
  function title(panel) {
    for (const card of [panel, panel.parentElement?.closest(CARD)]) {
      for (const heading of card?.querySelectorAll(HEADINGS) ?? []) {
        if (card !== panel && panel.contains(heading)) continue;
        if (PANEL_HEADING.test(text(heading)) || DOMAIN_HEADINGS.includes(label(heading))) continue;
        return text(heading).slice(0, MAX_NAME);
      }
    }
    return '';
  }

  /**
   * One panel's tenant, or null while it shows neither domains nor "Unknown" (still loading).
   * @param {Element} panel
   * @returns {TenantReading | null}
   */
  function reading(panel) {
    const list = domainList(panel);
    if (!list) return null;
    const items = [...list.querySelectorAll('li')].map(text).filter(Boolean);
    const lines = items.length ? items : [text(list)];
    const domains = lines.filter((line) => line.includes('.')).join('\n').slice(0, MAX_TEXT);
    const unknown = !domains && lines.some((line) => UNKNOWN.test(line));
    if (!domains && !unknown) return null;
    const heading = [...panel.querySelectorAll(HEADINGS)].map((h) => PANEL_HEADING.exec(text(h))).find(Boolean);
    const name = text(panel.querySelector('[data-testid="tenant-name"]')).slice(0, MAX_NAME) ||
      labelled(panel, NAME_LABELS) || (heading?.[1] ?? '').slice(0, MAX_NAME) || title(panel);
    const id = [text(panel.querySelector('[data-testid="tenant-id"]')), labelled(panel, ID_LABELS)].find((v) => UUID.test(v));
    return { key: id?.toLowerCase() ?? name, name, domains, unknown };
  }

  /**
   * The tenants whose Tenant details the page shows, each once (by key).
   * @param {Document} doc
   * @returns {TenantReading[]}
   */
  function readTenants(doc) {
    /** @type {Map<string, TenantReading>} */
    const byKey = new Map();
    for (const panel of panels(doc)) {
      const tenant = reading(panel);
      if (tenant && !byKey.has(tenant.key)) byKey.set(tenant.key, tenant);
    }
    return [...byKey.values()];
  }

  ns.tenantDetails = { readTenants };
})();

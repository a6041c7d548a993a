// Hybrid Calendar Doctor — page adapter: learning the tenants' domains wherever Tenant details
// appear, whether or not the page received any Hybrid Calendar response. Idle by default (four
// listeners: popstate, hashchange, the Navigation API's currententrychange, a passive click; no
// observer), it watches the DOM only while the URL is one of the Hybrid Calendar settings views
// (the panels render late, and the admin expands them) and for a few seconds after a click
// elsewhere (a panel opened in place, or an in-app navigation in a browser without the Navigation
// API, where pushState fires no event). What it reads is attributed to the org of the page: named
// in the URL, else the one the page's responses were about; read before any org is known, it
// waits for one.
(() => {
  'use strict';
  const ns = (globalThis.caldoctor ??= {});
  const { readTenants } = ns.tenantDetails ?? {};
  if (!readTenants) return; // a part is missing

  // Control Hub's Services > Hybrid Calendar (Microsoft 365) views, in its path or hash routes.
  const SETTINGS_VIEW = /(?:^|[/#])services?\/(?:[^?#]*[/-])?(?:hybrid-?calendar|calendar|o365|office-?365|microsoft-?365)/i;
  const ORG_IN_URL = /[/?&#;](?:orgs?|organizations?|orgId|organizationId)[/=]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/i;
  const LOOK_AFTER_CLICK_MS = 3000;

  /**
   * The org id a Control Hub URL names (`…/orgs/<id>/…`, `?orgId=<id>`), lower case, or null.
   * @param {string} href
   */
  function orgInUrl(href) {
    return ORG_IN_URL.exec(href)?.[1].toLowerCase() ?? null;
  }

  /** @param {Location} where */
  const isSettingsView = (where) => SETTINGS_VIEW.test(`${where.pathname}${where.hash}`);

  /**
   * Watches `doc` for Tenant details and hands each tenant read, once per change, to `store`.
   * @param {Document} doc
   * @param {{ lastOrg: () => string | null, store: (org: string, tenants: TenantReading[]) => Promise<void>, quiet: (error: unknown) => void }} hooks
   *   `lastOrg`: the org of the page's latest responses; `store`: saves what was read; `quiet`: errors
   */
  function watchTenantDetails(doc, { lastOrg, store, quiet }) {
    const view = /** @type {Window} */ (doc.defaultView);
    /** @type {MutationObserver | null} */
    let observer = null;
    let lookUntil = 0; // watch the DOM until then (Infinity on a settings view)
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let lookEnd; // ends a finite look even when the page stays still
    let frameRequested = false;
    let href = '';
    /** @type {Map<string, string>} `org\0key` → what was stored of that tenant */
    const stored = new Map();
    /** @type {Map<string, TenantReading>} read while no org was known, by key */
    const pending = new Map();

    /** Starts (or prolongs) watching the DOM for `ms`. @param {number} ms */
    function look(ms) {
      lookUntil = Math.max(lookUntil, Date.now() + ms);
      endLookAt(lookUntil);
      if (observer) return;
      observer = new MutationObserver(requestCheck);
      observer.observe(doc.documentElement, { childList: true, subtree: true });
      requestCheck();
    }

    function requestCheck() {
      if (frameRequested) return;
      frameRequested = true;
      view.requestAnimationFrame(check);
    }

    /** On a settings view: watch while the URL stays there. */
    function noticeUrl() {
      if (view.location.href === href) return;
      href = view.location.href;
      if (isSettingsView(view.location)) look(Infinity);
      else if (lookUntil === Infinity) endLookAt((lookUntil = Date.now() + LOOK_AFTER_CLICK_MS));
    }

    /** @param {number} until */
    function endLookAt(until) {
      clearTimeout(lookEnd);
      if (until !== Infinity) lookEnd = setTimeout(endLook, until - Date.now());
    }

    function endLook() {
      if (Date.now() < lookUntil) return;
      observer?.disconnect();
      observer = null;
    }

    function check() {
      frameRequested = false;
      try {
        noticeUrl();
        const tenants = readTenants(doc);
        if (tenants.length) deliver(tenants);
      } catch (error) {
        quiet(error);
      }
    }

    /** @param {TenantReading[]} tenants  read now (more may wait in `pending`) */
    function deliver(tenants) {
      for (const t of tenants) pending.set(t.key, t);
      const org = orgInUrl(view.location.href) ?? lastOrg();
      if (!org) return;
      const read = [...pending.values()];
      pending.clear();
      const changed = read.filter((t) => stored.get(`${org}\u0000${t.key}`) !== JSON.stringify(t));
      if (!changed.length) return;
      for (const t of changed) stored.set(`${org}\u0000${t.key}`, JSON.stringify(t));
      store(org, changed).catch((error) => {
        for (const t of changed) stored.delete(`${org}\u0000${t.key}`); // stored again at the next look
        quiet(error);
      });
    }

    function onNavigation() {
      try {
        noticeUrl();
      } catch (error) {
        quiet(error);
      }
    }

    function onClick() {
      try {
        look(LOOK_AFTER_CLICK_MS);
      } catch (error) {
        quiet(error);
      }
    }

    view.addEventListener('popstate', onNavigation);
    view.addEventListener('hashchange', onNavigation);
    view.navigation?.addEventListener?.('currententrychange', onNavigation);
    doc.addEventListener('click', onClick, { capture: true, passive: true });
    onNavigation();

    return {
      /** The page's responses named an org: what was read before is stored under it now. */
      orgSeen() {
        if (pending.size) deliver([]);
      },
      stop() {
        view.removeEventListener('popstate', onNavigation);
        view.removeEventListener('hashchange', onNavigation);
        view.navigation?.removeEventListener?.('currententrychange', onNavigation);
        doc.removeEventListener('click', onClick, { capture: true });
        clearTimeout(lookEnd);
        observer?.disconnect();
        observer = null;
      },
    };
  }

  ns.tenantLearning = { watchTenantDetails, orgInUrl, isSettingsView };
})();

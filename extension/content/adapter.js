// Hybrid Calendar Doctor — page adapter, part 5 of 5: the wiring (ISOLATED world, document_start).
//   hook event ─▶ InputStore ─▶ sync(): which subject the page shows, its panel, its banner
//   background ─▶ {height, state} / {dismiss} for a banner frame
//   DOM + history changes ─▶ sync() (re-renders, navigation, the Tenant details panel)
// One banner per subject, updated in place; only the subject the page shows keeps one. Nothing
// here throws into the page: every entry point catches, and a dead extension context (update,
// reload) shuts the adapter down.
(() => {
  'use strict';
  const ns = globalThis.caldoctor;
  if (!ns?.inputs || ns.adapterStarted) return; // a part is missing, or injected twice
  ns.adapterStarted = true;
  const api = globalThis.browser ?? globalThis.chrome;
  const { InputStore, readDetail, normalizeId } = ns.inputs;
  const { findPanel, reference, levelsAfterLoss } = ns.placement;
  const { lang, panelEmail, tenantDomainsText } = ns.pageContext;
  const { BannerFrame, HOST_ATTR } = ns;

  const EVENT = 'caldoctor:response';
  const TENANT_KEY = 'tenantDomains'; // storage.local: { [orgId]: "domain\n…" }
  const DISMISSED_KEY = 'dismissed'; // storage.local: { [subjectId]: state }
  const MAX_DISMISSED = 200;
  const DOCK_AFTER_MS = 1500; // how long a subject's panel may take to appear before the banner docks
  const PUT_TIMEOUT_MS = 5000;

  const doc = document;
  const store = new InputStore();
  const frames = new Map(); // subject id → BannerFrame
  let tenantDomains = {};
  let dismissed = {};
  let levels = 0; // how far above the Office 365 row this page's re-renders push the banner
  let path = location.pathname;
  let navigationSeq = 0; // the store's sequence number at the last navigation
  let observer = null;
  let scheduled = false;
  let running = false;
  let again = false;
  let alive = true;

  const quiet = (error) => {
    if (/context invalidated|Extension context/i.test(String(error?.message ?? error))) shutdown();
  };

  // ------------------------------------------------------------------ inputs

  function onResponse(event) {
    try {
      const input = readDetail(event.detail);
      if (!input || !store.add(input)) return;
      observer ??= observe();
      schedule();
    } catch (error) {
      quiet(error);
    }
  }

  function onMessage(message, sender) {
    try {
      if (sender?.id !== api.runtime.id || !message || typeof message.id !== 'string') return;
      const frame = [...frames.values()].find((f) => f.id === message.id);
      if (!frame) return;
      if (message.type === 'height') frame.resize(Number(message.height), String(message.state ?? ''));
      if (message.type === 'dismiss') {
        frame.dismiss(frame.state);
        rememberDismissal(frame.subject, frame.state);
      }
    } catch (error) {
      quiet(error);
    }
  }

  function onStorageChanged(changes, area) {
    if (area !== 'local' || !changes[TENANT_KEY]) return;
    tenantDomains = changes[TENANT_KEY].newValue ?? {};
    schedule();
  }

  function rememberDismissal(subject, state) {
    delete dismissed[subject];
    dismissed[subject] = state;
    const keys = Object.keys(dismissed);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_DISMISSED))) delete dismissed[key];
    api.storage.local.set({ [DISMISSED_KEY]: dismissed }).catch(quiet);
  }

  // ------------------------------------------------------------------ page

  /** The subject the page shows: marked in the DOM, named in the URL, or polled last. */
  function currentSubject() {
    for (const element of doc.querySelectorAll(`[data-subject-id]:not([${HOST_ATTR}])`)) {
      const id = normalizeId(element.getAttribute('data-subject-id') ?? '');
      if (id && store.has(id)) return id;
    }
    for (const segment of `${location.pathname}/${location.hash}`.split(/[/#?&=]/)) {
      const id = segment && normalizeId(segment);
      if (id && store.has(id)) return id;
    }
    return store.latestPolled(navigationSeq);
  }

  function noticeNavigation() {
    if (location.pathname === path) return;
    path = location.pathname;
    navigationSeq = store.seq;
  }

  function readTenantPanel() {
    const text = tenantDomainsText(doc);
    const org = store.latestOrg;
    if (!text || !org || tenantDomains[org] === text) return;
    tenantDomains = { ...tenantDomains, [org]: text };
    api.storage.local.set({ [TENANT_KEY]: tenantDomains }).catch(quiet);
  }

  // ------------------------------------------------------------------ banners

  /** `promise`, or a rejection after PUT_TIMEOUT_MS: a lost answer must not stall every later sync. */
  function withTimeout(promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the background did not answer')), PUT_TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  function schedule() {
    if (scheduled || !alive) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      sync().catch((error) => {
        quiet(error);
        if (alive) setTimeout(schedule, PUT_TIMEOUT_MS); // e.g. the background was restarting
      });
    }, 0);
  }

  async function sync() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      noticeNavigation();
      readTenantPanel();
      const subject = currentSubject();
      for (const [id, frame] of frames) {
        if (id !== subject) {
          frame.remove();
          frames.delete(id);
        }
      }
      if (subject && store.diagnosable(subject)) await show(subject);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  async function show(subject) {
    const found = findPanel(doc, subject, store.statusWords(subject));
    let frame = frames.get(subject);
    if (!frame) {
      const title = api.i18n.getMessage('banner_frame_title') || 'Hybrid Calendar Doctor';
      frame = new BannerFrame(doc, api, subject, title);
      frame.firstSeen = Date.now();
      frame.dismissed = dismissed[subject] ?? null;
      frames.set(subject, frame);
    }
    const context = {
      email: panelEmail(found?.panel) ?? undefined,
      tenantDomains: tenantDomains[store.orgOf(subject)] ?? undefined,
      lang: lang(doc),
      timeZone: 'local',
    };
    const inputs = store.inputsFor(subject);
    // Handing the frame the same data again would re-render it (and lose its focus): only changes.
    const signature = JSON.stringify(context) + inputs.map((i) => `\u0000${i.url}\u0001${i.body}`).join('');
    if (signature !== frame.signature) {
      frame.signature = signature;
      try {
        await withTimeout(api.runtime.sendMessage({ type: 'put', id: frame.id, payload: { inputs, context } }));
      } catch (error) {
        frame.signature = null; // handed over again at the next sync
        throw error;
      }
      if (frames.get(subject) !== frame) return; // navigated away meanwhile
      if (frame.host.isConnected) frame.refresh(); // else it fetches the payload when it loads
    }
    // Looked up again: the page may have re-rendered the panel while the payload was handed over.
    place(frame, findPanel(doc, subject, store.statusWords(subject)));
  }

  /** Inserts the frame (before it loads, the background holds its payload) or re-inserts it. */
  function place(frame, found) {
    const lost = !frame.host.isConnected;
    if (!lost && !(frame.docked && found)) return; // in place: moving an iframe would reload it
    if (found) {
      // Dropped by the page: its re-renders reach this far, so sit further out from now on.
      if (lost && frame.placed) levels = Math.max(levels, levelsAfterLoss(frame.placed));
      frame.placeAfter(reference(found.row, levels), found.row, levels, found.strategy);
    } else if (Date.now() - frame.firstSeen >= DOCK_AFTER_MS) {
      frame.dock();
    } else {
      frame.dockCheck ??= setTimeout(() => {
        frame.dockCheck = undefined;
        schedule();
      }, DOCK_AFTER_MS);
    }
  }

  // ------------------------------------------------------------------ life

  function observe() {
    let frameRequested = false;
    const mutations = new MutationObserver(() => {
      if (frameRequested) return;
      frameRequested = true;
      requestAnimationFrame(() => {
        frameRequested = false;
        schedule();
      });
    });
    mutations.observe(doc.documentElement, { childList: true, subtree: true });
    return mutations;
  }

  function onNavigation() {
    schedule();
  }

  function shutdown() {
    if (!alive) return;
    alive = false;
    doc.removeEventListener(EVENT, onResponse);
    globalThis.removeEventListener('popstate', onNavigation);
    globalThis.navigation?.removeEventListener?.('currententrychange', onNavigation);
    observer?.disconnect();
    for (const frame of frames.values()) frame.remove();
    frames.clear();
    try {
      api.runtime.onMessage.removeListener(onMessage);
      api.storage.onChanged.removeListener(onStorageChanged);
    } catch (_) {
      /* the context is gone */
    }
  }

  doc.addEventListener(EVENT, onResponse);
  globalThis.addEventListener('popstate', onNavigation);
  globalThis.navigation?.addEventListener?.('currententrychange', onNavigation);
  api.runtime.onMessage.addListener(onMessage);
  api.storage.onChanged.addListener(onStorageChanged);
  api.storage.local.get([TENANT_KEY, DISMISSED_KEY]).then((stored) => {
    tenantDomains = stored?.[TENANT_KEY] ?? {};
    dismissed = stored?.[DISMISSED_KEY] ?? {};
    schedule();
  }, quiet);
})();

// Hybrid Calendar Doctor — page adapter, part 6 of 6: the wiring (ISOLATED world, document_start).
//   the hook's channel (channel.js) ─▶ InputStore ─▶ sync(): which subject the page shows, its panel, its banner
//   background ─▶ {height, state} / {dismiss} for a banner frame; {reveal} / {pause} from the popup
//   an extension page (popup, triage page) ─▶ {lists}: answered with the organisations' data
//   DOM + history changes ─▶ repair() at once (a re-rendered panel gets its spacer back before the
//                            page paints), then sync() (navigation)
//   navigation ─▶ counted when it happens; responses are tagged with the count as they arrive
//   Tenant details, wherever they appear (tenant-learning.js) ─▶ the org's tenants in storage.local
//   settings (options, policy, the screen-share shortcut) ─▶ the banners' context ─▶ sync()
// One banner per subject, updated in place; only the subject the page shows keeps one. Nothing
// here throws into the page: every entry point catches, and a dead extension context (update,
// reload) shuts the adapter down.
(() => {
  'use strict';
  const ns = globalThis.caldoctor;
  const shared = /** @type {CaldoctorShared | undefined} */ (Reflect.get(globalThis, Symbol.for('caldoctor.shared')));
  if (!ns?.inputs || !ns.tenantLearning || !ns.channel || !shared?.settings || ns.adapterStarted) return; // a part is missing, or injected twice
  ns.adapterStarted = true;
  const { protocol, api } = shared;
  const { effectiveSettings, tenantsFor, diagnosisOptions, learnTenant, changesSettings } = shared.settings;
  const { InputStore, readDetail, normalizeId } = ns.inputs;
  const { findPanel } = ns.placement;
  const { lang, panelEmail, theme } = ns.pageContext;
  const { BannerFrame, HOST_ATTR } = ns;

  const EVENT = protocol.events.response;
  const { messages, storage } = protocol;
  const MAX_DISMISSED = 200;
  const DOCK_AFTER_MS = 1500; // how long a subject's panel may take to appear before the banner docks
  const PUT_TIMEOUT_MS = 5000;
  const TEXT_SCAN_EVERY_MS = 1000;

  const doc = document;
  const store = new InputStore();
  /** @type {Map<string, any>} subject id → its BannerFrame (banner-frame.js) */
  const frames = new Map();
  /** @type {any} a BannerFrame loading with no subject yet, for the next banner (BannerFrame.spare) */
  let spare = null;
  /** @type {EffectiveSettings | null} */
  let settings = null;
  /** @type {Record<string, string>} storage.local's dismissals: subject id → the state dismissed */
  let dismissed = {};
  let paused = false; // the popup's switch for this tab
  let path = location.pathname;
  let navigation = 0; // how many times the page has navigated (changed its path) so far
  /** @type {Set<string>} the orgs the page's responses were filed under since it last navigated */
  let pageOrgs = new Set();
  /** @type {EventTarget | null} the hook's node its responses arrive on (channel.js), once handed over */
  let channel = null;
  /** @type {MutationObserver | null} set by start(), at the page's first Hybrid Calendar response */
  let observer = null;
  let scheduled = false;
  let running = false;
  let again = false;
  let alive = true;
  let lastTextScan = 0; // when the status-text strategy last walked the page in vain

  /** @param {unknown} error */
  const quiet = (error) => {
    if (/context invalidated|Extension context/i.test(error instanceof Error ? error.message : String(error))) shutdown();
  };

  // ------------------------------------------------------------------ inputs

  /** @param {Event} event  the hook's CustomEvent, on its channel */
  function onResponse(event) {
    try {
      const input = readDetail(/** @type {CustomEvent} */ (event).detail);
      if (!input) return;
      noticeNavigation(); // before filing: a response that arrives after a navigation is the new page's
      const filed = store.add(input, navigation);
      if (!filed) return;
      if (filed.org) pageOrgs.add(filed.org);
      tenantWatch.orgSeen();
      observer ??= start();
      schedule();
    } catch (error) {
      quiet(error);
    }
  }

  /**
   * @param {AdapterNotice | ListsRequest} message
   * @param {chrome.runtime.MessageSender} sender
   * @param {(answer: ListsAnswer | HeadsAnswer) => void} sendResponse
   */
  function onMessage(message, sender, sendResponse) {
    try {
      if (sender?.id !== api.runtime.id || !message) return;
      // Paused, the tab reads nothing: no organisation's data either.
      if (message.type === messages.lists) return sendResponse({ orgs: paused ? [] : message.headsOnly ? store.heads() : store.lists() });
      if (message.type === messages.pause) return setPaused(message.paused === true);
      const frame = [...frames.values()].find((f) => f.id === message.id);
      if (!frame) return;
      if (message.type === messages.height) {
        if (frame.resize(Number(message.height), String(message.state ?? ''), Number(message.width))) {
          prepareSpare(); // once a banner is up: the next subject's (an in-app navigation) is ready
        } else {
          frame.measure(); // measured at a width it no longer has: its height at this one
        }
      }
      if (message.type === messages.dismiss) {
        frame.dismiss(frame.state);
        rememberDismissal(frame.subject, frame.state);
      }
      if (message.type === messages.reveal) {
        frame.dismiss(null);
        rememberDismissal(frame.subject, null);
        frame.scrollIntoView();
      }
    } catch (error) {
      quiet(error);
    }
  }

  /** @param {boolean} value */
  function setPaused(value) {
    paused = value;
    if (paused) {
      removeFrames(() => true);
      removeSpare();
    }
    schedule();
  }

  /**
   * @param {Record<string, chrome.storage.StorageChange>} changes
   * @param {string} area
   */
  function onStorageChanged(changes, area) {
    if (!observer) return; // not started: the settings are read at start
    if (changesSettings(changes, area)) loadSettings();
  }

  function loadSettings() {
    effectiveSettings().then((loaded) => {
      settings = loaded;
      schedule();
    }, quiet);
  }

  /**
   * Remembers (or, with `state` null, forgets) the dismissal of `subject`'s banner.
   * @param {string} subject
   * @param {string | null} state
   */
  function rememberDismissal(subject, state) {
    delete dismissed[subject];
    if (state !== null) dismissed[subject] = state;
    const keys = Object.keys(dismissed);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_DISMISSED))) delete dismissed[key];
    api.storage.local.set({ [storage.dismissed]: dismissed }).catch(quiet);
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
    return store.latestPolled(navigation);
  }

  /** Counts a navigation when the path has changed since last looked at. */
  function noticeNavigation() {
    if (location.pathname === path) return;
    path = location.pathname;
    navigation++;
    pageOrgs = new Set();
  }

  /**
   * The org the page's Tenant details belong to, when its URL names none: the one its responses
   * named, while they agree. A page script cannot forge the hook's events, but it can request
   * another org's data; then nothing is filed (what was read waits for the next page) rather
   * than filed under that org.
   */
  function pageOrg() {
    return pageOrgs.size > 1 ? null : store.latestOrg;
  }

  /**
   * Right after the page's DOM changed, before it paints: drops the banners of subjects the page
   * no longer shows, and puts the shown banner's spacer back under its row if a re-render took it.
   */
  function repair() {
    noticeNavigation();
    if (!settings || paused) return;
    const subject = currentSubject();
    removeFrames((id) => id !== subject);
    const frame = subject ? frames.get(subject) : undefined;
    if (!frame?.attached) return; // not shown yet: sync() shows it
    place(frame, subject);
    frame.spacer.requestUpdate(); // the change may have moved the panel without resizing anything
  }

  /**
   * Stores the tenants Tenant details showed for `org`, unless the admin's policy sets its tenants.
   * @param {string} org
   * @param {TenantReading[]} tenants
   */
  async function storeTenants(org, tenants) {
    const current = settings ?? (await effectiveSettings());
    if (current.lockedOrgs.includes(org)) return;
    for (const tenant of tenants) await learnTenant(org, tenant); // storage.onChanged reloads the settings
  }

  const frameTitle = () => api.i18n.getMessage('banner_frame_title') || 'Hybrid Calendar Doctor';

  /** Starts loading a spare frame, unless there is one or the tab is paused. */
  function prepareSpare() {
    if (!spare && alive && !paused) spare = BannerFrame.spare(doc, api, frameTitle());
  }

  function removeSpare() {
    if (!spare) return;
    spare.remove();
    api.runtime.sendMessage(/** @satisfies {ForgetRequest} */ ({ type: messages.forget, id: spare.id })).catch(quiet);
    spare = null;
  }

  /**
   * Takes the banners of the subjects `which` selects off the page (and out of the popup).
   * @param {(subject: string) => boolean} which
   */
  function removeFrames(which) {
    for (const [id, frame] of frames) {
      if (!which(id)) continue;
      frame.remove();
      frames.delete(id);
      api.runtime.sendMessage(/** @satisfies {ForgetRequest} */ ({ type: messages.forget, id: frame.id })).catch(quiet);
    }
  }

  // ------------------------------------------------------------------ banners

  /**
   * `promise`, or a rejection after PUT_TIMEOUT_MS: a lost answer must not stall every later sync.
   * @param {Promise<unknown>} promise
   */
  function withTimeout(promise) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
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
      const current = settings;
      if (!current || paused) return;
      noticeNavigation();
      const subject = currentSubject();
      removeFrames((id) => id !== subject);
      if (subject && store.diagnosable(subject)) await show(subject, current);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  /**
   * The frame's context: the settings' part (settings.js, the one step from options to context)
   * and what this page shows around the subject's panel.
   * @param {EffectiveSettings} current
   * @param {string} subject
   * @param {Element | null | undefined} panel
   * @returns {BannerContext}
   */
  function bannerContext(current, subject, panel) {
    return {
      ...diagnosisOptions(current, lang(doc)),
      email: panelEmail(panel) ?? undefined,
      tenants: tenantsFor(current, store.orgOf(subject)),
      org: store.orgOf(subject) || undefined,
      subject,
      timeZone: 'local',
      theme: theme(panel, doc),
    };
  }

  /**
   * @param {string} subject
   * @param {EffectiveSettings} current
   */
  async function show(subject, current) {
    const found = panelOf(subject);
    let frame = frames.get(subject);
    if (!frame) {
      frame = spare ?? new BannerFrame(doc, api, null, frameTitle());
      spare = null;
      frame.adopt(subject);
      frame.dismissed = dismissed[subject] ?? null;
      frames.set(subject, frame);
    }
    const context = bannerContext(current, subject, found?.panel);
    frame.setTheme(context.theme);
    // Handing the frame the same data again would re-render it (and lose its focus): only changes.
    const signature = `${store.versionOf(subject)}\u0000${JSON.stringify(context)}`;
    let refetch = false;
    if (signature !== frame.signature) {
      frame.signature = signature;
      const inputs = store.inputsFor(subject);
      try {
        await withTimeout(api.runtime.sendMessage(/** @satisfies {PutRequest} */ ({ type: messages.put, id: frame.id, payload: { inputs, context } })));
      } catch (error) {
        frame.signature = null; // handed over again at the next sync
        throw error;
      }
      if (frames.get(subject) !== frame) return; // navigated away meanwhile
      // Else it fetches the payload when it loads. Asked once placed: its width is on its way first.
      refetch = frame.loading;
    }
    place(frame, subject);
    if (refetch) frame.refresh();
  }

  /**
   * The subject's panel. Unless `thorough`, the status-text strategy (a walk over the page's
   * text) runs at most once a second: syncs follow the page's mutations, up to one per frame.
   * @param {string} subject
   * @returns {{ strategy: string, row: Element, panel: Element | null } | null}
   */
  function panelOf(subject, thorough = false) {
    const textScan = thorough || Date.now() - lastTextScan >= TEXT_SCAN_EVERY_MS;
    const found = findPanel(doc, subject, store.statusWords(subject), textScan);
    if (textScan && !found) lastTextScan = Date.now();
    return found;
  }

  /**
   * Puts the banner under its row: at first (before it loads, the background holds its payload),
   * again when a re-render took its spacer, or out of the dock into a panel that has appeared.
   * The frame itself never moves in the tree: moving an iframe reloads it.
   * @param {any} frame  a BannerFrame (banner-frame.js)
   * @param {string} subject
   */
  function place(frame, subject) {
    if (frame.inPlace) return;
    if (frame.mode === 'inline') frame.lose(); // the page took the row (and the spacer) away
    // In full while it is looking, at leisure for a docked one that may move inline.
    const found = panelOf(subject, !frame.docked);
    if (found && frame.placeUnder(found.row, found.strategy)) return;
    if (frame.docked) {
      if (!frame.host.isConnected) frame.dock(); // the page took the layer: back in (reloaded)
      return;
    }
    if (Date.now() - frame.searchingSince >= DOCK_AFTER_MS) {
      frame.dock();
    } else {
      frame.dockCheck ??= setTimeout(() => {
        frame.dockCheck = undefined;
        schedule();
      }, DOCK_AFTER_MS);
    }
  }

  // ------------------------------------------------------------------ life

  /**
   * Wakes the adapter at the first Hybrid Calendar response of the page, not at page start: most
   * Control Hub pages have none, and pay for nothing but the event listener. Reads the settings,
   * the dismissals and this tab's pause, and starts watching the DOM; returns the observer.
   */
  function start() {
    // Loading a frame takes longer than reading the settings and the page: meanwhile.
    prepareSpare();
    api.storage.local.get(storage.dismissed).then((stored) => {
      dismissed = /** @type {Record<string, string> | undefined} */ (stored?.[storage.dismissed]) ?? {};
      loadSettings();
    }, quiet);
    api.runtime
      .sendMessage(/** @satisfies {PausedRequest} */ ({ type: messages.paused }))
      .then((/** @type {PausedAnswer | null} */ answer) => setPaused(answer?.paused === true), quiet);
    let frameRequested = false;
    const mutations = new MutationObserver(() => {
      try {
        repair();
      } catch (error) {
        quiet(error);
      }
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
    try {
      noticeNavigation();
      schedule();
    } catch (error) {
      quiet(error);
    }
  }

  function shutdown() {
    if (!alive) return;
    alive = false;
    channel?.removeEventListener(EVENT, onResponse);
    globalThis.removeEventListener('popstate', onNavigation);
    globalThis.navigation?.removeEventListener?.('currententrychange', onNavigation);
    observer?.disconnect();
    tenantWatch.stop();
    for (const frame of frames.values()) frame.remove();
    frames.clear();
    spare?.remove();
    spare = null;
    try {
      api.runtime.onMessage.removeListener(onMessage);
      api.storage.onChanged.removeListener(onStorageChanged);
    } catch (_) {
      /* the context is gone */
    }
  }

  const tenantWatch = ns.tenantLearning.watchTenantDetails(doc, { lastOrg: pageOrg, store: storeTenants, quiet });
  // Synchronously, at document_start: the handshake is over before any page script runs.
  ns.channel.openChannel(doc, protocol.events, (/** @type {EventTarget} */ node) => {
    channel = node;
    node.addEventListener(EVENT, onResponse);
  });
  globalThis.addEventListener('popstate', onNavigation);
  globalThis.navigation?.addEventListener?.('currententrychange', onNavigation);
  api.runtime.onMessage.addListener(onMessage);
  api.storage.onChanged.addListener(onStorageChanged);
})();

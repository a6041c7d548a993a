/*
 * Control Hub replica: a small single-page app that looks and behaves enough like Webex Control Hub
 * (admin.webex.com) for Hybrid Calendar Doctor's browser e2e tests and demo. No framework, no build.
 * Every node is built with createElement/textContent: no innerHTML, no inline style or handlers, so
 * the page runs under "default-src 'self'; script-src 'self'; frame-src 'self'".
 *
 * URL conventions (query params are read once, at page load; in-app navigation keeps them in memory)
 *   /                                   → replaced by /workspaces
 *   /workspaces                         workspace list          [data-testid="page-workspaces"]
 *   /workspaces/{placeId}               workspace Overview      [data-testid="page-workspace"]
 *   /users                              user list               [data-testid="page-users"]
 *   /users/{userId}                     user Overview           [data-testid="page-user"]
 *   /services                           services                [data-testid="page-services"]
 *   /services/hybrid-calendar           Hybrid Calendar (M365)  [data-testid="page-hybrid-calendar"]
 *   /services/hybrid-calendar/tenant    Tenant details          [data-testid="page-tenant"]
 *   /reports/user-status                User Status Report      [data-testid="page-user-status-report"]
 *   ?lang=ja         Japanese UI, <html lang="ja"> (default en)
 *   ?poll=MS         status poll period in ms (default 10000, like Control Hub; 100..600000)
 *   ?scenario=NAME   hostile | fixed | superseded | default: sent to the APIs as header X-Replica-Scenario
 *   ?layout=unknown  Scheduling panel rendered with another structure and wording (see below)
 *   ?xhr=json        the history XHR uses responseType "json" (default "": responseText, like AngularJS)
 *   ?ids=hidden      no subject id in the page: no data-subject-id, and links to /workspaces/n/{1,2,3},
 *                    a route that canonicalizes itself to /workspaces/n/{n}/overview (replaceState) as it
 *                    boots, like a router's redirect, before it fetches anything
 *   ?fetch=once      the status is fetched once on entering a subject page, never polled
 *   ?rerender=MS     the Scheduling panel is also re-rendered every MS ms (100..600000), fetch or not
 *   ?scroll=main     the main area scrolls on its own (the page itself does not)
 *   ?busy=MS         a CPU-burning page script: the main thread spins MS ms (1..200) of every MS+5 ms
 *   ?csp=strict      (server) send the strict CSP with this page
 *   ?subjects=N      the User Status Report's org has N subjects (4..100000, default 300; serve.mjs's generated
 *                    org, asked for with the header X-Replica-Subjects on the report's requests only)
 *   ?state=error     the report loads the list of subjects in error only (&state=error)
 *   ?pageSize=N      the report's list page size, its limit= (1..10000, default 10000 like Control Hub)
 *   ?tenants=several the org has three Microsoft 365 tenants (FACTS §4): RTP Cloud Collab (the note's),
 *                    Cisco Live Events (ciscolive.com) and one shown "Unknown"; the Services pages then
 *                    fetch nothing the doctor reads (no Calendar Cloud Connector status)
 *
 * Subjects: workspace A a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10 WebexWorkspace1@ciscolive.us  error "Unauthorized"
 *           workspace B b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21 WebexWorkspace2@ciscolive.us  activated
 *           workspace C c0f3a8d4-6e2b-4a17-b5c9-8d1e2f3a4b50 WebexWorkspace3@ciscolive.com error "Unauthorized"
 *           user        e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60 alex.morgan@ciscolive.us     error "Unauthorized"
 *
 * Network: on entering a workspace/user page: fetch GET /csdm/api/v1/organization/{org}/places/{id}
 * (workspace: the email is externalLinkedAccounts[providerID=squared-fusion-cal].accountGUID) or
 * fetch GET /identity/scim/{org}/v1/Users/{id} (user: primary email); then fetch GET
 * /uss/api/v1/orgs/{org}/userStatuses?includeMessages=true&entitled=true&userId={id} at once and every
 * ?poll ms (the next poll is scheduled when the previous one has finished). "See history" sends an
 * XMLHttpRequest GET /uss/api/v1/orgs/{org}/userJournal/{id}?limit=100&serviceId=squared-fusion-cal.
 * The Hybrid Calendar pages fetch GET /api/v1/orgs/{org}/services/squared-fusion-cal; the Hybrid
 * Calendar page (the org's) also fetches GET /uss/api/v1/orgs/{org}/userStatuses/summary and
 * GET /hercules/api/v2/organizations/{org}/alarms?serviceId=squared-fusion-cal&sourceType=cloud.
 * The User Status Report fetches the summary and the alarms, and loads the org's status list: its
 * first page with an XMLHttpRequest GET /uss/api/v1/orgs/{org}/userStatuses?includeMessages=true&
 * serviceId=squared-fusion-cal[&state=error]&limit=N&entitled=true, each next page with fetch at its
 * paging.next (a full URL) until there is none; then it names the ids, 50 at a time, 4 requests at
 * once: SCIM GET /identity/scim/{org}/v1/Users?filter=id eq "…" or …, then for the ids SCIM did not
 * know the machine accounts GET /identity/organization/{org}/machines?filter=… and their CSDM places
 * GET /csdm/api/v1/organization/{org}/places?filter=… (the mailbox).
 *
 * Page shell (static, in index.html; never replaced)
 *   div#ch-app.ch-app [data-testid="app"]
 *     header.ch-topbar [data-testid="topbar"]
 *     nav.ch-sidenav [data-testid="sidenav"]   a.ch-sidenav__link[data-link][data-testid="nav-workspaces|nav-users|nav-services"]
 *     main#ch-main.ch-main [data-testid="main"]      ← route content is replaced here on navigation
 *
 * Workspace / user Overview (default layout)
 *   div.ch-page [data-testid="page-workspace"|"page-user"][data-subject-type="workspace"|"user"][data-subject-id=ID]
 *     nav.ch-breadcrumb > a[data-link] "Workspaces"|"Users"
 *     h1.ch-page__title [data-testid="page-title"]                        "Webex Workspace 1"
 *     div.ch-tabs > a.ch-tab.is-active "Overview"
 *     div.ch-page__grid
 *       section.md-card [data-testid="devices-section"|"profile-section"]
 *       section.md-card [data-testid="calling-section"]
 *       div.ch-scheduling-slot [data-testid="scheduling-slot"]          ← stable; its child is REPLACED on every render
 *         section.md-card.ch-scheduling [data-testid="scheduling-section"]
 *                 [data-subject-type][data-subject-id][data-service-id="squared-fusion-cal"]
 *                 [data-render=N (1,2,3… per render)][aria-labelledby → the h2's id]
 *           header.md-card__header
 *             h2.md-card__title [data-testid="scheduling-heading"]     "Scheduling" | "スケジューリング"
 *           div.md-card__body [data-testid="scheduling-body"]
 *             div.ch-row [data-testid="scheduling-calendar-row"][data-provider="microsoft"]
 *               div.ch-row__label [data-testid="scheduling-provider"]  "Office 365"
 *               div.ch-row__value
 *                 span.ch-status.ch-status--{error|success|warning|neutral|loading}
 *                      [data-testid="scheduling-status"][data-state=USS state|"loading"|"unknown"]
 *                   span.ch-status__dot [aria-hidden]
 *                   span.ch-status__text [data-testid="scheduling-status-text"]
 *                        "Unauthorized" (error: message title, else the quoted word of
 *                        "Received error '…' from O365", else "Error") | "Activated - since today at 1:24 AM"
 *                        | "Pending Activation" | "Off" | "Loading…"
 *               div.ch-row__actions
 *                 button.md-button.md-button--link [data-testid="see-history"][aria-expanded]  "See history" | "Hide history"
 *             div.ch-row [data-testid="scheduling-email-row"]
 *               div.ch-row__label [data-testid="scheduling-email-label"]  "Email Address" | "メール アドレス"
 *               div.ch-row__value [data-testid="scheduling-email"]        "WebexWorkspace1@ciscolive.us" ("—" until loaded)
 *             div.ch-history [data-testid="scheduling-history"][data-state="loading|loaded|error"]   (only while open)
 *               h3.ch-history__title "History"
 *               p.ch-history__message [data-testid="history-message"]   (loading / error / empty)
 *               ol.ch-history__list [data-testid="history-entries"]
 *                 li.ch-history__entry [data-testid="history-entry"][data-entry-type=SetUserStatus…][data-state]
 *                   time [data-testid="history-time"][datetime=ISO]     local time
 *                   span [data-testid="history-type"]                  "Status changed" …
 *                   span [data-testid="history-state"]                 "error" … (when present)
 *                   p    [data-testid="history-description"]           the server's description, verbatim
 *                   span [data-testid="history-tracking"]              "Tracking ID: ATLAS_…"
 *       section.md-card [data-testid="workspace-switcher"]   a[data-link][data-testid="workspace-switch-link"][data-place-id]
 *
 * Workspace / user Overview with ?layout=unknown: instead of the slot and its section
 *   div.cal-slot [data-testid="calendar-slot"]                      ← stable; its child is REPLACED on every render
 *   div.cal-widget [data-testid="calendar-widget"][data-render=N]   (no section, no heading element)
 *     div.cal-widget__title   "Calendar integration" | "カレンダー連携"
 *     div.cal-widget__line    "Microsoft 365 calendar:" + span.cal-widget__badge "Action needed" | "Connected" | …
 *     div.cal-widget__line    "Mailbox: WebexWorkspace1@ciscolive.us"
 *     button.cal-widget__button [data-testid="calendar-activity"]  "Activity" (same history XHR, same list markup
 *                                                                  but testid "calendar-activity-list")
 *   It contains neither "Scheduling", "Office 365" nor the status word "Unauthorized".
 *
 * Tenant details (/services/hybrid-calendar/tenant)
 *   div.ch-page [data-testid="page-tenant"]
 *     section.md-card [data-testid="tenant-details"]
 *       h2.md-card__title [data-testid="tenant-details-heading"]  "Tenant details" | "テナントの詳細"
 *       dl.ch-dl: Tenant name [data-testid="tenant-name"], Tenant ID [data-testid="tenant-id"], Status [data-testid="tenant-status"]
 *       h3 "Domains"
 *       ul.ch-domain-list [data-testid="tenant-domains"]
 *         li.ch-domain-list__item [data-testid="tenant-domain"]   "rtpcloudcollab.com (default)"
 *         li.ch-domain-list__item [data-testid="tenant-domain"]   "adminrtpcloudcollab.onmicrosoft.com"
 *         li.ch-domain-list__item [data-testid="tenant-domain"]   "ciscolive.us"
 *       (the domain texts are the same in both languages)
 *
 * Several tenants (?tenants=several), /services/hybrid-calendar: one card per tenant
 *   section.md-card [data-testid="tenant-card"][data-tenant-id=ID]
 *     h2.md-card__title  the tenant's name ("Unknown" for the tenant to re-authorize)
 *     div.ch-row: Status (static text)
 *     button.md-button--link [data-testid="tenant-details-toggle"][aria-expanded]  "Tenant details"
 *     div.ch-tenant-details [data-testid="tenant-details-panel"]   (only while expanded; no test ids inside)
 *       h3 "Tenant details" | "テナントの詳細";  dl: Tenant ID;  h4 "Domains";  ul > li  the domains, or "Unknown"
 *
 * Other pages (testids for navigation in tests)
 *   topbar: span [data-testid="org-name"]
 *   /workspaces: table [data-testid="workspace-table"]  a[data-link][data-testid="workspace-link"][data-place-id]
 *   /users:      table [data-testid="user-table"]       a[data-link][data-testid="user-link"][data-user-id]
 *   /services:   section [data-testid="service-hybrid-calendar"] (div [data-testid="ccc-status"],
 *                a [data-testid="open-hybrid-calendar"]), section [data-testid="service-hybrid-services"]
 *   /services/hybrid-calendar: section [data-testid="hybrid-calendar-tenant"] with a [data-testid="edit-settings"]
 *                → /services/hybrid-calendar/tenant, and div [data-testid="ccc-status"]; section
 *                [data-testid="hybrid-calendar-users"] with div [data-testid="users-in-error"] (from the
 *                summary) and ul [data-testid="org-alarms"] of li [data-testid="org-alarm"] (alarm titles)
 *                and a [data-testid="open-user-status-report"] → /reports/user-status
 *   /reports/user-status: section [data-testid="report-overview"] with div [data-testid="report-summary"] (the
 *                summary's counts) and ul [data-testid="report-alarms"]
 *                of li (alarm titles), p [data-testid="report-progress"] (what is loading, then "Showing N of M"),
 *                table [data-testid="report-table"] of tr [data-testid="report-row"][data-subject-id][data-state]
 *                (User, Type, Status, Details, ID: the CSV's columns; the first 1,000 rows)
 *   unknown path: div.ch-page [data-testid="page-not-found"]
 *
 * Test hooks: window.__replica = { config, polls, renders, historyLoads, route, report } (counters; report:
 * { state: loading|loaded|error, subjects, pages, lookups, named } on the report page), and a
 * "replica:render" CustomEvent on document after every Scheduling render (detail: {subjectId, render}).
 * In-app links carry [data-link]; a click on one does history.pushState + re-route (no reload).
 */

const ORG_ID = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
const CAL = 'squared-fusion-cal';
const SCENARIOS = ['default', 'hostile', 'fixed', 'superseded'];

const WORKSPACES = [
  { id: 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10', name: 'Webex Workspace 1', device: 'Cisco Room Bar', floor: 'RTP-5 / 2F' },
  { id: 'b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21', name: 'Webex Workspace 2', device: 'Cisco Board Pro 55', floor: 'RTP-5 / 3F' },
  { id: 'c0f3a8d4-6e2b-4a17-b5c9-8d1e2f3a4b50', name: 'Webex Workspace 3', device: 'Cisco Desk Pro', floor: 'RTP-7 / 1F' },
];
const USERS = [{ id: 'e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60', name: 'Alex Morgan', title: 'Facilities Manager' }];
const TENANT = {
  name: 'RTP Cloud Collab',
  id: '6d1f0c3a-9b8e-4f27-a5d4-3e2c1b0a9f87',
  domains: ['rtpcloudcollab.com (default)', 'adminrtpcloudcollab.onmicrosoft.com', 'ciscolive.us'],
};
// ?tenants=several: the note's tenant, one holding workspace C's domain, and one to re-authorize.
const TENANTS = [
  TENANT,
  { name: 'Cisco Live Events', id: 'e2a7b4c9-1d3f-4e6a-8b5c-9f0e1d2c3b4a', domains: ['ciscolive.com (default)', 'ciscoliveevents.onmicrosoft.com'] },
  { name: 'Unknown', id: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', domains: ['Unknown'], unknown: true },
];

// ---------------------------------------------------------------------------------------------
// Configuration (read once at load)

const params = new URLSearchParams(location.search);
const intParam = (name, dflt, min, max) => {
  const n = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : dflt;
};
const config = Object.freeze({
  lang: params.get('lang') === 'ja' ? 'ja' : 'en',
  pollMs: intParam('poll', 10000, 100, 600000),
  scenario: SCENARIOS.includes(params.get('scenario')) ? params.get('scenario') : null,
  layout: params.get('layout') === 'unknown' ? 'unknown' : 'default',
  xhrType: params.get('xhr') === 'json' ? 'json' : '',
  tenants: params.get('tenants') === 'several' ? 'several' : 'one',
  idsHidden: params.get('ids') === 'hidden',
  fetchOnce: params.get('fetch') === 'once',
  rerenderMs: params.has('rerender') ? intParam('rerender', 1000, 100, 600000) : 0,
  scrollMain: params.get('scroll') === 'main',
  busyMs: params.has('busy') ? intParam('busy', 20, 1, 200) : 0,
  subjects: intParam('subjects', 300, 4, 100000),
  reportState: params.get('state') === 'error' ? 'error' : null,
  pageSize: intParam('pageSize', 10000, 1, 10000),
});
const LOCALE = config.lang === 'ja' ? 'ja-JP' : 'en-US';
document.documentElement.lang = config.lang;

const replica = { config, polls: 0, renders: 0, historyLoads: 0, route: null, busySpins: 0, report: null };
Object.defineProperty(window, '__replica', { value: replica, configurable: false, writable: false });

// ---------------------------------------------------------------------------------------------
// Strings

const STRINGS = {
  en: {
    appName: 'Control Hub',
    org: 'Cisco Live RTP',
    navOverview: 'Overview',
    navUsers: 'Users',
    navWorkspaces: 'Workspaces',
    navServices: 'Services',
    navDevices: 'Devices',
    navAnalytics: 'Analytics',
    navManagement: 'MANAGEMENT',
    navServicesHeading: 'SERVICES',
    overview: 'Overview',
    workspaces: 'Workspaces',
    users: 'Users',
    services: 'Services',
    scheduling: 'Scheduling',
    office365: 'Office 365',
    emailAddress: 'Email Address',
    seeHistory: 'See history',
    hideHistory: 'Hide history',
    history: 'History',
    historyLoading: 'Loading history…',
    historyError: 'History could not be loaded.',
    historyEmpty: 'No history.',
    trackingId: 'Tracking ID: {id}',
    activatedSince: 'Activated - since {when}',
    today: 'today at {time}',
    yesterday: 'yesterday at {time}',
    onDate: '{date} at {time}',
    pendingActivation: 'Pending Activation',
    pendingDeactivation: 'Pending Deactivation',
    off: 'Off',
    error: 'Error',
    loading: 'Loading…',
    statusUnavailable: 'Status unavailable',
    devices: 'Devices',
    calling: 'Calling',
    freeCalling: 'Free calling (default)',
    online: 'Online',
    profile: 'Profile',
    otherWorkspaces: 'Workspaces',
    workspaceType: 'Workspace · Meeting room',
    userType: 'User',
    name: 'Name',
    type: 'Type',
    calendar: 'Calendar',
    location: 'Location',
    room: 'Meeting room',
    hybridCalendar: 'Hybrid Calendar (Microsoft 365)',
    hybridCalendarDesc: 'Schedule meetings from Microsoft 365 and join them from Webex devices.',
    hybridServices: 'Hybrid Services',
    setUp: 'Set up',
    editSettings: 'Edit settings',
    tenant: 'Microsoft 365 tenant',
    tenantDetails: 'Tenant details',
    tenantName: 'Tenant name',
    tenantId: 'Tenant ID',
    tenantStatus: 'Status',
    domains: 'Domains',
    authorized: 'Authorized',
    reauthorize: 'Re-authorization needed',
    operational: 'Operational',
    needsAttention: 'Needs attention',
    usersInError: '{error} of {total} users and workspaces in error',
    notFound: 'Page not found',
    typeSetUserStatus: 'Status changed',
    typeAddEntitlement: 'Service enabled',
    typeRemoveEntitlement: 'Service disabled',
    typeAddUserResourceGroup: 'Resource group added',
    typeRemoveUserResourceGroup: 'Resource group removed',
    // ?layout=unknown wording (must not say Scheduling / Office 365 / Unauthorized)
    calWidget: 'Calendar integration',
    calWidgetLine: 'Microsoft 365 calendar:',
    calWidgetMailbox: 'Mailbox: {email}',
    calWidgetActivity: 'Activity',
    calBadgeError: 'Action needed',
    calBadgeOk: 'Connected',
    calBadgePending: 'Waiting',
    userStatusReport: 'User Status Report',
    openReport: 'User Status Report',
    reportLoadingList: 'Loading the status list ({count} so far)…',
    reportLoadingNames: 'Looking up {count} users and workspaces…',
    reportShowing: 'Showing {shown} of {total}',
    reportError: 'The report could not be loaded.',
    colUser: 'User',
    colStatus: 'Status',
    colDetails: 'Details',
    colId: 'ID',
    notFoundUser: 'Not found',
    deviceWorkspace: 'Cisco Webex Device Place',
    activated: 'Activated',
    severityError: 'Error',
    severityWarning: 'Warning',
    severityInfo: 'Info',
  },
  ja: {
    appName: 'Control Hub',
    org: 'Cisco Live RTP',
    navOverview: '概要',
    navUsers: 'ユーザー',
    navWorkspaces: 'ワークスペース',
    navServices: 'サービス',
    navDevices: 'デバイス',
    navAnalytics: '分析',
    navManagement: '管理',
    navServicesHeading: 'サービス',
    overview: '概要',
    workspaces: 'ワークスペース',
    users: 'ユーザー',
    services: 'サービス',
    scheduling: 'スケジューリング',
    office365: 'Office 365',
    emailAddress: 'メール アドレス',
    seeHistory: '履歴を表示',
    hideHistory: '履歴を非表示',
    history: '履歴',
    historyLoading: '履歴を読み込んでいます…',
    historyError: '履歴を読み込めませんでした。',
    historyEmpty: '履歴はありません。',
    trackingId: 'トラッキング ID: {id}',
    activatedSince: 'アクティブ - {when} 以降',
    today: '今日 {time}',
    yesterday: '昨日 {time}',
    onDate: '{date} {time}',
    pendingActivation: 'アクティベーション保留中',
    pendingDeactivation: '非アクティブ化保留中',
    off: 'オフ',
    error: 'エラー',
    loading: '読み込み中…',
    statusUnavailable: 'ステータスを取得できません',
    devices: 'デバイス',
    calling: '通話',
    freeCalling: '無料通話 (デフォルト)',
    online: 'オンライン',
    profile: 'プロファイル',
    otherWorkspaces: 'ワークスペース',
    workspaceType: 'ワークスペース · 会議室',
    userType: 'ユーザー',
    name: '名前',
    type: 'タイプ',
    calendar: 'カレンダー',
    location: '場所',
    room: '会議室',
    hybridCalendar: 'ハイブリッド カレンダー (Microsoft 365)',
    hybridCalendarDesc: 'Microsoft 365 から会議をスケジュールし、Webex デバイスから参加します。',
    hybridServices: 'ハイブリッド サービス',
    setUp: 'セットアップ',
    editSettings: '設定の編集',
    tenant: 'Microsoft 365 テナント',
    tenantDetails: 'テナントの詳細',
    tenantName: 'テナント名',
    tenantId: 'テナント ID',
    tenantStatus: 'ステータス',
    domains: 'ドメイン',
    authorized: '認証済み',
    reauthorize: '再認証が必要',
    operational: '稼働中',
    needsAttention: '要対応',
    usersInError: '{total} 件中 {error} 件のユーザーとワークスペースがエラー',
    notFound: 'ページが見つかりません',
    typeSetUserStatus: 'ステータスの変更',
    typeAddEntitlement: 'サービスの有効化',
    typeRemoveEntitlement: 'サービスの無効化',
    typeAddUserResourceGroup: 'リソース グループの追加',
    typeRemoveUserResourceGroup: 'リソース グループの削除',
    calWidget: 'カレンダー連携',
    calWidgetLine: 'Microsoft 365 カレンダー:',
    calWidgetMailbox: 'メールボックス: {email}',
    calWidgetActivity: 'アクティビティ',
    calBadgeError: '要対応',
    calBadgeOk: '接続済み',
    calBadgePending: '待機中',
    userStatusReport: 'ユーザー ステータス レポート',
    openReport: 'ユーザー ステータス レポート',
    reportLoadingList: 'ステータス一覧を読み込んでいます (ここまで {count} 件)…',
    reportLoadingNames: '{count} 件のユーザーとワークスペースを検索しています…',
    reportShowing: '{total} 件中 {shown} 件を表示',
    reportError: 'レポートを読み込めませんでした。',
    colUser: 'ユーザー',
    colStatus: 'ステータス',
    colDetails: '詳細',
    colId: 'ID',
    notFoundUser: '見つかりません',
    deviceWorkspace: 'Cisco Webex Device Place',
    activated: 'アクティブ',
    severityError: 'エラー',
    severityWarning: '警告',
    severityInfo: '情報',
  },
};

function t(key, vars = {}) {
  const s = STRINGS[config.lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: text only, never markup

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'style' || /^on/i.test(k)) throw new Error(`refused attribute ${k}`);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const ICONS = {
  home: 'M4 11l8-7 8 7v9h-5v-6H9v6H4z',
  users: 'M9 11a4 4 0 110-8 4 4 0 010 8zm-7 9c0-4 3-6 7-6s7 2 7 6zm14-9a3 3 0 100-6m2 15c0-3-1-5-3-6',
  workspaces: 'M3 20V6l9-3 9 3v14zm4-10h3m4 0h3M7 14h3m4 0h3',
  devices: 'M3 5h18v11H3zm6 15h6m-3-4v4',
  services: 'M12 8a4 4 0 100 8 4 4 0 000-8zm0-5v3m0 12v3M3 12h3m12 0h3M5.6 5.6l2.1 2.1m8.6 8.6l2.1 2.1m0-12.8l-2.1 2.1m-8.6 8.6l-2.1 2.1',
  analytics: 'M4 20V10m6 10V4m6 16v-7m4 7H2',
  chevron: 'M9 6l6 6-6 6',
  calendar: 'M4 6h16v14H4zm0 4h16M8 3v5m8-5v5',
};
function icon(name, cls = 'ch-icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', ICONS[name]);
  svg.append(p);
  return svg;
}

const link = (href, attrs, ...children) => h('a', { href, 'data-link': true, ...attrs }, ...children);

// ---------------------------------------------------------------------------------------------
// Times (Control Hub shows the PC's local time)

const dayStart = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
function localTime(d) {
  return new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit' }).format(d);
}
function relativeWhen(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const days = Math.round((dayStart(new Date()) - dayStart(d)) / 86400000);
  const time = localTime(d);
  if (days === 0) return t('today', { time });
  if (days === 1) return t('yesterday', { time });
  return t('onDate', { date: new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' }).format(d), time });
}
function localDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

// ---------------------------------------------------------------------------------------------
// Network

function apiHeaders() {
  return config.scenario ? { 'X-Replica-Scenario': config.scenario } : {};
}

async function getJson(url, signal, headers = apiHeaders()) {
  const res = await fetch(url, { headers, credentials: 'same-origin', signal });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** The history call goes through XMLHttpRequest (Control Hub's AngularJS $http does). */
function getJsonXhr(url, ctx, headers = apiHeaders()) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.responseType = config.xhrType;
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Accept', 'application/json, text/plain, */*');
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(new Error(`HTTP ${xhr.status}`));
      try {
        resolve(xhr.responseType === 'json' ? xhr.response : JSON.parse(xhr.responseText));
      } catch (err) {
        reject(err);
      }
    };
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    ctx.xhrs.add(xhr);
    xhr.onloadend = () => ctx.xhrs.delete(xhr);
    xhr.send();
  });
}

const urls = {
  status: (id) => `/uss/api/v1/orgs/${ORG_ID}/userStatuses?includeMessages=true&entitled=true&userId=${encodeURIComponent(id)}`,
  journal: (id) => `/uss/api/v1/orgs/${ORG_ID}/userJournal/${encodeURIComponent(id)}?limit=100&serviceId=${CAL}`,
  place: (id) => `/csdm/api/v1/organization/${ORG_ID}/places/${encodeURIComponent(id)}`,
  user: (id) => `/identity/scim/${ORG_ID}/v1/Users/${encodeURIComponent(id)}`,
  ccc: () => `/api/v1/orgs/${ORG_ID}/services/${CAL}`,
  summary: () => `/uss/api/v1/orgs/${ORG_ID}/userStatuses/summary`,
  alarms: () => `/hercules/api/v2/organizations/${ORG_ID}/alarms?serviceId=${CAL}&sourceType=cloud`,
  statusList: () =>
    `/uss/api/v1/orgs/${ORG_ID}/userStatuses?includeMessages=true&serviceId=${CAL}${config.reportState ? `&state=${config.reportState}` : ''}&limit=${config.pageSize}&entitled=true`,
  users: (ids) => `/identity/scim/${ORG_ID}/v1/Users?filter=${idFilter(ids)}`,
  machines: (ids) => `/identity/organization/${ORG_ID}/machines?filter=${idFilter(ids)}`,
  places: (ids) => `/csdm/api/v1/organization/${ORG_ID}/places?filter=${idFilter(ids)}`,
};

/** A SCIM filter naming `ids`, as the old Control Hub client asked CI for a status list's users. */
const idFilter = (ids) => encodeURIComponent(ids.map((id) => `id eq "${id}"`).join(' or '));

// ---------------------------------------------------------------------------------------------
// Routing

const main = document.getElementById('ch-main');
const sidenav = document.querySelector('.ch-sidenav');
const topbar = document.querySelector('.ch-topbar');

/** Per-route context: everything a page starts is stopped when the route changes. */
let ctx = null;
function newContext() {
  if (ctx) {
    ctx.dead = true;
    ctx.controller.abort();
    for (const id of ctx.timers) clearTimeout(id);
    for (const x of ctx.xhrs) x.abort();
  }
  ctx = { dead: false, controller: new AbortController(), timers: new Set(), xhrs: new Set() };
  return ctx;
}

function navigate(href, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState']({}, '', href);
  route();
}

document.addEventListener('click', (ev) => {
  const a = ev.target instanceof Element ? ev.target.closest('a[data-link]') : null;
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/')) return;
  ev.preventDefault();
  navigate(href);
});
window.addEventListener('popstate', () => route());

const ROUTES = [
  [/^\/$/, () => (navigate('/workspaces', { replace: true }), null)],
  [/^\/workspaces\/?$/, () => workspaceListPage()],
  [/^\/workspaces\/n\/([1-9])(\/overview)?\/?$/, (m) => workspaceByNumber(m)],
  [/^\/workspaces\/([^/]+)\/?$/, (m) => subjectPage('workspace', decodeURIComponent(m[1]))],
  [/^\/users\/?$/, () => userListPage()],
  [/^\/users\/([^/]+)\/?$/, (m) => subjectPage('user', decodeURIComponent(m[1]))],
  [/^\/services\/?$/, () => servicesPage()],
  [/^\/services\/hybrid-calendar\/?$/, () => hybridCalendarPage()],
  [/^\/services\/hybrid-calendar\/tenant\/?$/, () => tenantPage()],
  [/^\/reports\/user-status\/?$/, () => userStatusReportPage()],
];

function route() {
  const c = newContext();
  const p = location.pathname;
  replica.route = p;
  for (const [re, make] of ROUTES) {
    const m = re.exec(p);
    if (!m) continue;
    const page = make(m, c);
    if (page === null) return; // redirected
    return show(page);
  }
  show(notFoundPage());
}

function show(page) {
  main.replaceChildren(page);
  const section = page.getAttribute('data-nav');
  for (const a of sidenav.querySelectorAll('a.ch-sidenav__link')) {
    const on = a.getAttribute('data-nav') === section;
    a.classList.toggle('is-active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const title = page.querySelector('h1');
  document.title = `${title ? title.textContent : ''} - ${t('appName')}`;
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------------------------------------
// Shell

function renderShell() {
  topbar.replaceChildren(
    h('div', { class: 'ch-topbar__brand' },
      h('img', { class: 'ch-topbar__logo', src: '/assets/favicon.svg', alt: '', width: 28, height: 28 }),
      h('span', { class: 'ch-topbar__name', text: t('appName') })),
    h('div', { class: 'ch-topbar__right' },
      h('span', { class: 'ch-topbar__org', 'data-testid': 'org-name', text: t('org') }),
      h('span', { class: 'ch-avatar', 'aria-hidden': 'true', text: 'AD' })),
  );
  const item = (nav, href, iconName, label) =>
    href
      ? link(href, { class: 'ch-sidenav__link', 'data-nav': nav, 'data-testid': `nav-${nav}` }, icon(iconName), h('span', { text: label }))
      : h('span', { class: 'ch-sidenav__link is-disabled', 'aria-disabled': 'true' }, icon(iconName), h('span', { text: label }));
  sidenav.replaceChildren(
    h('div', { class: 'ch-sidenav__group' },
      item('overview', null, 'home', t('navOverview')),
      item('analytics', null, 'analytics', t('navAnalytics'))),
    h('div', { class: 'ch-sidenav__heading', text: t('navManagement') }),
    h('div', { class: 'ch-sidenav__group' },
      item('users', '/users', 'users', t('navUsers')),
      item('workspaces', '/workspaces', 'workspaces', t('navWorkspaces')),
      item('devices', null, 'devices', t('navDevices'))),
    h('div', { class: 'ch-sidenav__heading', text: t('navServicesHeading') }),
    h('div', { class: 'ch-sidenav__group' }, item('services', '/services', 'services', t('navServices'))),
  );
}

function pageFrame(testid, nav, title, { crumbs = [], subtitle, attrs = {} } = {}, ...body) {
  return h('div', { class: 'ch-page', 'data-testid': testid, 'data-nav': nav, ...attrs },
    crumbs.length
      ? h('nav', { class: 'ch-breadcrumb', 'aria-label': 'Breadcrumb' },
          crumbs.map(([href, label]) => [link(href, { class: 'ch-breadcrumb__link' }, label), icon('chevron', 'ch-breadcrumb__sep')]))
      : null,
    h('div', { class: 'ch-page__header' },
      h('h1', { class: 'ch-page__title', 'data-testid': 'page-title', text: title }),
      subtitle ? h('div', { class: 'ch-page__subtitle', text: subtitle }) : null),
    ...body);
}

function card(testid, title, ...body) {
  return h('section', { class: 'md-card', 'data-testid': testid },
    h('header', { class: 'md-card__header' }, h('h2', { class: 'md-card__title', text: title })),
    h('div', { class: 'md-card__body' }, ...body));
}

const row = (label, value, attrs = {}) =>
  h('div', { class: 'ch-row', ...attrs }, h('div', { class: 'ch-row__label', text: label }), h('div', { class: 'ch-row__value' }, value));

// ---------------------------------------------------------------------------------------------
// Lists

function workspaceListPage() {
  return pageFrame('page-workspaces', 'workspaces', t('workspaces'), {},
    h('section', { class: 'md-card' },
      h('table', { class: 'ch-table', 'data-testid': 'workspace-table' },
        h('thead', {}, h('tr', {}, h('th', { text: t('name') }), h('th', { text: t('type') }), h('th', { text: t('location') }), h('th', { text: t('calendar') }))),
        h('tbody', {}, WORKSPACES.map((w) =>
          h('tr', {},
            h('td', {}, link(workspaceHref(w), { 'data-testid': 'workspace-link', 'data-place-id': w.id }, w.name)),
            h('td', { text: t('room') }),
            h('td', { text: w.floor }),
            h('td', { text: 'Microsoft 365' })))))));
}

function userListPage() {
  return pageFrame('page-users', 'users', t('users'), {},
    h('section', { class: 'md-card' },
      h('table', { class: 'ch-table', 'data-testid': 'user-table' },
        h('thead', {}, h('tr', {}, h('th', { text: t('name') }), h('th', { text: t('type') }))),
        h('tbody', {}, USERS.map((u) =>
          h('tr', {},
            h('td', {}, link(`/users/${u.id}`, { 'data-testid': 'user-link', 'data-user-id': u.id }, u.name)),
            h('td', { text: u.title })))))));
}

function notFoundPage() {
  return pageFrame('page-not-found', '', t('notFound'), {},
    h('section', { class: 'md-card' }, h('div', { class: 'md-card__body' }, link('/workspaces', {}, t('workspaces')))));
}

// ---------------------------------------------------------------------------------------------
// Workspace / user Overview with the Scheduling panel

function subjectPage(kind, id) {
  const known = kind === 'workspace' ? WORKSPACES.find((w) => w.id === id) : USERS.find((u) => u.id === id);
  if (!known) return notFoundPage();
  const c = ctx;
  const view = {
    kind,
    id,
    status: undefined, // undefined = loading, null = none, else the squared-fusion-cal UserStatus
    statusError: false,
    email: null,
    render: 0,
    history: { open: false, state: 'idle', entries: [] },
  };
  const slot =
    config.layout === 'unknown'
      ? h('div', { class: 'cal-slot', 'data-testid': 'calendar-slot' })
      : h('div', { class: 'ch-scheduling-slot', 'data-testid': 'scheduling-slot' });
  const rerender = () => {
    if (!c.dead) renderScheduling(view, slot);
  };

  const left =
    kind === 'workspace'
      ? [
          card('devices-section', t('devices'),
            row(known.device, h('span', { class: 'ch-status ch-status--success' }, h('span', { class: 'ch-status__dot', 'aria-hidden': 'true' }), h('span', { class: 'ch-status__text', text: t('online') })))),
          card('calling-section', t('calling'), row(t('calling'), t('freeCalling'))),
        ]
      : [
          card('profile-section', t('profile'), row(t('name'), known.name), row(t('type'), known.title)),
          card('calling-section', t('calling'), row(t('calling'), t('freeCalling'))),
        ];
  const switcher =
    kind === 'workspace'
      ? card('workspace-switcher', t('otherWorkspaces'),
          h('ul', { class: 'ch-switcher' }, WORKSPACES.map((w) =>
            h('li', {}, link(workspaceHref(w), {
              class: `ch-switcher__link${w.id === id ? ' is-current' : ''}`,
              'data-testid': 'workspace-switch-link',
              'data-place-id': w.id,
              'aria-current': w.id === id ? 'page' : undefined,
            }, icon('workspaces'), w.name)))))
      : null;

  const page = pageFrame(
    kind === 'workspace' ? 'page-workspace' : 'page-user',
    kind === 'workspace' ? 'workspaces' : 'users',
    known.name,
    {
      crumbs: kind === 'workspace' ? [['/workspaces', t('workspaces')]] : [['/users', t('users')]],
      subtitle: kind === 'workspace' ? t('workspaceType') : t('userType'),
      attrs: { 'data-subject-type': kind, 'data-subject-id': config.idsHidden ? undefined : id },
    },
    h('div', { class: 'ch-tabs', role: 'tablist' }, h('a', { class: 'ch-tab is-active', role: 'tab', 'aria-selected': 'true', text: t('overview') })),
    h('div', { class: 'ch-page__grid' },
      h('div', { class: 'ch-page__col' }, left),
      h('div', { class: 'ch-page__col' }, slot, switcher)),
  );

  view.onHistory = () => toggleHistory(view, c, rerender);
  renderScheduling(view, slot);

  // The subject's mailbox address.
  const email =
    kind === 'workspace'
      ? getJson(urls.place(id), c.controller.signal).then((place) =>
          (place.externalLinkedAccounts ?? []).find((a) => a && a.providerID === CAL)?.accountGUID ?? null)
      : getJson(urls.user(id), c.controller.signal).then((u) => (u.emails ?? []).find((e) => e.primary)?.value ?? u.userName ?? null);
  email.then((e) => {
    view.email = typeof e === 'string' ? e : null;
    rerender();
  }, () => {});

  // The status, now and every config.pollMs.
  const poll = async () => {
    if (c.dead) return;
    replica.polls++;
    try {
      const body = await getJson(urls.status(id), c.controller.signal);
      const list = Array.isArray(body.userStatuses) ? body.userStatuses : [];
      view.status = list.find((s) => s && s.serviceId === CAL) ?? null;
      view.statusError = false;
    } catch (_) {
      if (c.dead) return;
      view.statusError = true;
    }
    rerender();
    if (!c.dead && !config.fetchOnce) {
      const timer = setTimeout(() => {
        c.timers.delete(timer);
        poll();
      }, config.pollMs);
      c.timers.add(timer);
    }
  };
  poll();
  if (config.rerenderMs) {
    const timer = setInterval(rerender, config.rerenderMs);
    c.timers.add(timer);
  }
  return page;
}

/** A workspace's link: by its id, or with ?ids=hidden by its number in the list. */
function workspaceHref(w) {
  return config.idsHidden ? `/workspaces/n/${WORKSPACES.indexOf(w) + 1}` : `/workspaces/${w.id}`;
}

/** /workspaces/n/{n}[/overview]: canonicalized to …/overview first, as a router redirects. */
function workspaceByNumber(m) {
  const known = WORKSPACES[Number(m[1]) - 1];
  if (!known) return notFoundPage();
  if (!m[2]) history.replaceState(history.state, '', `${location.pathname.replace(/\/$/, '')}/overview${location.search}`);
  replica.route = location.pathname;
  return subjectPage('workspace', known.id);
}

function toggleHistory(view, c, rerender) {
  const hist = view.history;
  if (hist.open) {
    hist.open = false;
    return rerender();
  }
  hist.open = true;
  hist.state = 'loading';
  rerender();
  getJsonXhr(urls.journal(view.id), c).then(
    (body) => {
      replica.historyLoads++;
      hist.entries = Array.isArray(body && body.entries) ? body.entries : [];
      hist.state = 'loaded';
      rerender();
    },
    () => {
      if (c.dead) return;
      hist.state = 'error';
      rerender();
    },
  );
}

/** What the status row shows for one UserStatus. */
function statusView(view) {
  const st = view.status;
  if (st === undefined) return { state: 'loading', tone: 'loading', text: t('loading') };
  if (view.statusError && !st) return { state: 'unknown', tone: 'neutral', text: t('statusUnavailable') };
  if (st === null || st.entitled === false) return { state: st ? st.state : 'off', tone: 'neutral', text: t('off') };
  switch (st.state) {
    case 'activated':
      return { state: st.state, tone: 'success', text: t('activatedSince', { when: relativeWhen(st.lastStateChange) }) };
    case 'notActivated':
    case 'deactivated':
      return { state: st.state, tone: 'warning', text: t('pendingActivation') };
    case 'pendingDeactivation':
      return { state: st.state, tone: 'warning', text: t('pendingDeactivation') };
    case 'error': {
      const msgs = Array.isArray(st.messages) ? st.messages : [];
      const m = msgs.find((x) => x && x.severity === 'error') ?? msgs[0];
      let word = m && typeof m.title === 'string' && m.title ? m.title : null;
      const desc = m && typeof m.description === 'string' ? m.description : '';
      if (!word) word = /Received error '(.+?)' from O365/.exec(desc)?.[1] ?? null;
      return { state: 'error', tone: 'error', text: word ?? t('error') };
    }
    default:
      return { state: String(st.state), tone: 'neutral', text: String(st.state) };
  }
}

function renderScheduling(view, slot) {
  view.render++;
  replica.renders++;
  const node = config.layout === 'unknown' ? unknownLayout(view) : schedulingSection(view);
  slot.replaceChildren(node); // a fresh subtree every time, like a framework re-render
  document.dispatchEvent(new CustomEvent('replica:render', { detail: { subjectId: view.id, render: view.render } }));
}

function schedulingSection(view) {
  const s = statusView(view);
  const headingId = `scheduling-heading-${view.id}`;
  const open = view.history.open;
  return h('section', {
    class: 'md-card ch-scheduling',
    'data-testid': 'scheduling-section',
    'data-subject-type': view.kind,
    'data-subject-id': config.idsHidden ? undefined : view.id,
    'data-service-id': CAL,
    'data-render': view.render,
    'aria-labelledby': headingId,
  },
    h('header', { class: 'md-card__header' },
      icon('calendar', 'ch-icon md-card__icon'),
      h('h2', { class: 'md-card__title', id: headingId, 'data-testid': 'scheduling-heading', text: t('scheduling') })),
    h('div', { class: 'md-card__body', 'data-testid': 'scheduling-body' },
      h('div', { class: 'ch-row', 'data-testid': 'scheduling-calendar-row', 'data-provider': 'microsoft' },
        h('div', { class: 'ch-row__label', 'data-testid': 'scheduling-provider', text: t('office365') }),
        h('div', { class: 'ch-row__value' },
          h('span', { class: `ch-status ch-status--${s.tone}`, 'data-testid': 'scheduling-status', 'data-state': s.state },
            h('span', { class: 'ch-status__dot', 'aria-hidden': 'true' }),
            h('span', { class: 'ch-status__text', 'data-testid': 'scheduling-status-text', text: s.text }))),
        h('div', { class: 'ch-row__actions' },
          h('button', {
            type: 'button',
            class: 'md-button md-button--link',
            'data-testid': 'see-history',
            'aria-expanded': open ? 'true' : 'false',
            text: open ? t('hideHistory') : t('seeHistory'),
            on: { click: view.onHistory },
          }))),
      h('div', { class: 'ch-row', 'data-testid': 'scheduling-email-row' },
        h('div', { class: 'ch-row__label', 'data-testid': 'scheduling-email-label', text: t('emailAddress') }),
        h('div', { class: 'ch-row__value ch-row__value--mono', 'data-testid': 'scheduling-email', text: view.email ?? '—' })),
      open ? historyPanel(view.history, 'history-entries', 'scheduling-history') : null));
}

function historyPanel(hist, listTestId, panelTestId) {
  const message =
    hist.state === 'loading' ? t('historyLoading') : hist.state === 'error' ? t('historyError') : hist.entries.length === 0 ? t('historyEmpty') : null;
  return h('div', { class: 'ch-history', 'data-testid': panelTestId, 'data-state': hist.state },
    h('h3', { class: 'ch-history__title', text: t('history') }),
    message ? h('p', { class: 'ch-history__message', 'data-testid': 'history-message', text: message }) : null,
    h('ol', { class: 'ch-history__list', 'data-testid': listTestId }, hist.entries.map(historyEntry)));
}

function historyEntry(e) {
  const entry = (e && (e.entry || e.record)) || {};
  const payload = entry.payload || {};
  const type = String(entry.type ?? payload.type ?? '');
  const msgs = Array.isArray(payload.messages) ? payload.messages : Array.isArray(payload.details) ? payload.details : [];
  const description = msgs.find((m) => m && m.description)?.description ?? (typeof payload.description === 'string' ? payload.description : '');
  const tracking = entry.context && (entry.context.trackingRoot || entry.context.jobId);
  const typeLabel = STRINGS[config.lang][`type${type}`] ?? type;
  return h('li', { class: 'ch-history__entry', 'data-testid': 'history-entry', 'data-entry-type': type, 'data-state': payload.state },
    h('div', { class: 'ch-history__head' },
      h('time', { class: 'ch-history__time', 'data-testid': 'history-time', datetime: String(e.time ?? ''), text: localDateTime(e.time) }),
      h('span', { class: 'ch-history__type', 'data-testid': 'history-type', text: typeLabel }),
      payload.state ? h('span', { class: `ch-pill ch-pill--${payload.state === 'error' ? 'error' : payload.state === 'activated' ? 'success' : 'neutral'}`, 'data-testid': 'history-state', text: String(payload.state) }) : null),
    description ? h('p', { class: 'ch-history__desc', 'data-testid': 'history-description', text: String(description) }) : null,
    tracking ? h('span', { class: 'ch-history__tracking', 'data-testid': 'history-tracking', text: t('trackingId', { id: String(tracking) }) }) : null);
}

/** ?layout=unknown: same data, a structure and wording no placement strategy knows. */
function unknownLayout(view) {
  const s = statusView(view);
  const badge = s.tone === 'error' ? t('calBadgeError') : s.tone === 'success' ? t('calBadgeOk') : s.tone === 'loading' ? '…' : t('calBadgePending');
  const open = view.history.open;
  return h('div', { class: 'cal-widget', 'data-testid': 'calendar-widget', 'data-render': view.render },
    h('div', { class: 'cal-widget__title', text: t('calWidget') }),
    h('div', { class: 'cal-widget__line' },
      h('span', { text: t('calWidgetLine') }), ' ',
      h('span', { class: `cal-widget__badge cal-widget__badge--${s.tone}`, text: badge })),
    h('div', { class: 'cal-widget__line', text: t('calWidgetMailbox', { email: view.email ?? '—' }) }),
    h('button', { type: 'button', class: 'cal-widget__button', 'data-testid': 'calendar-activity', 'aria-expanded': open ? 'true' : 'false', text: t('calWidgetActivity'), on: { click: view.onHistory } }),
    open ? historyPanel(view.history, 'calendar-activity-list', 'calendar-activity-panel') : null);
}

// ---------------------------------------------------------------------------------------------
// Services

function cccBadge(c, target) {
  getJson(urls.ccc(), c.controller.signal).then(
    (ccc) => {
      const ok = ccc && ccc.provisioned && ccc.status === 'ok';
      target.replaceChildren(
        h('span', { class: `ch-status ch-status--${ok ? 'success' : 'error'}`, 'data-state': String(ccc && ccc.status) },
          h('span', { class: 'ch-status__dot', 'aria-hidden': 'true' }),
          h('span', { class: 'ch-status__text', text: ok ? t('operational') : `${t('needsAttention')} (${Number(ccc && ccc.errorCode)})` })));
    },
    () => {},
  );
  return target;
}

function servicesPage() {
  return pageFrame('page-services', 'services', t('services'), {},
    h('div', { class: 'ch-service-grid' },
      h('section', { class: 'md-card ch-service', 'data-testid': 'service-hybrid-calendar' },
        h('header', { class: 'md-card__header' }, icon('calendar', 'ch-icon md-card__icon'), h('h2', { class: 'md-card__title', text: t('hybridCalendar') })),
        h('div', { class: 'md-card__body' },
          h('p', { class: 'ch-muted', text: t('hybridCalendarDesc') }),
          config.tenants === 'several' ? null : cccBadge(ctx, h('div', { 'data-testid': 'ccc-status', text: t('loading') })),
          h('div', { class: 'ch-service__actions' }, link('/services/hybrid-calendar', { class: 'md-button md-button--secondary', 'data-testid': 'open-hybrid-calendar' }, t('setUp'))))),
      card('service-hybrid-services', t('hybridServices'), h('p', { class: 'ch-muted', text: 'Hybrid Calendar, Hybrid Message' }))));
}

/** The org's users in error, from its status summary. */
function usersInError(c, target, headers = apiHeaders()) {
  getJson(urls.summary(), c.controller.signal, headers).then(
    (summary) => {
      const counts = summary?.countsByState?.[CAL] ?? {};
      target.textContent = t('usersInError', { error: Number(counts.error), total: Number(counts.total) });
    },
    () => {},
  );
  return target;
}

/** The org's Hybrid Calendar alarms, by title. */
function orgAlarms(c, target, headers = apiHeaders()) {
  getJson(urls.alarms(), c.controller.signal, headers).then(
    (alarms) => target.replaceChildren(...(alarms?.items ?? []).map((a) => h('li', { 'data-testid': 'org-alarm', text: String(a.title) }))),
    () => {},
  );
  return target;
}

function hybridCalendarPage() {
  if (config.tenants === 'several') {
    return pageFrame('page-hybrid-calendar', 'services', t('hybridCalendar'), { crumbs: [['/services', t('services')]] },
      TENANTS.map(tenantCard));
  }
  return pageFrame('page-hybrid-calendar', 'services', t('hybridCalendar'), { crumbs: [['/services', t('services')]] },
    card('hybrid-calendar-tenant', t('tenant'),
      row(TENANT.name, link('/services/hybrid-calendar/tenant', { class: 'md-button md-button--secondary', 'data-testid': 'edit-settings' }, t('editSettings'))),
      row(t('tenantStatus'), cccBadge(ctx, h('div', { 'data-testid': 'ccc-status', text: t('loading') })))),
    card('hybrid-calendar-users', t('users'),
      usersInError(ctx, h('div', { 'data-testid': 'users-in-error', text: t('loading') })),
      orgAlarms(ctx, h('ul', { 'data-testid': 'org-alarms' })),
      link('/reports/user-status', { class: 'md-button md-button--secondary', 'data-testid': 'open-user-status-report' }, t('openReport'))));
}

// ---------------------------------------------------------------------------------------------
// User Status Report

const REPORT_ROWS = 1000; // rows drawn; the rest are counted (a table of 40,000 rows is no test of ours)
const LOOKUP_IDS = 50; // ids per directory request, as the old client asked CI
const LOOKUP_PARALLEL = 4;

/** The report's requests name the generated org's size (serve.mjs), and the scenario. */
const reportHeaders = () => ({ ...apiHeaders(), 'X-Replica-Subjects': String(config.subjects) });

function userStatusReportPage() {
  const c = ctx;
  const report = { state: 'loading', subjects: 0, pages: 0, lookups: 0, named: 0 };
  replica.report = report;
  const progress = h('p', { class: 'ch-muted', 'data-testid': 'report-progress', text: t('loading') });
  const body = h('tbody', {});
  const page = pageFrame('page-user-status-report', 'services', t('userStatusReport'), {
    crumbs: [['/services', t('services')], ['/services/hybrid-calendar', t('hybridCalendar')]],
  },
    card('report-overview', t('users'),
      usersInError(c, h('div', { 'data-testid': 'report-summary', text: t('loading') }), reportHeaders()),
      orgAlarms(c, h('ul', { 'data-testid': 'report-alarms' }), reportHeaders())),
    h('section', { class: 'md-card' },
      h('div', { class: 'md-card__body' }, progress,
        h('table', { class: 'ch-table', 'data-testid': 'report-table' },
          h('thead', {}, h('tr', {}, [t('colUser'), t('type'), t('colStatus'), t('colDetails'), t('colId')].map((label) => h('th', { text: label })))),
          body))));
  loadReport(c, report, progress).then(
    ({ statuses, names }) => {
      if (c.dead) return;
      body.replaceChildren(...statuses.slice(0, REPORT_ROWS).map((st) => reportRow(st, names.get(st.userId))));
      progress.textContent = t('reportShowing', { shown: Math.min(REPORT_ROWS, statuses.length).toLocaleString(LOCALE), total: statuses.length.toLocaleString(LOCALE) });
      report.state = 'loaded';
    },
    () => {
      if (c.dead) return;
      progress.textContent = t('reportError');
      report.state = 'error';
    });
  return page;
}

/** The org's status list, page after page, then the names of its ids from the directories. */
async function loadReport(c, report, progress) {
  const headers = reportHeaders();
  let page = await getJsonXhr(urls.statusList(), c, headers);
  const statuses = [];
  for (;;) {
    if (c.dead) throw new DOMException('left the page', 'AbortError');
    statuses.push(...(Array.isArray(page?.userStatuses) ? page.userStatuses : []));
    report.pages++;
    report.subjects = statuses.length;
    progress.textContent = t('reportLoadingList', { count: statuses.length.toLocaleString(LOCALE) });
    const next = page?.paging?.next;
    if (typeof next !== 'string' || !next) break;
    page = await getJson(next, c.controller.signal, headers);
  }
  progress.textContent = t('reportLoadingNames', { count: statuses.length.toLocaleString(LOCALE) });
  /** @type {Map<string, { kind: string, name: string, email?: string }>} */
  const names = new Map();
  const lookup = (ids, url, read) => inChunks(c, ids, async (chunk) => {
    read(await getJson(url(chunk), c.controller.signal, headers));
    report.lookups++;
  });
  await lookup(statuses.map((s) => s.userId), urls.users, (list) => {
    for (const u of list?.Resources ?? []) {
      names.set(u.id, { kind: 'user', name: u.displayName, email: (u.emails ?? []).find((e) => e.primary)?.value ?? u.userName });
    }
  });
  const unknown = statuses.map((s) => s.userId).filter((id) => !names.has(id));
  await lookup(unknown, urls.machines, (list) => {
    for (const m of list?.items ?? []) names.set(m.id, { kind: 'workspace', name: m.displayName });
  });
  const workspaces = unknown.filter((id) => names.has(id));
  await lookup(workspaces, urls.places, (list) => {
    for (const p of list?.places ?? []) {
      const known = names.get(p.cisUuid);
      if (known) known.email = (p.externalLinkedAccounts ?? []).find((a) => a.providerID === CAL)?.accountGUID;
    }
  });
  report.named = names.size;
  return { statuses, names };
}

/** `work(chunk)` for `ids` cut into LOOKUP_IDS, LOOKUP_PARALLEL at a time. */
async function inChunks(c, ids, work) {
  const chunks = [];
  for (let i = 0; i < ids.length; i += LOOKUP_IDS) chunks.push(ids.slice(i, i + LOOKUP_IDS));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length && !c.dead) await work(chunks[next++]);
  };
  await Promise.all(Array.from({ length: LOOKUP_PARALLEL }, worker));
}

/** One row as the CSV writes it: User (the address, a workspace's name, or Not found), Type, Status, Details, ID. */
function reportRow(st, known) {
  const user = known ? (known.kind === 'user' ? known.email : known.name) : t('notFoundUser');
  const type = known?.kind === 'workspace' ? t('deviceWorkspace') : t('userType');
  const status =
    st.entitled === false ? t('off')
      : st.state === 'activated' ? t('activated')
        : st.state === 'notActivated' || st.state === 'deactivated' ? t('pendingActivation')
          : st.state === 'error' ? t('error') : String(st.state);
  const severity = { error: t('severityError'), warning: t('severityWarning'), info: t('severityInfo') };
  const details = (Array.isArray(st.messages) ? st.messages : [])
    .map((m) => `${severity[m.severity] ?? severity.info}: ${m.title ? `${m.title} - ` : ''}${m.description ?? ''}`)
    .join(' | ');
  return h('tr', { 'data-testid': 'report-row', 'data-subject-id': st.userId, 'data-state': st.state },
    [user, type, status, details, st.userId].map((text) => h('td', { text: String(text ?? '') })));
}

/** One tenant of several, its Tenant details expanded in place by its toggle. */
function tenantCard(tenant) {
  const details = () => h('div', { class: 'ch-tenant-details', 'data-testid': 'tenant-details-panel' },
    h('h3', { class: 'ch-subheading', text: t('tenantDetails') }),
    h('dl', { class: 'ch-dl' }, h('dt', { text: t('tenantId') }), h('dd', { class: 'ch-row__value--mono', text: tenant.id })),
    h('h4', { class: 'ch-subheading', text: t('domains') }),
    h('ul', { class: 'ch-domain-list' }, tenant.domains.map((d) => h('li', { class: 'ch-domain-list__item', text: d }))));
  const slot = h('div', {});
  const toggle = h('button', {
    type: 'button', class: 'md-button md-button--link', 'data-testid': 'tenant-details-toggle', 'aria-expanded': 'false', text: t('tenantDetails'),
    on: {
      click: () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        slot.replaceChildren(...(open ? [details()] : []));
      },
    },
  });
  return h('section', { class: 'md-card', 'data-testid': 'tenant-card', 'data-tenant-id': tenant.id },
    h('header', { class: 'md-card__header' }, h('h2', { class: 'md-card__title', text: tenant.name })),
    h('div', { class: 'md-card__body' },
      row(t('tenantStatus'), h('span', { text: tenant.unknown ? t('reauthorize') : t('authorized') })),
      toggle,
      slot));
}

function tenantPage() {
  return pageFrame('page-tenant', 'services', t('tenantDetails'), {
    crumbs: [['/services', t('services')], ['/services/hybrid-calendar', t('hybridCalendar')]],
  },
    h('section', { class: 'md-card', 'data-testid': 'tenant-details', 'aria-labelledby': 'tenant-details-heading' },
      h('header', { class: 'md-card__header' }, h('h2', { class: 'md-card__title', id: 'tenant-details-heading', 'data-testid': 'tenant-details-heading', text: t('tenantDetails') })),
      h('div', { class: 'md-card__body' },
        h('dl', { class: 'ch-dl' },
          h('dt', { text: t('tenantName') }), h('dd', { 'data-testid': 'tenant-name', text: TENANT.name }),
          h('dt', { text: t('tenantId') }), h('dd', { class: 'ch-row__value--mono', 'data-testid': 'tenant-id', text: TENANT.id }),
          h('dt', { text: t('tenantStatus') }), cccBadge(ctx, h('dd', { 'data-testid': 'tenant-status', text: t('loading') }))),
        h('h3', { class: 'ch-subheading', text: t('domains') }),
        h('ul', { class: 'ch-domain-list', 'data-testid': 'tenant-domains' },
          TENANT.domains.map((d) => h('li', { class: 'ch-domain-list__item', 'data-testid': 'tenant-domain', text: d }))))));
}

// ---------------------------------------------------------------------------------------------

/** ?busy=MS: a page that keeps its main thread busy, as a loaded machine or a heavy app does. */
function burnCpu() {
  const end = performance.now() + config.busyMs;
  while (performance.now() < end) {
    /* spin */
  }
  replica.busySpins++;
  setTimeout(burnCpu, 5);
}

if (config.scrollMain) document.getElementById('ch-app').classList.add('ch-app--scroll-main');
if (config.busyMs) burnCpu();
renderShell();
route();

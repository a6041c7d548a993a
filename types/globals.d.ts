// Globals of the extension's scripts, for the type check only (`make lint`; never shipped). The
// protocol's types are JSDoc in extension/shared/*.js; these are what JSDoc cannot declare.

/** Firefox's extension API (Chromium has only `chrome`); shared/api.js picks one. */
declare var browser: typeof chrome | undefined;

/**
 * The content scripts' namespace in the isolated world (the page never sees it), one part per
 * file in the manifest's order; adapter.js wires them.
 */
declare var caldoctor: CaldoctorContent | undefined;

interface CaldoctorContent {
  inputs?: any;
  pageContext?: any;
  placement?: any;
  Spacer?: any;
  SPACER_ATTR?: string;
  BannerFrame?: any;
  tenantDetails?: any;
  tenantLearning?: any;
  channel?: any;
  HOST_ATTR?: string;
  adapterStarted?: boolean;
}

/** What the extension pages hold for their lifetime (dropping it removes Rust's listeners). */
declare var caldoctorBanner: import('./wasm/caldoctor_banner.js').BannerApp | undefined;
declare var caldoctorAnalyzer: import('./wasm/caldoctor_pages.js').AnalyzerApp | undefined;
declare var caldoctorTriage: import('./wasm/caldoctor_pages.js').TriageApp | undefined;

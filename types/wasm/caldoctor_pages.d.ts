// The extension pages' Wasm module (src/web with feature web-pages, built by `make wasm` into
// extension/wasm/caldoctor_pages.js: the analyzer, the triage page and their worker, the popup, the options), for the
// type check only: tsconfig.json's rootDirs put this folder over extension/, so
// `./wasm/caldoctor_pages.js` resolves here.

export default function init(): Promise<unknown>;

export class AnalyzerApp {
  set_screen_share(on: boolean): void;
  free(): void;
}

/** The popup's link to the triage page: while counting, then the tab's subjects in error. */
export interface PopupTriage {
  tab: number;
  counting?: boolean;
  inError?: number;
  total?: number;
  orgs?: number;
}

/** The toolbar popup, from the background's record of the tab and the settings. */
export function render_popup(
  root: Element,
  data: {
    paused: boolean;
    banners: SummaryAnswer['banners'];
    screenShare: boolean;
    screenShareLocked: boolean;
    triage?: PopupTriage;
  },
  lang: string,
): void;

export class TriageApp {
  asking(): void;
  set_lists(orgs: ListsAnswer['orgs']): void;
  tab_unreachable(): void;
  set_screen_share(on: boolean): void;
  tenants_changed(): void;
  free(): void;
}

/** The triage page, with the pages' worker; `tenantsFor` gives an org's tenants at each triage. */
export function start_triage(
  root: Element,
  settings: DiagnosisOptions,
  tenantsFor: (org: string) => BannerTenant[] | undefined,
): TriageApp;

/** The triage page's lists, kept by the pages' worker (src/web/triage_worker.rs). */
export class TriageSession {
  constructor();
  add(set: string, url: string, body: string, source: string): { observations: number; requests: number };
  org(set: string): string | undefined;
  build(set: string, tenants: BannerTenant[] | undefined): number | undefined;
  board(set: string, lang: string, mask: boolean): string | undefined;
  group_sizes(set: string): Uint32Array;
  rows(set: string, group: number, first: number, count: number): string;
  csv(set: string, redact: boolean): string | undefined;
  summary(set: string, lang: string, redact: boolean, format: string): string | undefined;
  free(): void;
}

/** How many of a tab's subjects are in error (the popup's count). */
export function triage_count(
  inputs: BannerInput[],
  tenants: BannerTenant[] | undefined,
): { org?: string; inError: number; total: number };
/** The options page, from the settings in force. */
export function render_options(root: Element, settings: EffectiveSettings, lang: string): void;
/** The analyzer page, with its worker. */
export function start_analyzer(root: Element, settings: DiagnosisOptions): AnalyzerApp;
/** A HAR reduced to the entries the doctor reads; throws when it is not a HAR. */
export function reduce_har(har: Uint8Array): { kept: number; text: string };
/** The HAR with secrets and unrelated bodies removed. */
export function redact_har(har: Uint8Array): { text: string; entries: number; removed: number };

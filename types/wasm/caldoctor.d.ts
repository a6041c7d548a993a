// The Wasm module's exports that the extension's JavaScript calls (src/web, built by
// wasm-bindgen into extension/wasm/caldoctor.js), for the type check only: tsconfig.json's
// rootDirs put this folder over extension/, so `./wasm/caldoctor.js` resolves here.

export default function init(): Promise<unknown>;

export class BannerApp {
  free(): void;
}
export class AnalyzerApp {
  set_screen_share(on: boolean): void;
  free(): void;
}

/** The banner frame: fetches its payload, renders, reports its height, handles Dismiss. */
export function start_banner(root: Element): BannerApp;
/** The toolbar popup, from the background's record of the tab and the settings. */
export function render_popup(
  root: Element,
  data: { paused: boolean; banners: SummaryAnswer['banners']; screenShare: boolean; screenShareLocked: boolean },
  lang: string,
): void;
/** The options page, from the settings in force. */
export function render_options(root: Element, settings: EffectiveSettings, lang: string): void;
/** The analyzer page, with its worker. */
export function start_analyzer(root: Element, settings: DiagnosisOptions): AnalyzerApp;
/** A HAR reduced to the entries the doctor reads; throws when it is not a HAR. */
export function reduce_har(har: Uint8Array): { kept: number; text: string };
/** The HAR with secrets and unrelated bodies removed. */
export function redact_har(har: Uint8Array): { text: string; entries: number; removed: number };

// The extension pages' Wasm module (src/web with feature web-pages, built by `make wasm` into
// extension/wasm/caldoctor_pages.js: the analyzer and its worker, the popup, the options), for the
// type check only: tsconfig.json's rootDirs put this folder over extension/, so
// `./wasm/caldoctor_pages.js` resolves here.

export default function init(): Promise<unknown>;

export class AnalyzerApp {
  set_screen_share(on: boolean): void;
  free(): void;
}

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

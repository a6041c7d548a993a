// The banner frame's Wasm module (src/web with feature web-banner, built by `make wasm` into
// extension/wasm/caldoctor_banner.js), for the type check only: tsconfig.json's rootDirs put this
// folder over extension/, so `./wasm/caldoctor_banner.js` resolves here.

export default function init(): Promise<unknown>;

export class BannerApp {
  free(): void;
}

/** The banner frame: fetches its payload, renders, reports its height, handles Dismiss. */
export function start_banner(root: Element): BannerApp;

// Real browsers with the built extension (dist/*-test, which also matches the loopback replica):
// Debian's Chromium through Playwright, Firefox ESR through puppeteer-core over WebDriver BiDi.
// Shared by the e2e tests, `make demo` and the browser measurements.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM_EXTENSION = path.join(ROOT, 'dist', 'chromium-test');
export const FIREFOX_EXTENSION = path.join(ROOT, 'dist', 'firefox-test');
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const FIREFOX = ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
export const SHOTS = path.join(ROOT, 'target', 'e2e');

const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--no-default-browser-check', '--disable-dev-shm-usage'];

/**
 * Headless Chromium with `extension` loaded (null: none), in a fresh profile, optionally in the
 * time zone `timezoneId` (IANA) and with more command-line flags `args`. Resolves to
 * { context, close }; `context` is a Playwright BrowserContext.
 */
export async function launchChromium({ extension = CHROMIUM_EXTENSION, colorScheme = 'light', timezoneId, args: extra = [] } = {}) {
  const { chromium } = await import('playwright-core');
  if (!CHROMIUM) throw new Error('Chromium is not installed: run `make browsers`');
  if (extension && !existsSync(path.join(extension, 'manifest.json'))) throw new Error(`${extension} is not built: run \`make build\``);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-chromium-'));
  // Both flags are needed: with --load-extension alone, Chromium 156 silently loads nothing.
  const args = extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : ['--disable-extensions'];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless=new', ...QUIET_FLAGS, ...args, ...extra],
    viewport: { width: 1280, height: 900 },
    colorScheme,
    timezoneId,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker in a Chromium context (waits for it to start). */
export async function chromiumWorker(context) {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 }));
}

/** The extension's base URL in a Chromium context: chrome-extension://<id>/. */
export async function chromiumExtensionUrl(context) {
  return new URL('/', (await chromiumWorker(context)).url()).href;
}

/**
 * Headless Firefox ESR with `extension` installed temporarily, with more preferences `prefs`.
 * Resolves to { browser, close }.
 */
export async function launchFirefox({ extension = FIREFOX_EXTENSION, prefs = {} } = {}) {
  const puppeteer = (await import('puppeteer-core')).default;
  if (!FIREFOX) throw new Error('Firefox is not installed: run `make browsers`');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: { 'xpinstall.signatures.required': false, 'extensions.autoDisableScopes': 0, ...prefs },
  });
  if (extension) await browser.installExtension(extension);
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where a screenshot named `name` goes (target/e2e/<name>.png), its folder created. */
export function shotPath(name) {
  mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}.png`);
}

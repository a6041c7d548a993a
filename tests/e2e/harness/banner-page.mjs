// Reading the extension's banner on a replica page, the same way in every browser test: the host
// element the adapter inserts ([data-caldoctor-subject]) and the banner document in its frame.
// Works with Playwright pages (Chromium) and puppeteer pages (Firefox): both have $, evaluate and
// ElementHandle.contentFrame().

const TIMEOUT = 20000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value. */
export async function until(what, probe, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error; // a frame reloading while read: try again
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last?.stack ?? JSON.stringify(last)}`);
    await sleep(100);
  }
}

/** The hosts on the page: [{subject, placement, visible, loads}]. */
export function hosts(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-caldoctor-host]')].map((h) => ({
      subject: h.getAttribute('data-caldoctor-subject'),
      placement: h.getAttribute('data-placement'),
      visible: h.hasAttribute('data-visible'),
      loads: Number(h.getAttribute('data-loads') ?? 0),
      height: h.getBoundingClientRect().height,
    })),
  );
}

/** The banner frame of `subject` (a Playwright or puppeteer frame), or null. */
export async function bannerFrame(page, subject) {
  const iframe = await page.$(`[data-caldoctor-subject="${subject}"] iframe`);
  return (await iframe?.contentFrame()) ?? null;
}

/**
 * What the banner frame of `subject` shows: findings (the lead first; `earlier` for the errors
 * its current status superseded, listed in the Details), diagnoses, `text` (everything, the
 * Details too), `shown` (what is on screen: collapsed, the compact part), `expanded`, links, lang.
 */
export async function readBanner(page, subject) {
  const frame = await bannerFrame(page, subject);
  if (!frame) return null;
  return frame.evaluate(() => ({
    lang: document.documentElement.lang,
    state: document.getElementById('banner')?.getAttribute('data-state') ?? null,
    findings: [...document.querySelectorAll('[data-finding]')].map((f) => ({
      code: f.getAttribute('data-finding'),
      diagnosis: f.getAttribute('data-diagnosis'),
      resolved: f.classList.contains('resolved'),
      earlier: f.classList.contains('earlier'),
    })),
    text: (() => {
      const walker = document.createTreeWalker(document.getElementById('banner') ?? document.body, NodeFilter.SHOW_TEXT);
      const parts = [];
      while (walker.nextNode()) parts.push(walker.currentNode.data);
      return parts.join(' ');
    })(),
    shown: document.body.innerText,
    expanded: document.getElementById('details-toggle')?.getAttribute('aria-expanded') === 'true',
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    images: document.querySelectorAll('img').length,
    pwned: globalThis.__pwned ?? null,
  }));
}

/** Waits until the visible banner of `subject` satisfies `check(banner)`; returns the banner. */
export async function waitForBanner(page, subject, check = () => true, what = 'the banner') {
  let seen = null; // for the failure message: what the page showed last
  try {
    return await until(`${what} of ${subject}`, async () => {
      const all = await hosts(page);
      seen = { hosts: all };
      if (!all.some((h) => h.subject === subject && h.visible)) return null;
      const banner = await readBanner(page, subject);
      seen.banner = banner && { state: banner.state, findings: banner.findings, text: banner.text.slice(0, 300) };
      return banner && banner.findings.length && check(banner) ? banner : null;
    });
  } catch (error) {
    error.message += `\nlast seen: ${JSON.stringify(seen)}`;
    throw error;
  }
}

/**
 * Clicks the element matching `selector` in one step inside the page: the replica replaces its
 * Scheduling panel on every poll, which can detach an element between a driver's aim and click.
 */
export function clickNow(page, selector) {
  return page.$eval(selector, (element) => element.click());
}

/** The replica's counters (polls, renders, historyLoads, route). */
export function replica(page) {
  return page.evaluate(() => ({ ...window.__replica, config: undefined }));
}

// How long a page stops responding while it works: a 20 ms ticker inside the page records the
// longest gap between its ticks. Works with Playwright pages (Chromium) and puppeteer pages.

/** Starts watching `page`. */
export function watchPauses(page) {
  return page.evaluate(() => {
    window.__pauses = { longest: 0, last: performance.now() };
    window.__pauseTicker = setInterval(() => {
      const now = performance.now();
      window.__pauses.longest = Math.max(window.__pauses.longest, now - window.__pauses.last);
      window.__pauses.last = now;
    }, 20);
  });
}

/** The longest pause of `page` since `watchPauses`, in milliseconds. */
export function longestPause(page) {
  return page.evaluate(() => window.__pauses.longest);
}

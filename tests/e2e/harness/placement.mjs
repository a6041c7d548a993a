// Where the banner is on a replica page, measured inside the page the same way in every browser
// (Playwright or puppeteer page): the Office 365 row, the banner's host (the frame's visible box),
// its spacer, what the page shows at points over and around them, and whether the frame's height
// is its content's. Each measure is taken after a frame has been painted, so it sees what the
// user sees; `placementScenario` runs the whole check of one page, `describePlacement` a browser's
// suites of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { clickNow, replica, until, waitForBanner } from './banner-page.mjs';
import { spinElsewhere } from './busy-machine.mjs';

const ROW = '[data-testid="scheduling-calendar-row"]';

/** What the page shows of `subject`'s banner, read after the next painted frame. */
export function measure(page, subject) {
  return page.evaluate(async ([subject, rowSelector]) => {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const box = (element) => {
      if (!element) return null;
      const { left, top, right, bottom, width, height } = element.getBoundingClientRect();
      return { left, top, right, bottom, width, height };
    };
    const host = document.querySelector(`[data-caldoctor-host][data-caldoctor-subject="${subject}"]`);
    const spacer = document.querySelector(`[data-caldoctor-spacer][data-caldoctor-subject="${subject}"]`);
    const row = document.querySelector(rowSelector);
    const ours = (element) => Boolean(element?.closest('[data-caldoctor-layer]'));
    const h = box(host);
    // Over the frame, the page may show only the spacer under it (or cover the frame itself).
    const covered = [];
    if (h && h.width > 4 && h.height > 4) {
      for (const fx of [0.02, 0.5, 0.98]) {
        for (const fy of [0.02, 0.5, 0.98]) {
          const [x, y] = [h.left + fx * h.width, h.top + fy * h.height];
          if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
          const stack = document.elementsFromPoint(x, y);
          if (!ours(stack[0])) continue; // the page draws over the banner there: it may
          const under = stack.find((element) => !ours(element));
          if (under !== spacer) covered.push(`${under?.tagName}.${under?.className} at ${Math.round(x)},${Math.round(y)}`);
        }
      }
    }
    const at = (x, y) => (x >= 0 && y >= 0 && x < innerWidth && y < innerHeight ? document.elementFromPoint(x, y) : null);
    const r = box(row);
    return {
      hosts: document.querySelectorAll('[data-caldoctor-host]').length,
      spacers: document.querySelectorAll('[data-caldoctor-spacer]').length,
      placement: host?.getAttribute('data-placement') ?? null,
      loads: Number(host?.getAttribute('data-loads') ?? 0),
      shown: host ? getComputedStyle(host).visibility === 'visible' : false,
      host: h,
      spacer: box(spacer),
      row: r,
      iframeHeight: host?.querySelector('iframe')?.getBoundingClientRect().height ?? null,
      spacerHeight: spacer?.getBoundingClientRect().height ?? null,
      covered,
      // The row itself and the gap under the frame are the page's.
      rowFree: r ? !ours(at(r.left + r.width / 2, r.top + r.height / 2)) : null,
      gapFree: h ? !ours(at(h.left + h.width / 2, h.bottom + 3)) : null,
    };
  }, [subject, ROW]);
}

/** Fails unless the banner is drawn right under the Office 365 row, over its spacer only. */
export function assertUnderRow(m, what = '') {
  const seen = `${what} ${JSON.stringify(m)}`;
  assert.equal(m.hosts, 1, `one banner: ${seen}`);
  assert.equal(m.spacers, 1, `one spacer: ${seen}`);
  assert.ok(m.shown, `shown: ${seen}`);
  const gap = m.host.top - m.row.bottom;
  assert.ok(gap >= 0 && gap <= 32, `directly under the row (gap ${gap}): ${seen}`);
  assert.ok(Math.abs(m.host.left - m.row.left) < 2 && Math.abs(m.host.width - m.row.width) < 2, `in the row's column: ${seen}`);
  assert.ok(Math.abs(m.host.top - m.spacer.top) < 1 && Math.abs(m.host.left - m.spacer.left) < 1, `over its spacer: ${seen}`);
  assert.equal(m.spacerHeight, m.iframeHeight, `the spacer is as tall as the frame: ${seen}`);
  assert.deepEqual(m.covered, [], `over nothing of the page but its spacer: ${seen}`);
  assert.ok(m.rowFree && m.gapFree, `the row and what follows the banner stay the page's: ${seen}`);
}

/** The frame's height against its content's: cut (content taller) or a blank band (shorter). */
export async function frameFit(page, subject) {
  const iframe = await page.$(`[data-caldoctor-host][data-caldoctor-subject="${subject}"] iframe`);
  const frame = await iframe?.contentFrame();
  if (!frame) return null;
  return frame.evaluate(() => ({
    viewport: innerHeight,
    content: document.documentElement.scrollHeight,
    body: Math.ceil(document.body.getBoundingClientRect().height),
  }));
}

/** Waits until the frame's height is its content's; returns the fit. */
export function untilFitted(page, subject) {
  return until(`${subject}'s frame as tall as its content`, async () => {
    const fit = await frameFit(page, subject);
    return fit && fit.content <= fit.viewport && Math.abs(fit.body - fit.viewport) <= 1 ? fit : null;
  });
}

/** Scrolls the page (or its main area, when that scrolls) by `dy`; returns the scroller's name. */
function scrollBy(page, dy) {
  return page.evaluate((dy) => {
    const main = document.getElementById('ch-main');
    const scroller = main && getComputedStyle(main).overflowY === 'auto' ? main : document.scrollingElement;
    scroller.scrollTop += dy;
    return scroller === main ? 'main' : 'page';
  }, dy);
}

/**
 * The whole check on a replica page showing `subject` (already loaded in `page`): the banner under
 * the row through 20 re-renders without a reload, following scroll, a layout shift and a resize,
 * never over page content, as tall as its content, and gone after navigating to `away` (a
 * workspace link's data-place-id, whose page has nothing to show).
 * `setViewport({width, height})` resizes the page (Playwright's and puppeteer's differ).
 */
export async function placementScenario(page, { subject, away, setViewport }) {
  await waitForBanner(page, subject);
  await untilFitted(page, subject);
  const first = await measure(page, subject);
  assertUnderRow(first, 'at first');
  assert.equal(first.loads, 1, 'loaded once');

  const start = await replica(page);
  for (let step = 5; step <= 20; step += 5) {
    await until(`${step} more re-renders`, async () => (await replica(page)).renders >= start.renders + step, 60000);
    const m = await measure(page, subject);
    assertUnderRow(m, `after ${step} re-renders`);
    assert.equal(m.loads, 1, `not reloaded by ${step} re-renders`);
  }

  // Scrolled: still over its spacer (the page's topbar may cover it, it never covers the topbar).
  const scroller = await scrollBy(page, 120);
  assertUnderRow(await measure(page, subject), `scrolled (${scroller})`);
  if (scroller === 'main') {
    // Half the banner scrolled under the main area's top edge: the frame is cut there, not drawn
    // over the topbar.
    const m = await measure(page, subject);
    const main = await page.evaluate(() => document.getElementById('ch-main').getBoundingClientRect().top);
    await scrollBy(page, m.host.top - main + m.host.height / 2);
    const half = await measure(page, subject);
    assert.ok(half.host.top >= main - 0.5 && half.host.height < half.spacerHeight, `clipped to the main area: ${JSON.stringify(half)}`);
    assert.deepEqual(half.covered, []);
    await scrollBy(page, -10000);
  }
  await scrollBy(page, -10000);

  // A layout shift above the panel, without a DOM insertion near it: a block above it grows.
  await page.evaluate(() => {
    const shift = document.createElement('div');
    shift.id = 'layout-shift';
    document.querySelector('[data-testid="scheduling-slot"]').before(shift);
  });
  const before = await measure(page, subject);
  const moved = await page.evaluate(async () => {
    document.getElementById('layout-shift').style.height = '150px';
    // One frame later: the banner has followed.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const spacer = document.querySelector('[data-caldoctor-spacer]').getBoundingClientRect();
    const host = document.querySelector('[data-caldoctor-host]').getBoundingClientRect();
    return { spacer: spacer.top, host: host.top };
  });
  assert.ok(Math.abs(moved.host - moved.spacer) < 1 && Math.abs(moved.spacer - before.spacer.top - 150) < 1, `followed within a frame: ${JSON.stringify({ before: before.spacer, moved })}`);
  assertUnderRow(await measure(page, subject), 'after the layout shift');

  // A narrower window: the frame takes the column's new width and its content's new height.
  await setViewport({ width: 1000, height: 800 });
  await until('the banner in the narrower column', async () => {
    const m = await measure(page, subject);
    return m.shown && Math.abs(m.host.width - m.row.width) < 2 && m.spacerHeight === m.iframeHeight;
  });
  await untilFitted(page, subject);
  const narrow = await measure(page, subject);
  assertUnderRow(narrow, 'after the resize');
  assert.equal(narrow.loads, 1, 'still loaded once');
  await setViewport({ width: 1280, height: 900 });

  // Navigating to a page with nothing to say: the banner and its spacer go; the new page's
  // frame, if any, shows nothing and takes no room.
  await clickNow(page, `[data-testid="workspace-switch-link"][data-place-id="${away}"]`);
  await until('the banner gone after the navigation', () =>
    page.evaluate((subject) => {
      const gone = document.querySelectorAll(`[data-caldoctor-subject="${subject}"]`).length === 0;
      const quiet = [...document.querySelectorAll('[data-caldoctor-host]')].every((h) => !h.hasAttribute('data-visible') && getComputedStyle(h).visibility === 'hidden');
      const flat = [...document.querySelectorAll('[data-caldoctor-spacer]')].every((s) => s.getBoundingClientRect().height === 0);
      return gone && quiet && flat;
    }, subject));
}

/** The replica pages the scenario runs on, by what makes each one hard. `{A}`: workspace A's id. */
const PLACEMENT_PAGES = {
  'the URL names the subject': '/workspaces/{A}?poll=250',
  'nothing on the page names the subject': '/workspaces/n/1?poll=250&ids=hidden',
  'the status fetched once, never polled, re-rendered': '/workspaces/n/1?fetch=once&rerender=250&ids=hidden',
  'a main area that scrolls on its own': '/workspaces/{A}?poll=250&scroll=main',
};

/**
 * The placement suites of one browser: `check(path)` runs the scenario on each replica page, then
 * again with a CPU-burning page (?busy) while a second process spins on the machine.
 */
export function describePlacement(browserName, check) {
  describe(`the banner under the Office 365 row (${browserName})`, () => {
    for (const [name, path] of Object.entries(PLACEMENT_PAGES)) test(name, () => check(path));
  });
  describe(`the banner under the Office 365 row on a loaded machine (${browserName})`, () => {
    let busy;
    before(() => {
      busy = spinElsewhere();
    });
    after(() => busy?.stop());
    for (const [name, path] of Object.entries(PLACEMENT_PAGES)) test(`${name}, with a CPU-burning page`, () => check(`${path}&busy=15`));
  });
}

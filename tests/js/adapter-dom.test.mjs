// The page adapter's DOM parts in headless Chromium, without the extension: each placement
// strategy on markup written for it (Control Hub's test ids, the heading in English and Japanese,
// the status word alone, nothing), the banner's spacer put back after re-renders while its frame
// stays in the extension's layer (never moved, never reloaded), cut to a scrolling ancestor, and
// the page context readers (email label rows, the theme). Tenant details: tenant-details.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, launchChromium } from '../e2e/harness/browsers.mjs';

// In the manifest's order: placement uses page-context's text helper.
const SCRIPTS = ['page-context.js', 'placement.js'].map((f) => path.join(ROOT, 'extension', 'content', f));
const BANNER_SCRIPTS = ['spacer.js', 'banner-frame.js'].map((f) => path.join(ROOT, 'extension', 'content', f));
const SUBJECT = 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10';
const OTHER = 'c0f3a8d4-6e2b-4a17-b5c9-8d1e2f3a4b50';

let browser;
let page;
before(async () => {
  browser = await launchChromium({ extension: null });
  page = await browser.context.newPage();
});
after(() => browser?.close());

/** Loads `html` with the adapter's DOM parts and returns what `probe` (run in the page) returns. */
async function onPage(html, probe, arg) {
  await page.setContent(`<!doctype html><html><body>${html}</body></html>`);
  for (const file of SCRIPTS) await page.addScriptTag({ path: file });
  return page.evaluate(probe, arg);
}

const describePanel = ([subject, words]) => {
  const found = globalThis.caldoctor.placement.findPanel(document, subject, words);
  return found && { strategy: found.strategy, row: found.row.id || found.row.tagName, panel: found.panel.id || found.panel.tagName };
};

test('structure: Control Hub\'s test ids, and never another subject\'s panel', async () => {
  const html = (id) => `
    <div data-subject-id="${id}"><section id="card" data-testid="scheduling-section">
      <h2>Scheduling</h2>
      <div id="row" data-testid="scheduling-calendar-row"><div>Office 365</div><span>Unauthorized</span></div>
    </section></div>`;
  assert.deepEqual(await onPage(html(SUBJECT), describePanel, [SUBJECT, []]), { strategy: 'structure', row: 'row', panel: 'card' });
  // Another subject's panel (the page has not caught up with a navigation yet): by no strategy.
  assert.equal(await onPage(html(OTHER), describePanel, [SUBJECT, []]), null);
});

test('heading: "Scheduling" or "スケジューリング", then the Office 365 row of that card', async () => {
  for (const [heading, provider] of [['Scheduling', 'Office 365'], ['スケジューリング', 'Microsoft 365']]) {
    const found = await onPage(`
      <main><div class="md-card" id="card">
        <header><h3 class="md-card__title">${heading}</h3></header>
        <div class="body">
          <div id="row"><span>${provider}</span><span><i></i><b>Unauthorized</b></span></div>
          <div><span>Email Address</span><span>room@ciscolive.us</span></div>
        </div>
      </div></main>`, describePanel, [SUBJECT, []]);
    assert.deepEqual(found, { strategy: 'heading', row: 'row', panel: 'card' }, heading);
  }
});

test('status: the status word alone, including a word only the subject\'s status carries', async () => {
  const html = (word) => `
    <section id="card"><div id="row"><span>Calendar (Microsoft)</span><span>${word}</span></div></section>`;
  assert.deepEqual(await onPage(html('Unauthorized'), describePanel, [SUBJECT, []]), { strategy: 'status', row: 'row', panel: 'card' });
  assert.deepEqual(await onPage(html('Forbidden'), describePanel, [SUBJECT, ['Forbidden']]), { strategy: 'status', row: 'row', panel: 'card' });
  assert.equal(await onPage(html('Forbidden'), describePanel, [SUBJECT, []]), null);
});

test('nothing that looks like the panel: null (the adapter docks)', async () => {
  const html = `<div><h2>Calendar integration</h2><p>Microsoft 365 calendar: <span>Action needed</span></p>
    <p>History: Received error 'Unauthorized' from O365.</p><script>/* Unauthorized */</script></div>`;
  assert.equal(await onPage(html, describePanel, [SUBJECT, []]), null);
});

/** The banner's parts on a page of `html`: the spacer and the frame, with a stub extension API. */
async function onBannerPage(html, probe) {
  await page.setContent(`<!doctype html><html><body>${html}</body></html>`);
  await page.evaluate(() => {
    globalThis[Symbol.for('caldoctor.shared')] = { protocol: { frame: { refresh: 'refresh' } } };
    crypto.randomUUID ??= () => '00000000-0000-4000-8000-000000000000'; // about:blank is no secure context
  });
  for (const file of [...SCRIPTS, ...BANNER_SCRIPTS]) await page.addScriptTag({ path: file });
  return page.evaluate(probe);
}

const PANEL = `
  <main><div id="col"><div id="slot"><section id="card" data-testid="scheduling-section">
    <div id="body"><div id="row" data-testid="scheduling-calendar-row">Office 365 <span>Unauthorized</span></div>
    <div id="email">Email Address room@ciscolive.us</div></div>
  </section></div></div></main>`;

test('re-renders put the spacer back under the new row; the frame never moves and never reloads', async () => {
  const result = await onBannerPage(PANEL, async () => {
    const { BannerFrame, placement } = globalThis.caldoctor;
    const api = { runtime: { getURL: (path) => `about:blank#${path}` } };
    const frame = new BannerFrame(document, api, 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10', 'Banner');
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const rowNow = () => placement.findPanel(document, null, []).row;
    frame.placeUnder(rowNow(), 'structure');
    frame.resize(120, 'error', frame.iframe.clientWidth);
    await nextFrame();
    await nextFrame();
    const layer = frame.host.parentElement;
    const seen = [];
    for (let i = 0; i < 5; i++) {
      // The framework re-renders the slot's content: a fresh section each time (like the replica).
      document.getElementById('slot').replaceChildren(document.getElementById('card').cloneNode(true));
      seen.push(frame.inPlace);
      frame.placeUnder(rowNow(), 'structure');
      await nextFrame();
    }
    const [row, spacer, host] = [rowNow(), frame.spacer.element, frame.host].map((e) => e.getBoundingClientRect());
    return {
      layer: layer === document.documentElement.lastElementChild && layer.hasAttribute('data-caldoctor-layer'),
      sameParent: frame.host.parentElement === layer,
      reloaded: frame.loads > 1, // about:blank may load before the listener sees it: the e2e tests count real loads
      lostOnRerender: seen,
      spacerAfterRow: frame.spacer.element.previousElementSibling === rowNow(),
      spacerHeight: spacer.height,
      gap: spacer.top - row.bottom,
      overSpacer: [host.left - spacer.left, host.top - spacer.top, host.width - spacer.width, host.height - spacer.height],
    };
  });
  assert.deepEqual(result, {
    layer: true, sameParent: true, reloaded: false, lostOnRerender: [false, false, false, false, false],
    spacerAfterRow: true, spacerHeight: 120, gap: 8, overSpacer: [0, 0, 0, 0],
  });
});

test('a spare adopted at another width takes only a height measured at the width it was given', async () => {
  const result = await onBannerPage(`<div style="width: 700px">${PANEL}</div>`, async () => {
    const { BannerFrame, placement } = globalThis.caldoctor;
    const spare = BannerFrame.spare(document, { runtime: { getURL: () => 'about:blank' } }, 'Banner');
    const hiddenWidth = spare.iframe.clientWidth; // the frame's own default: nothing sets it yet
    spare.adopt('a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10');
    spare.placeUnder(placement.findPanel(document, null, []).row, 'structure');
    const width = spare.iframe.clientWidth;
    const seen = () => ({ height: spare.iframe.getBoundingClientRect().height, spacer: spare.spacer.height, visible: spare.host.hasAttribute('data-visible') });
    // The frame measured before it saw where it was put, and its report came after it was.
    const stale = spare.resize(240, 'error', hiddenWidth);
    const beforeFresh = seen();
    const fresh = spare.resize(120, 'error', width);
    const afterFresh = seen();
    // A report measured at the hidden width that comes late (after the fresh one) changes nothing.
    const late = spare.resize(240, 'error', hiddenWidth);
    return { hiddenWidth, width, stale, beforeFresh, fresh, afterFresh, late, afterLate: seen() };
  });
  assert.notEqual(result.hiddenWidth, result.width, JSON.stringify(result));
  assert.deepEqual(
    { stale: result.stale, beforeFresh: result.beforeFresh, fresh: result.fresh, afterFresh: result.afterFresh, late: result.late, afterLate: result.afterLate },
    {
      stale: false, beforeFresh: { height: 0, spacer: 0, visible: false },
      fresh: true, afterFresh: { height: 120, spacer: 120, visible: true },
      late: false, afterLate: { height: 120, spacer: 120, visible: true },
    },
  );
});

test('the frame is cut to what a scrolling ancestor shows, stacks above its z-index, hides with it', async () => {
  const result = await onBannerPage(`
    <div id="scroller" style="position: relative; z-index: 5; height: 200px; overflow: auto; margin-top: 50px">
      <div style="height: 150px"></div>
      <div id="row" data-testid="scheduling-calendar-row">Office 365</div>
      <div style="height: 1000px"></div>
    </div>`, async () => {
    const { BannerFrame } = globalThis.caldoctor;
    const frame = new BannerFrame(document, { runtime: { getURL: () => 'about:blank' } }, 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10', 'Banner');
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    frame.placeUnder(document.getElementById('row'), 'structure');
    frame.resize(100, 'error', frame.iframe.clientWidth);
    await nextFrame();
    const scroller = document.getElementById('scroller');
    const box = () => {
      const { top, height } = frame.host.getBoundingClientRect();
      return { top, height, shown: getComputedStyle(frame.host).visibility };
    };
    const inView = box(); // the spacer at 150 + row in a 200 px window: mostly below its bottom edge
    scroller.scrollTop = 200; // now its top part is above the window's top edge
    await nextFrame();
    const scrolled = box();
    const z = getComputedStyle(frame.host).zIndex;
    scroller.style.display = 'none';
    await nextFrame();
    const hidden = box().shown;
    frame.remove();
    return { inView, scrolled, z, hidden, layerLeft: document.querySelector('[data-caldoctor-layer]') !== null, spacerLeft: frame.spacer.element.isConnected };
  });
  const rowHeight = 17; // one line of text in the default font
  assert.ok(Math.abs(result.inView.height - (200 - 150 - rowHeight - 8)) <= 2, JSON.stringify(result));
  assert.ok(Math.abs(result.scrolled.top - 50) <= 1 && result.scrolled.height < 100, JSON.stringify(result));
  assert.equal(result.z, '5');
  assert.equal(result.hidden, 'hidden');
  assert.equal(result.layerLeft, false, 'the layer goes with its last banner');
  assert.equal(result.spacerLeft, false);
});

test('page context: the email of the panel', async () => {
  const context = await onPage(`
    <section id="a"><h2>Scheduling</h2><div><span>Office 365</span><span>Unauthorized</span></div>
      <div><dt>メール アドレス</dt><dd>WebexWorkspace3@ciscolive.com</dd></div></section>
    <section id="b"><h2>Scheduling</h2><div data-testid="scheduling-email">—</div></section>`, () => {
    const { panelEmail, lang } = globalThis.caldoctor.pageContext;
    return { email: panelEmail(document.getElementById('a')), none: panelEmail(document.getElementById('b')), lang: lang(document) };
  });
  assert.deepEqual(context, { email: 'WebexWorkspace3@ciscolive.com', none: null, lang: 'en-US' });
});

test('page context: the theme around the panel, light or dark', async () => {
  const themes = await onPage(`
    <div id="dark-page" style="background: rgb(18, 18, 18)"><section id="dark"><p>x</p></section></div>
    <div id="light-page" style="background: #f7f7f7"><section id="light"></section></div>
    <section id="plain"></section>`, () => {
    const { theme } = globalThis.caldoctor.pageContext;
    const of = (id) => theme(document.getElementById(id), document);
    const plain = of('plain');
    document.documentElement.style.colorScheme = 'dark';
    return { dark: of('dark'), light: of('light'), plain, darkScheme: of('plain') };
  });
  assert.deepEqual(themes, { dark: 'dark', light: 'light', plain: 'light', darkScheme: 'dark' });
});

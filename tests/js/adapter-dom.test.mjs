// The page adapter's DOM parts in headless Chromium, without the extension: each placement
// strategy on markup written for it (Control Hub's test ids, the heading in English and Japanese,
// the status word alone, nothing), the banner climbing out of re-rendered subtrees, and the page
// context readers (email label rows, the theme). Tenant details: tenant-details.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, launchChromium } from '../e2e/harness/browsers.mjs';

// In the manifest's order: placement uses page-context's text helper.
const SCRIPTS = ['page-context.js', 'placement.js'].map((f) => path.join(ROOT, 'extension', 'content', f));
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

test('a banner dropped by re-renders climbs past the replaced subtree, then stays', async () => {
  const result = await onPage(`
    <main><div id="col"><div id="slot"><section id="card" data-testid="scheduling-section">
      <div id="body"><div id="row" data-testid="scheduling-calendar-row">Office 365 <span>Unauthorized</span></div></div>
    </section></div></div></main>`, () => {
    const { findPanel, reference, levelsAfterLoss } = globalThis.caldoctor.placement;
    const host = document.createElement('div');
    const place = (levels) => {
      const { row } = findPanel(document, null, []);
      reference(row, levels).after(host);
      return { row, parent: host.parentElement, levels };
    };
    // The framework re-renders the slot's content: a fresh section each time (like the replica).
    const rerender = () => document.getElementById('slot').replaceChildren(document.getElementById('card').cloneNode(true));
    const steps = [];
    let placed = place(0);
    steps.push(host.parentElement.id);
    rerender();
    steps.push(host.isConnected);
    let levels = levelsAfterLoss(placed); // the section (and its container's children) went
    placed = place(levels);
    steps.push(levels, host.parentElement.id, host.previousElementSibling.id);
    rerender();
    steps.push(host.isConnected);
    // A parent that stays and only replaces its children pushes the banner one level further.
    const parentStayed = levelsAfterLoss({ ...placed, parent: document.body });
    // A banner that never got in (its reference was re-rendered away first) teaches nothing.
    steps.push(levelsAfterLoss({ ...placed, parent: null }));
    // Never above the page's main element.
    const top = reference(findPanel(document, null, []).row, 9).id;
    return { steps, parentStayed, top };
  });
  assert.deepEqual(result.steps, ['body', false, 3, 'col', 'slot', true, 3]);
  assert.equal(result.parentStayed, 4);
  assert.equal(result.top, 'col');
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

#!/usr/bin/env node
// `make demo`: the extension at work on the Control Hub replica, in headless Chromium with
// dist/chromium-test. Like an admin following Cisco's note: open Tenant details once (the
// extension learns the tenant's domains), then the workspace whose Scheduling panel says
// "Unauthorized", then its twin on another domain; then the whole org: the User Status Report,
// and the triage page of what that tab loaded. Saves target/demo/scheduling.png (the compact
// banner), scheduling-expanded.png (its Details open), scheduling-twin.png and triage.png (at
// 1280×800), prints what each banner says collapsed, the triage's groups, and where the built
// extension is.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { IDS, startServer } from '../tests/replica/serve.mjs';
import { CHROMIUM_EXTENSION, ROOT, chromiumWorker, launchChromium } from '../tests/e2e/harness/browsers.mjs';
import { bannerFrame, readBanner, until, waitForBanner } from '../tests/e2e/harness/banner-page.mjs';

const OUT = path.join(ROOT, 'target', 'demo');

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ port: 0, csp: 'strict' });
  // An admin at Cisco Live RTP: local time is not UTC, as in the note's pitfall.
  const browser = await launchChromium({ timezoneId: 'America/New_York' });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/services/hybrid-calendar/tenant`);
    await page.waitForSelector('[data-testid="tenant-domain"]');
    const worker = await chromiumWorker(browser.context);
    await until('the extension to learn the tenant domains', () =>
      worker.evaluate(() => chrome.storage.local.get('tenantDomains').then((s) => Object.keys(s.tenantDomains ?? {}).length > 0)));

    for (const [id, name, diagnosis] of [
      [IDS.workspaceA, 'scheduling', 'mailbox-not-found'],
      [IDS.workspaceC, 'scheduling-twin', 'domain-not-in-tenant'],
    ]) {
      await page.goto(`${server.url}/workspaces/${id}?poll=1000`);
      await waitForBanner(page, id, (b) => b.findings.some((f) => f.diagnosis === diagnosis));
      await until('the banner to settle under the panel', () =>
        page.evaluate(() => window.__replica.polls >= 3 && document.querySelector('[data-caldoctor-host][data-visible]')?.isConnected));
      const banner = await readBanner(page, id);
      const shot = path.join(OUT, `${name}.png`);
      const panel = await page.$('[data-testid="scheduling-slot"]');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`== ${await page.title()} — ${page.url()}`);
      console.log(`   findings: ${banner.findings.map((f) => `${f.code}${f.diagnosis ? ` (${f.diagnosis})` : ''}`).join(', ')}`);
      console.log(`   screenshot: ${path.relative(ROOT, shot)}${panel ? '' : ' (no panel found)'}\n`);
      console.log(banner.shown.replace(/\n{2,}/g, '\n').replace(/^/gm, '   | '));
      console.log();
      if (name === 'scheduling') {
        // The same banner with its Details open: what happened, root cause, fix, checks, times.
        const frame = await bannerFrame(page, id);
        await frame.click('#details-toggle');
        await waitForBanner(page, id, (b) => b.expanded);
        await until('the frame to take its expanded height', () =>
          page.evaluate(() => document.querySelector('[data-caldoctor-host][data-visible] iframe')?.getBoundingClientRect().height > 300));
        const expanded = path.join(OUT, 'scheduling-expanded.png');
        await page.screenshot({ path: expanded, fullPage: true });
        console.log(`   screenshot with the Details open: ${path.relative(ROOT, expanded)}\n`);
      }
    }
    await triage(browser.context, worker, server);
  } finally {
    await browser.close();
    await server.close();
  }

  console.log('== The extension');
  console.log(`   unpacked, for "Load unpacked" (chrome://extensions, Developer mode): ${path.relative(ROOT, path.join(ROOT, 'dist', 'chromium'))}/`);
  console.log(`   unpacked, for Firefox (about:debugging → This Firefox → Load Temporary Add-on): ${path.relative(ROOT, path.join(ROOT, 'dist', 'firefox'))}/manifest.json`);
  for (const zip of ['chromium.zip', 'firefox.zip']) {
    const file = path.join(ROOT, 'dist', zip);
    console.log(`   store package: ${path.relative(ROOT, file)} (${statSync(file).size} bytes)`);
  }
  console.log(`   (the demo ran ${path.relative(ROOT, CHROMIUM_EXTENSION)}/, which also matches the loopback replica)`);
}

/** The replica's User Status Report in a tab, then triage.html#tab=<that tab>, as the popup opens it. */
async function triage(context, worker, server) {
  const tabIds = () => worker.evaluate(() => chrome.tabs.query({}).then((tabs) => tabs.map((t) => t.id)));
  const before = await tabIds();
  const report = await context.newPage();
  await report.goto(`${server.url}/reports/user-status?subjects=300`);
  const [tabId] = (await tabIds()).filter((id) => !before.includes(id));
  await until('the report to load', () => report.evaluate(() => window.__replica.report?.state === 'loaded'));
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(new URL(`triage.html#tab=${tabId}`, worker.url()).href);
  await page.waitForSelector('#group-0 [data-caldoctor="grid"]');
  // The causes, biggest first, are what the admin came for: the shot starts at the first one.
  await page.$eval('#group-0', (group) => group.scrollIntoView({ block: 'start' }));
  const shot = path.join(OUT, 'triage.png');
  await page.screenshot({ path: shot });
  const groups = await page.$$eval('[data-triage-group]', (nodes) =>
    nodes.map((n) => `${n.dataset.triageGroup}${n.dataset.diagnosis ? ` (${n.dataset.diagnosis})` : ''}: ${n.dataset.count}`));
  console.log(`== Triage of ${report.url()}`);
  console.log(`   ${await page.textContent('[data-caldoctor="status"]')}`);
  for (const group of groups) console.log(`   | ${group}`);
  console.log(`   screenshot: ${path.relative(ROOT, shot)}\n`);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});

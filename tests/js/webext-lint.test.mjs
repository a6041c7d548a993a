// Mozilla's add-on linter (web-ext lint, offline) on the built Firefox package: no errors and no
// warnings. A deliberately broken copy shows the linter does report what it should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ROOT } from '../e2e/harness/browsers.mjs';

const WEB_EXT = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
const FIREFOX_DIST = path.join(ROOT, 'dist', 'firefox');

async function lint(dir) {
  // web-ext exits non-zero when it finds errors; the JSON report is on stdout either way.
  const run = promisify(execFile)(WEB_EXT, ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const { stdout } = await run.catch((error) => error);
  return JSON.parse(stdout);
}

test('dist/firefox passes web-ext lint with no errors and no warnings (run after make build)', async () => {
  const report = await lint(FIREFOX_DIST);
  const problems = [...report.errors, ...report.warnings].map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`);
  assert.deepEqual(problems, []);
  assert.equal(report.summary.errors, 0);
});

test('the linter reports a broken package', async () => {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'caldoctor-lint-'));
  try {
    cpSync(FIREFOX_DIST, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(copy, 'manifest.json'), 'utf8'));
    delete manifest.version;
    writeFileSync(path.join(copy, 'manifest.json'), JSON.stringify(manifest));
    const report = await lint(copy);
    assert.ok(report.summary.errors > 0, JSON.stringify(report.summary));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

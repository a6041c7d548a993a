#!/usr/bin/env node
// target/bench/results.json: every figure `make bench` prints, with its unit and the command that
// produced it, so runs can be compared by a program. One tiny schema, appended to by each bench
// (this module for Node, benches/support/results.rs for Rust):
//
//   { "schema": "caldoctor-bench/1",
//     "results": [ { "name": "banner.first",          what was measured, dotted
//                    "variant": "split",               optional: which build or side it is
//                    "value": 94.2, "unit": "ms",      "ms", "ns", "µs", "bytes", "ratio", "MB/s"…
//                    "stat": "median",                 optional: median, best, single…
//                    "runs": [95.1, 93.0, …],           optional: the samples behind value
//                    "method": "VmHWM of …",           optional: how it was taken, what it counts
//                    "command": "node tools/measure-browser.mjs …",
//                    "at": "2026-12-01T10:00:00.000Z" } ] }
//
// A run of `make bench` starts from an empty file; each command appends its own records.
//
// Usage: node tools/bench-results.mjs sizes --split DIR --one DIR --zips DIR --one-zips DIR
//   prints and records the Wasm modules' raw and gzip -9 bytes of both designs and their zips.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = join(ROOT, 'target', 'bench', 'results.json');
export const SCHEMA = 'caldoctor-bench/1';

/** The command line of this process, as results name it (paths relative to the repository). */
export function commandLine(argv = process.argv) {
  return ['node', ...argv.slice(1).map((a) => (a.startsWith(ROOT) ? a.slice(ROOT.length + 1) || '.' : a))].join(' ');
}

/**
 * Appends records ({ name, value, unit, command, variant?, stat?, runs?, method? }) to the results file,
 * creating it; `at` is added when missing.
 */
export function appendResults(records, file = RESULTS) {
  const doc = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { schema: SCHEMA, results: [] };
  if (doc.schema !== SCHEMA || !Array.isArray(doc.results)) throw new Error(`${file}: not a ${SCHEMA} file`);
  const at = new Date().toISOString();
  for (const record of records) {
    for (const key of ['name', 'unit', 'command']) {
      if (typeof record[key] !== 'string' || !record[key]) throw new Error(`a result needs a ${key}: ${JSON.stringify(record)}`);
    }
    if (typeof record.value !== 'number' || !Number.isFinite(record.value)) throw new Error(`a result needs a finite value: ${JSON.stringify(record)}`);
    doc.results.push({ at, ...record });
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

const MODULES = ['banner', 'pages'];

/** `gzip -9c FILE | wc -c`, as `make size` counts (zlib's level 9 when there is no gzip). */
function gzipBytes(file, bytes) {
  const gzip = spawnSync('gzip', ['-9c', file], { maxBuffer: 64 * 1024 * 1024 });
  return gzip.status === 0 ? gzip.stdout.length : gzipSync(bytes, { level: 9 }).length;
}

/** The zip bytes of the one-module build's second copy (pages/), as build-extension stores it. */
function duplicateEntries(wasm) {
  let bytes = 0;
  for (const file of ['caldoctor_pages.js', 'caldoctor_pages_bg.wasm']) {
    const data = readFileSync(join(wasm, 'pages', file));
    const name = `wasm/${file}`.length;
    // Local header (30 + name) and central directory record (46 + name), data deflated where smaller.
    bytes += 30 + 46 + 2 * name + Math.min(data.length, deflateRawSync(data, { level: 9 }).length);
  }
  return bytes;
}

function sizes(args) {
  const option = (name) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0 || i + 1 >= args.length) throw new Error(`sizes needs --${name} DIR`);
    return resolve(args[i + 1]);
  };
  const designs = [
    { variant: 'split', wasm: option('split'), zips: option('zips') },
    { variant: 'one', wasm: option('one'), zips: option('one-zips') },
  ];
  const command = commandLine();
  const records = [];
  console.log('Wasm modules, bytes raw / gzip -9 (split: banner frame and pages each their own; one: every page the same module):');
  for (const { variant, wasm, zips } of designs) {
    for (const name of MODULES) {
      const bytes = readFileSync(join(wasm, name, `caldoctor_${name}_bg.wasm`));
      const gzip = gzipBytes(join(wasm, name, `caldoctor_${name}_bg.wasm`), bytes);
      const glue = statSync(join(wasm, name, `caldoctor_${name}.js`)).size;
      console.log(`  ${variant.padEnd(5)} caldoctor_${name}_bg.wasm: ${bytes.length} raw, ${gzip} gzip; caldoctor_${name}.js ${glue} raw`);
      records.push({ name: `wasm.${name}.raw`, variant, value: bytes.length, unit: 'bytes', command });
      records.push({ name: `wasm.${name}.gzip`, variant, value: gzip, unit: 'bytes', command });
      records.push({ name: `wasm.${name}.js`, variant, value: glue, unit: 'bytes', command });
    }
    for (const browser of ['chromium', 'firefox']) {
      const zip = join(zips, `${browser}.zip`);
      if (!existsSync(zip)) continue;
      let size = statSync(zip).size;
      // The one-module build ships its module under both names; the one-module design shipped it
      // once: its zip is this one without the second copy's entries (deflated data and headers).
      if (variant === 'one') size -= duplicateEntries(wasm);
      console.log(`  ${variant.padEnd(5)} ${browser}.zip: ${size} bytes${variant === 'one' ? ' (≈, the module once)' : ''}`);
      records.push({ name: `zip.${browser}`, variant, value: size, unit: 'bytes', command });
    }
  }
  appendResults(records);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [what, ...args] = process.argv.slice(2);
  try {
    if (what === 'sizes') sizes(args);
    else throw new Error('usage: bench-results.mjs sizes --split DIR --one DIR --zips DIR --one-zips DIR');
    console.log(`(recorded in ${RESULTS.slice(ROOT.length + 1)})`);
  } catch (error) {
    console.error(`bench-results: ${error.message}`);
    process.exit(1);
  }
}

#!/usr/bin/env node
// Draws the extension's icons (a rounded calendar with a green check) as PNGs in
// extension/icons/icon-{16,32,48,128}.png. Node builtins only; deterministic output,
// so running it again changes nothing. Usage: node tools/make-icons.mjs [OUT_DIR]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.argv[2] ?? join(ROOT, 'extension', 'icons');
const SIZES = [16, 32, 48, 128];

const BLUE = [0x11, 0x70, 0xcf];
const DARK = [0x0a, 0x3d, 0x7a];
const WHITE = [0xff, 0xff, 0xff];
const GREEN = [0x1f, 0xa3, 0x5a];

// Signed distances in unit coordinates (0..1 across the icon); negative = inside.
function roundedRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
    const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - r;
  };
}

function segment(ax, ay, bx, by, halfWidth) {
  return (x, y) => {
    const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * t, py - dy * t) - halfWidth;
  };
}

const union = (...shapes) => (x, y) => Math.min(...shapes.map((s) => s(x, y)));

// Painted in order, later layers over earlier ones.
function layers(size) {
  // Small icons get thicker strokes and a simpler page so they stay legible.
  const small = size <= 16;
  return [
    [BLUE, roundedRect(0.04, 0.1, 0.96, 0.97, 0.17)],
    [WHITE, roundedRect(0.14, small ? 0.32 : 0.34, 0.86, 0.87, small ? 0.04 : 0.07)],
    [DARK, union(roundedRect(0.25, 0.02, 0.37, 0.22, 0.06), roundedRect(0.63, 0.02, 0.75, 0.22, 0.06))],
    [GREEN, union(
      segment(0.29, 0.6, 0.44, 0.75, small ? 0.075 : 0.06),
      segment(0.44, 0.75, 0.73, 0.45, small ? 0.075 : 0.06),
    )],
  ];
}

function render(size) {
  const SS = 4; // 4x4 supersampling for anti-aliased edges
  const pixels = Buffer.alloc(size * size * 4);
  const shapes = layers(size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0; // premultiplied accumulation
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const [color, shape] of shapes) {
            if (shape(x, y) <= 0) [cr, cg, cb, ca] = [...color, 1];
          }
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        pixels[o] = Math.round(r / a);
        pixels[o + 1] = Math.round(g / a);
        pixels[o + 2] = Math.round(b / a);
      }
      pixels[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return pixels;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const size of SIZES) {
  const file = join(OUT, `icon-${size}.png`);
  writeFileSync(file, png(size, render(size)));
  console.log(`${file}`);
}

#!/usr/bin/env node
/**
 * The Chrome Web Store takes screenshots of exactly 1280x800 (or 640x400); the demo writes 1200x760
 * (docs/screenshots/). This centres each screenshot the listing uses (docs/store/listing.md) on a
 * 1280x800 canvas of the page's own background colour (its top-left pixel) and writes
 * docs/store/screenshots/<name>.png. Pure Node (zlib), like make-icons.mjs; deterministic.
 *
 *   node scripts/store-screenshots.mjs      (after `npm run demo` refreshed docs/screenshots/)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { encodePng } from './make-icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const USED = ['crm-panel-ringing', 'crm-panel-active', 'crm-panel-wrap-up', 'crm-panel-bridge-v3'];
const CANVAS = { width: 1280, height: 800 };

/** 8-bit RGB or RGBA, non-interlaced PNG -> { width, height, rgba }. */
function decodePng(buf) {
  let pos = 8;
  let width = 0;
  let height = 0;
  let type = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const kind = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      type = data[9];
      if (data[8] !== 8 || (type !== 2 && type !== 6) || data[12] !== 0) throw new Error('only 8-bit RGB/RGBA non-interlaced PNGs');
    } else if (kind === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = type === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[y * stride + x - bpp] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    px.copy(rgba, i * 4, i * bpp, i * bpp + 3);
    rgba[i * 4 + 3] = bpp === 4 ? px[i * bpp + 3] : 255;
  }
  return { width, height, rgba };
}

const outDir = join(root, 'docs', 'store', 'screenshots');
mkdirSync(outDir, { recursive: true });
for (const name of USED) {
  const shot = decodePng(readFileSync(join(root, 'docs', 'screenshots', `${name}.png`)));
  if (shot.width > CANVAS.width || shot.height > CANVAS.height) throw new Error(`${name}.png is larger than ${CANVAS.width}x${CANVAS.height}`);
  const canvas = Buffer.alloc(CANVAS.width * CANVAS.height * 4);
  const bg = shot.rgba.subarray(0, 4);
  for (let i = 0; i < CANVAS.width * CANVAS.height; i++) bg.copy(canvas, i * 4);
  const left = Math.floor((CANVAS.width - shot.width) / 2);
  const top = Math.floor((CANVAS.height - shot.height) / 2);
  for (let y = 0; y < shot.height; y++) shot.rgba.copy(canvas, ((top + y) * CANVAS.width + left) * 4, y * shot.width * 4, (y + 1) * shot.width * 4);
  writeFileSync(join(outDir, `${name}.png`), encodePng(CANVAS.width, CANVAS.height, canvas));
  console.log(`wrote docs/store/screenshots/${name}.png`);
}

#!/usr/bin/env node
/**
 * Draws the extension icon, a white "T" on a teal rounded square, into public/icon/<size>.png
 * (WXT lists public/icon/<size>.png in the manifest's `icons`; the call notification uses
 * /icon/128.png), at every size the stores ask: Chrome Web Store 16, 32, 48, 128; addons.mozilla.org
 * 48 and 96. Also the Chrome Web Store's small promo tile (440x280, docs/store/promo-440x280.png:
 * a store asset, not part of the extension). Pure Node (zlib + a minimal PNG encoder) so there is no image tool to install;
 * the output is deterministic, so re-running it changes no committed file.
 *
 *   node scripts/make-icons.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 96, 128];
const TILE = { width: 440, height: 280, icon: 176 };
const TILE_BACKGROUND = [230, 244, 242]; // a pale teal, so the icon's own square stands out
const BACKGROUND = [15, 118, 110]; // teal, readable on light and dark toolbars
const FOREGROUND = [255, 255, 255];
/** Sub-samples per axis: edges are anti-aliased by coverage. */
const SAMPLES = 8;

/** Shapes in unit coordinates (0..1 over the artwork square). */
const CORNER = 0.22;
const T_BAR = { x0: 0.22, x1: 0.78, y0: 0.2, y1: 0.37 };
const T_STEM = { x0: 0.415, x1: 0.585, y0: 0.2, y1: 0.81 };

function inRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER), 1 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 1 - CORNER);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2 && x >= 0 && x <= 1 && y >= 0 && y <= 1;
}
const inRect = (r, x, y) => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
const inT = (x, y) => inRect(T_BAR, x, y) || inRect(T_STEM, x, y);

/** RGBA pixels. Large sizes keep a transparent margin (Chrome's icon guidelines); small ones use every pixel. */
/** The promo tile: the icon, centred, on a pale teal ground (no text: the store shows the name beside it). */
function drawTile() {
  const { width, height, icon } = TILE;
  const art = draw(icon);
  const pixels = Buffer.alloc(width * height * 4);
  const left = Math.round((width - icon) / 2);
  const top = Math.round((height - icon) / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inIcon = x >= left && x < left + icon && y >= top && y < top + icon;
      const j = inIcon ? ((y - top) * icon + (x - left)) * 4 : -1;
      const alpha = j >= 0 ? art[j + 3] / 255 : 0;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(TILE_BACKGROUND[c] * (1 - alpha) + (j >= 0 ? art[j + c] : 0) * alpha);
      pixels[i + 3] = 255;
    }
  }
  return pixels;
}

function draw(size) {
  const margin = size >= 48 ? size / 16 : 0;
  const art = size - 2 * margin;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES - margin) / art;
          const y = (py + (sy + 0.5) / SAMPLES - margin) / art;
          if (!inRoundedSquare(x, y)) continue;
          if (inT(x, y)) fg++;
          else bg++;
        }
      }
      const covered = bg + fg;
      const i = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round((BACKGROUND[c] * bg + FOREGROUND[c] * fg) / covered);
      pixels[i + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** 8-bit RGBA, non-interlaced, every row with filter 0 (none). */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Run as a script (store-screenshots.mjs imports encodePng only).
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = join(root, 'public', 'icon');
  mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = join(outDir, `${size}.png`);
    writeFileSync(file, encodePng(size, size, draw(size)));
    console.log(`wrote public/icon/${size}.png`);
  }

  const storeDir = join(root, 'docs', 'store');
  mkdirSync(storeDir, { recursive: true });
  writeFileSync(join(storeDir, 'promo-440x280.png'), encodePng(TILE.width, TILE.height, drawTile()));
  console.log('wrote docs/store/promo-440x280.png');
}

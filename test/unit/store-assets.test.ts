/**
 * Store readiness: the icons at every size the stores ask (Chrome Web Store 16, 32, 48, 128; AMO 48, 96),
 * the Chrome small promo tile (440x280), the store texts within the stores' limits and the privacy
 * policy linked from the README. Reads the committed files: PNG size from the IHDR chunk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file));

function pngSize(file: string): { width: number; height: number } {
  const png = read(file);
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('store assets', () => {
  it.each([16, 32, 48, 96, 128])('public/icon/%i.png is %i px square', (size) => {
    expect(pngSize(`public/icon/${size}.png`)).toEqual({ width: size, height: size });
  });

  it('the Chrome small promo tile is 440x280', () => {
    expect(pngSize('docs/store/promo-440x280.png')).toEqual({ width: 440, height: 280 });
  });

  it('the Chrome screenshots the listing uses are 1280x800; the popup one (AMO only) exists', () => {
    const listing = read('docs/store/listing.md').toString();
    const chrome = [...listing.matchAll(/`(docs\/store\/screenshots\/[\w-]+\.png)`/g)].map((m) => m[1]!);
    expect(chrome).toHaveLength(4);
    for (const file of chrome) expect(pngSize(file)).toEqual({ width: 1280, height: 800 });
    expect(pngSize('docs/screenshots/popup-call.png').width).toBeGreaterThan(0);
  });

  it('the short description fits Chrome (132) and is the manifest description', () => {
    const listing = read('docs/store/listing.md').toString();
    const short = /## Short description[\s\S]*?\n> (.+)\n/.exec(listing)?.[1];
    expect(short).toBeDefined();
    expect(short!.length).toBeLessThanOrEqual(132);
    // The manifest takes it from the English messages (locales/en.yml app.description), translated alongside.
    expect(read('wxt.config.ts').toString()).toContain("description: '__MSG_app_description__'");
    expect(read('locales/en.yml').toString()).toContain(`description: "${short}"`);
  });

  it('the README links the privacy policy, which covers storage, retention and where data goes', () => {
    expect(read('README.md').toString()).toContain('(PRIVACY.md)');
    const privacy = read('PRIVACY.md').toString();
    for (const words of ['phone numbers', 'contact references', 'How long', 'The PBX', 'The bridge', 'The CRM', 'The call history', 'The disposition webhook']) expect(privacy).toContain(words);
  });
});

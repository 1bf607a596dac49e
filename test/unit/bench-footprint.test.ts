import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextBytes, jsFilesOf, zipSizes } from '../../bench/footprint';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function build(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bench-footprint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('bench footprint', () => {
  it("counts an HTML entry's scripts, preloads and their static imports, each once", () => {
    const out = build({
      'page.html': '<script type="module" src="/chunks/page-1.js"></script><link rel="modulepreload" crossorigin href="/chunks/shared-2.js">',
      'chunks/page-1.js': 'import{a}from"./shared-2.js";import"./side-3.js";console.log(a)',
      'chunks/shared-2.js': 'export const a=1',
      'chunks/side-3.js': 'import{a}from"./shared-2.js"',
      'chunks/unused-4.js': 'x'.repeat(1000),
    });
    expect(jsFilesOf(out, 'page.html')).toEqual(['chunks/page-1.js', 'chunks/shared-2.js', 'chunks/side-3.js']);
    const bytes = contextBytes(out, 'page', 'page.html');
    expect(bytes.bytes).toBe(
      'import{a}from"./shared-2.js";import"./side-3.js";console.log(a)'.length + 'export const a=1'.length + 'import{a}from"./shared-2.js"'.length,
    );
    expect(bytes.gzipBytes).toBeGreaterThan(0);
  });

  it('counts a script entry by itself and lists zips by name', () => {
    const out = build({ 'background.js': 'const s="from\\"./not-an-import.js\\""', 'b.zip': 'zz', 'a.zip': 'z' });
    expect(jsFilesOf(out, 'background.js')).toEqual(['background.js']);
    expect(zipSizes(out)).toEqual([
      { zip: 'a.zip', bytes: 1 },
      { zip: 'b.zip', bytes: 2 },
    ]);
    expect(zipSizes(path.join(out, 'missing'))).toEqual([]);
  });
});

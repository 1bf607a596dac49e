/**
 * Footprint of the built extension: the JS each context loads (its entry file plus every chunk it
 * imports statically), and the size of each store zip.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ContextBytes {
  context: string;
  /** The entry, relative to the build directory. */
  entry: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
}

const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.js)"/g;
const HTML_SCRIPT = /<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g;

/** The entry's JS files: the HTML page's scripts (or the script itself) and their static imports. */
export function jsFilesOf(buildDir: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (file: string) => {
    const rel = path.relative(buildDir, file);
    if (!seen.has(rel)) {
      seen.add(rel);
      queue.push(file);
    }
  };
  const entryPath = path.join(buildDir, entry);
  if (entry.endsWith('.html')) {
    for (const m of readFileSync(entryPath, 'utf8').matchAll(HTML_SCRIPT)) add(path.join(buildDir, m[1]!.replace(/^\//, '')));
  } else {
    add(entryPath);
  }
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) add(path.resolve(path.dirname(file), m[1]!));
  }
  return [...seen].sort();
}

export function contextBytes(buildDir: string, context: string, entry: string): ContextBytes {
  const files = jsFilesOf(buildDir, entry);
  const contents = files.map((f) => readFileSync(path.join(buildDir, f)));
  return {
    context,
    entry,
    files,
    bytes: contents.reduce((n, c) => n + c.length, 0),
    gzipBytes: contents.reduce((n, c) => n + gzipSync(c, { level: 9 }).length, 0),
  };
}

/** Every zip `wxt zip` left in the output directory, by file name. */
export function zipSizes(outputDir: string): { zip: string; bytes: number }[] {
  if (!existsSync(outputDir)) return [];
  return readdirSync(outputDir)
    .filter((f) => f.endsWith('.zip'))
    .sort()
    .map((zip) => ({ zip, bytes: statSync(path.join(outputDir, zip)).size }));
}

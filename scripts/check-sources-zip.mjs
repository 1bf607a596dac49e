#!/usr/bin/env node
/**
 * The sources zip builds the same extension (what an AMO reviewer does with it): unzips
 * .output/<name>-<version>-sources.zip (made by `wxt zip -b firefox`) into a temporary directory,
 * installs its dependencies, builds it for Firefox and compares every built file, byte for byte,
 * with .output/firefox-mv2 (the build `wxt zip -b firefox` just zipped). Exit 1 on any difference.
 *
 * Dependencies: when the zip's package-lock.json is byte-equal to this checkout's, `npm ci` would
 * install exactly the tree that is already in node_modules, so node_modules is hard-link copied
 * (seconds instead of minutes on a loaded machine; the tree is the one the lockfile pins). With a
 * different lockfile, or with TELEFORGE_SOURCES_NPM_CI=1, it runs `npm ci --ignore-scripts=false`
 * from the zip's own lockfile (the reviewer's path; needs the npm registry).
 *
 *   node scripts/check-sources-zip.mjs      (after `wxt zip -b firefox`)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const zip = join(root, '.output', `${name}-${version}-sources.zip`);
const built = join(root, '.output', 'firefox-mv2');

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Every file under `dir` (relative path -> sha256). */
function digest(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export function compareBuilds(expected, actual) {
  const problems = [];
  for (const [file, hash] of expected) {
    if (!actual.has(file)) problems.push(`missing from the sources build: ${file}`);
    else if (actual.get(file) !== hash) problems.push(`differs: ${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) problems.push(`only in the sources build: ${file}`);
  return problems;
}

function main() {
  for (const p of [zip, built]) if (!existsSync(p)) throw new Error(`${relative(root, p)} not found: run \`wxt zip -b firefox\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'screenpop-sources-'));
  try {
    sh('unzip', ['-q', zip, '-d', dir], root);
    const lockHere = readFileSync(join(root, 'package-lock.json'));
    const lockThere = existsSync(join(dir, 'package-lock.json')) ? readFileSync(join(dir, 'package-lock.json')) : null;
    if (lockThere === null) throw new Error('the sources zip has no package-lock.json: a reviewer could not install the same dependencies');
    if (lockThere.equals(lockHere) && process.env.TELEFORGE_SOURCES_NPM_CI !== '1') {
      console.log('sources zip: package-lock.json equals this checkout\'s: hard-linking node_modules');
      sh('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')], root);
      // Caches are written during a build: give the copy its own.
      rmSync(join(dir, 'node_modules', '.vite'), { recursive: true, force: true });
      rmSync(join(dir, 'node_modules', '.cache'), { recursive: true, force: true });
    } else {
      console.log('sources zip: npm ci from its own lockfile');
      sh('npm', ['ci', '--ignore-scripts=false', '--no-audit', '--no-fund'], dir);
    }
    sh(join(dir, 'node_modules', '.bin', 'wxt'), ['build', '-b', 'firefox'], dir);
    const expected = digest(built);
    const problems = compareBuilds(expected, digest(join(dir, '.output', 'firefox-mv2')));
    if (problems.length > 0) {
      console.error(`The sources zip does not build the same extension:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`sources zip: the build from it equals .output/firefox-mv2 (${expected.size} files, byte for byte)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();

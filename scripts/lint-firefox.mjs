#!/usr/bin/env node
/**
 * `web-ext lint` (Mozilla's addons-linter, what addons.mozilla.org runs on upload) on the Firefox
 * build. Fails on any error, and on any warning that is not one of the accepted ones below (each
 * is explained in the README's "Firefox" section), so a new warning is looked at, not waved through.
 *
 *   node scripts/lint-firefox.mjs [build dir, default .output/firefox-mv2]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? join(root, '.output', 'firefox-mv2');

/**
 * Accepted warnings: code + the built file it is in. Preact's renderer assigns innerHTML only for
 * `dangerouslySetInnerHTML`, which no component of ours uses (every PBX value is rendered as text);
 * the linter flags the assignment in each bundle Preact is in (the caller panel, click-to-dial, the popup chunk).
 */
const ACCEPTED = [
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^crm-panel\.js$/ },
  // The click-to-dial script's bundle carries the same Preact renderer (its Call button's shadow root).
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^click-to-dial\.js$/ },
  // The same Preact code in the pages' bundle: the popup's own chunk, or (since the options page shares
  // the popup's components) the chunk both share, which Vite names after one of its modules.
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^chunks\/(popup|style)-[\w-]+\.js$/ },
];

if (!existsSync(join(dir, 'manifest.json'))) {
  console.error(`${dir} has no manifest.json: build for Firefox first (wxt zip -b firefox)`);
  process.exit(1);
}
const r = spawnSync(join(root, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint gave no JSON report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
const line = (m) => `${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.message}`;
const unaccepted = report.warnings.filter((w) => !ACCEPTED.some((a) => a.code === w.code && a.file.test(w.file ?? '')));
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${unaccepted.length} not accepted), ${report.notices.length} notices`);
for (const m of report.errors) console.log(`  error   ${line(m)}`);
for (const m of report.warnings) console.log(`  warning ${line(m)}${unaccepted.includes(m) ? '  <- not in the accepted list' : ''}`);
for (const m of report.notices) console.log(`  notice  ${line(m)}`);
if (report.errors.length > 0 || unaccepted.length > 0) process.exit(1);

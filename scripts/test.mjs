#!/usr/bin/env node
// The whole test suite, as the README's quick start and CI run it:
//   type-check -> unit -> bridge (real redis-server) -> store builds (Chrome + Firefox zips, `web-ext lint` on the
//   Firefox build, the sources zip rebuilt and compared) -> integration (real Kamailio) -> e2e (real browsers)
// Installs what it needs first (npm packages; Debian packages when root). A skipped test fails the run:
// a test that did not run must not be counted as passing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDeps } from './ensure-npm-deps.mjs';
import { ensureSystemDeps } from './ensure-system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const want = (phase) => only.length === 0 || only.includes(phase);

ensureNpmDeps(root);
if (want('integration') || want('e2e')) ensureSystemDeps();
else if (want('bridge')) ensureSystemDeps(['redis-server', 'openssl']);
if (want('build') || want('e2e')) ensureSystemDeps(['unzip']); // the sources-zip check unpacks the zip

const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (label, cmd, args, env = {}) => {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`  ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
};

const E2E_CRM_ORIGINS = 'http://127.0.0.1,http://localhost';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const failedTests = [];
const outDir = mkdtempSync(join(tmpdir(), 'screenpop-test-'));

function vitest(project) {
  const report = join(outDir, `${project}.json`);
  const ok = run(`vitest --project ${project}`, bin('vitest'), [
    'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ]);
  let counted = false;
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    counted = r.numTotalTests > 0;
    if (r.numPendingTests + r.numTodoTests > 0) failures.push(`${project}: skipped tests`);
    // CI shows only the tail of the output: name every failed test there, with its first error line.
    for (const file of r.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status !== 'failed') continue;
        const why = String(t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
        failedTests.push(`${project}: ${file.name.replace(root, '.')} > ${t.fullName}\n    ${why}`);
      }
    }
  } catch {
    // No report: vitest could not start (config or import error), already printed above.
  }
  if (!ok || !counted) failures.push(`${project}${counted ? '' : ' (no test ran)'}`);
}

try {
  if (want('compile') && !run('type-check (tsc --noEmit)', bin('tsc'), ['--noEmit'])) failures.push('compile');
  if (want('unit')) vitest('unit');
  if (want('bridge')) vitest('bridge');
  if (want('build') || want('e2e')) {
    if (!run('build + zip for Chrome (wxt zip)', bin('wxt'), ['zip'])) failures.push('build chrome');
    if (!run('build + zip for Firefox (wxt zip -b firefox)', bin('wxt'), ['zip', '-b', 'firefox'])) failures.push('build firefox');
    // Both on the store build just zipped (.output/firefox-mv2), before the e2e builds below replace it.
    else {
      if (!run('web-ext lint on the Firefox build', process.execPath, [join(root, 'scripts/lint-firefox.mjs')])) failures.push('web-ext lint');
      if (!run('the sources zip builds the same Firefox extension', process.execPath, [join(root, 'scripts/check-sources-zip.mjs')]))
        failures.push('sources zip');
    }
  }
  if (want('e2e')) {
    // The store zips above carry no CRM host permission. The browsers under test load builds with
    // the managed-deployment preset for the loopback fixture CRM (a permission prompt cannot be
    // clicked headless); the content script is still registered at run time, as in the store build.
    const preset = { TELEFORGE_CRM_ORIGINS: E2E_CRM_ORIGINS };
    if (!run('build for e2e with the loopback CRM preset (Chrome)', bin('wxt'), ['build'], preset)) failures.push('e2e build chrome');
    if (!run('build for e2e with the loopback CRM preset (Firefox)', bin('wxt'), ['build', '-b', 'firefox'], preset))
      failures.push('e2e build firefox');
    // The pseudo-RTL test locale (locales/README.md), for test/e2e/panel-rtl.test.ts only; never zipped.
    if (!run('build for e2e with the pseudo-RTL test locale (Chrome)', bin('wxt'), ['build', '--mode', 'pseudo-rtl'], preset))
      failures.push('e2e build pseudo-rtl');
  }
  if (want('integration')) vitest('integration');
  if (want('e2e')) vitest('e2e');
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

if (failedTests.length) console.log(`\nFailed tests:\n  ${failedTests.join('\n  ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failures.length) {
  console.log(`FAILED: ${failures.join('; ')}`);
  process.exit(1);
}

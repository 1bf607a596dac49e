#!/usr/bin/env node
// Installs the Debian packages the tests and the demo need (real PBX, real browsers), so that a fresh machine
// passes with nothing installed by hand. As root it runs apt-get; otherwise it says exactly what to run.
import { execFileSync, spawnSync } from 'node:child_process';

/** Debian package -> a check that it is usable. */
const PACKAGES = {
  chromium: () => has('chromium'),
  // The locale packs: without them Chromium runs in English whatever LANGUAGE says (the German e2e test).
  'chromium-l10n': () => dpkgInstalled('chromium-l10n'),
  'firefox-esr': () => has('firefox-esr'),
  kamailio: () => has('kamailio') || hasFile('/usr/sbin/kamailio'),
  'kamailio-websocket-modules': () => dpkgInstalled('kamailio-websocket-modules'),
  // The bridge's tests, bench and demo start their own redis-server (the package's service is not used).
  'redis-server': () => has('redis-server') || hasFile('/usr/bin/redis-server'),
  // Makes the self-signed certificate of the bridge's TLS test.
  openssl: () => has('openssl'),
  // The build phase unpacks the sources zip to rebuild it (scripts/check-sources-zip.mjs).
  unzip: () => has('unzip'),
};

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}
function hasFile(path) {
  return spawnSync('test', ['-x', path]).status === 0;
}
function dpkgInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function ensureSystemDeps(wanted = Object.keys(PACKAGES)) {
  const missing = wanted.filter((name) => !PACKAGES[name]());
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Missing Debian packages: ${missing.join(' ')}\n` +
        `Install them once with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
        `(or run this command as root and it installs them itself).`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  const still = missing.filter((name) => !PACKAGES[name]());
  if (still.length) {
    console.error(`apt-get finished but these are still unusable: ${still.join(' ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();

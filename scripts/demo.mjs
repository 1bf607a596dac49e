#!/usr/bin/env node
// `npm run demo`: the extension in Chromium against a local test PBX, a fixture CRM, a local redis-server
// and the bridge, placing a WebRTC call and then pushing a v3 and a legacy notification into Redis.
// Installs what it needs (npm packages; Debian packages when root), builds the extension with the
// loopback CRM preset (host permission for the fixture CRM, as a managed deployment would have),
// then runs scripts/demo/run.ts under vite-node. With a display it stays open until Ctrl-C; without one it
// answers, hangs up, prints the timeline and writes screenshots to demo-output/.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDeps } from './ensure-npm-deps.mjs';
import { ensureSystemDeps } from './ensure-system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureNpmDeps(root);
ensureSystemDeps(['chromium', 'kamailio', 'kamailio-websocket-modules', 'redis-server']);

console.log('Building the extension for Chrome with the loopback CRM preset…');
const build = spawnSync(join(root, 'node_modules', '.bin', 'wxt'), ['build'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TELEFORGE_CRM_ORIGINS: 'http://127.0.0.1,http://localhost' },
});
if (build.status !== 0) {
  console.error('The build failed: see above.');
  process.exit(1);
}

// vite-node runs the TypeScript demo with Vite's transform, as vitest runs the tests. (tsx would not
// do: its esbuild keepNames wraps functions in __name(), which breaks every function puppeteer sends
// into a page.) Ctrl-C reaches both processes; the demo shuts its servers and browser down itself.
const child = spawn(join(root, 'node_modules', '.bin', 'vite-node'), [join(root, 'scripts', 'demo', 'run.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // SIGINT from a terminal reaches the child too; a signal sent to this process alone is passed on.
  process.on(signal, () => {
    if (signal !== 'SIGINT' || !process.stdin.isTTY) child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

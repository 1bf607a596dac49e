#!/usr/bin/env node
// `npm run bench`: installs what it needs (npm packages; Debian packages when root), builds the store
// zips (their sizes are reported), builds the extension for Chrome with the loopback CRM preset (the
// fixture CRM's host permission, as a managed deployment would have), then runs bench/run.ts under
// vite-node. Prints a table and writes bench/results.json. Figures, not pass/fail: the exit code is
// non-zero only when the benchmark could not run or a call was lost.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDeps } from './ensure-npm-deps.mjs';
import { ensureSystemDeps } from './ensure-system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `npm run bench -- bridge`: only the bridge section (bench/bridge.ts), which needs no browser build.
const bridgeOnly = process.argv.slice(2).includes('bridge');
ensureNpmDeps(root);
ensureSystemDeps(bridgeOnly ? ['redis-server'] : ['chromium', 'kamailio', 'kamailio-websocket-modules', 'redis-server']);
const viteNode = join(root, 'node_modules', '.bin', 'vite-node');
const bridgeSection = () => spawnSync(viteNode, [join(root, 'bench', 'bridge.ts')], { cwd: root, stdio: 'inherit', env: { ...process.env, BENCH_SECTION: 'bridge' } }).status ?? 1;
if (bridgeOnly) process.exit(bridgeSection());

const wxt = join(root, 'node_modules', '.bin', 'wxt');
const step = (label, args, env = {}) => {
  console.log(label);
  const r = spawnSync(wxt, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`${label} failed: run \`npx wxt ${args.join(' ')}\` to see why.`);
    process.exit(1);
  }
};
step('Building the store zips (Chrome, Firefox)…', ['zip']);
step('', ['zip', '-b', 'firefox']);
step('Building the extension for Chrome with the loopback CRM preset…', ['build'], { TELEFORGE_CRM_ORIGINS: 'http://127.0.0.1,http://localhost' });

// vite-node, not tsx: tsx's keepNames breaks the functions puppeteer sends into pages (see demo.mjs).
const child = spawn(viteNode, [join(root, 'bench', 'run.ts')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.exit(1);
  const bridge = bridgeSection();
  process.exit(code || bridge);
});

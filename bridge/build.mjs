#!/usr/bin/env node
// `npm run build:bridge`: bundles the bridge (its npm dependencies and lib/call-notification included)
// into one ES module, bridge/dist/bridge.mjs, that runs with plain `node` and no node_modules.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const BRIDGE_BUNDLE = join(here, 'dist', 'bridge.mjs');

export async function buildBridge() {
  await build({
    entryPoints: [join(here, 'cli.ts')],
    outfile: BRIDGE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Some CommonJS dependencies call require() for Node built-ins: give the ES module a require.
    banner: { js: "import { createRequire as __bridgeRequire } from 'node:module'; const require = __bridgeRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return BRIDGE_BUNDLE;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildBridge();
  console.log(`bridge bundle: ${BRIDGE_BUNDLE}`);
}

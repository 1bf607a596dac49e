import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import preact from '@preact/preset-vite';

// WXT's '@' alias, for integration and e2e tests that import lib/ code (plain Node, no WXT plugin).
const rootAlias = { '@': fileURLToPath(new URL('.', import.meta.url)) };

// Four projects, run by scripts/test.mjs in this order:
// - unit: pure logic and components, WXT's fake browser, no real parts.
// - bridge: the bridge service (bundled, as child processes) against a real redis-server.
// - integration: lib/ code against real servers (Kamailio, Redis) started by the tests, in Node.
// - e2e: the built extension in Debian's Chromium / Firefox ESR, driven by puppeteer-core.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          // The caller panel's CSS goes into its shadow root as text: tests see the real text.
          css: { include: [/crm[.-]\w+\/style\.css/] },
          environment: 'node',
          setupFiles: ['test/unit/setup-indexeddb.ts', 'test/unit/setup-i18n.ts'],
          restoreMocks: true,
        },
      },
      {
        test: {
          name: 'bridge',
          include: ['test/bridge/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: rootAlias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: rootAlias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});

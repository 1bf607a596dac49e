import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: 'Teleforge Screen-Pop',
    description:
      'Softphone for Teleforge call-centre agents: inbound calls ring in the browser and pop the right CRM record.',
    // Least privilege. No host permissions: an extension page's WebSocket to the PBX needs none.
    // 'offscreen' is Chrome's (MV3) home for the phone; Firefox (MV2) runs it in the background page.
    // 'alarms' (Chrome only, no install warning) wakes the worker to recreate a closed offscreen
    // document; Firefox's persistent background page needs no such watchdog.
    permissions: browser === 'firefox' ? ['storage'] : ['storage', 'offscreen', 'alarms'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'screenpop@teleforge.example',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});

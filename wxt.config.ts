import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { PRESET_ENV, presetMatchPatterns } from './lib/screen-pop/crm-permissions';
import { pseudoRtlLocaleAsset, PSEUDO_RTL_MODE } from './scripts/pseudo-rtl-locale';
import { manifestCommands } from './lib/status/shortcut-commands';

/**
 * Managed deployments: TELEFORGE_CRM_ORIGINS='https://crm.example.com, http://127.0.0.1:8080' grants
 * those CRM origins at install, so agents are never asked (the e2e tests use it for the fixture CRM).
 * Read once; a malformed entry throws here, which fails the build with the message.
 */
const presetPatterns = presetMatchPatterns(process.env[PRESET_ENV]);

/** Store builds ask for the CRM origins at run time; these only bound what may be asked for. */
const OPTIONAL_ORIGINS = ['http://*/*', 'https://*/*'];

// https://wxt.dev/api/config.html
export default defineConfig({
  // i18n: locales/<lang>.yml -> _locales/<lang>/messages.json (locales/README.md).
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser, manifestVersion }) => ({
    // The store listing in the browser's language (locales/*.yml, app.name / app.description).
    default_locale: 'en',
    name: '__MSG_app_name__',
    description: '__MSG_app_description__',
    // Least privilege. No host permission is needed for the phone: an extension page's WebSocket to
    // the PBX needs none. Web pages are touched only on the CRM origins the agent grants.
    // - storage: settings (local) and the phone-state mirror (session).
    // - scripting: registers the caller-panel content script for the granted CRM origins at run time
    //   and injects it into CRM tabs that were open before (lib/screen-pop/content-scripts.ts).
    // - notifications: the incoming-call notification with Answer/Decline when no CRM tab is open.
    // - offscreen (Chrome): the offscreen document is the phone's home; Firefox (MV2) runs it in the
    //   persistent background page.
    // - alarms (Chrome, no install warning): wakes the worker to recreate a closed offscreen
    //   document; Firefox's persistent background page needs no such watchdog.
    permissions: [
      'storage',
      'scripting',
      'notifications',
      ...(browser === 'firefox' ? [] : ['offscreen', 'alarms']),
      // MV2 has no host_permissions key: origins go into `permissions`.
      ...(manifestVersion === 2 ? presetPatterns : []),
    ],
    ...(manifestVersion === 3
      ? {
          // Only the CRM origins from the settings are ever requested (lib/screen-pop/crm-permissions.ts).
          optional_host_permissions: OPTIONAL_ORIGINS,
          ...(presetPatterns.length > 0 ? { host_permissions: presetPatterns } : {}),
        }
      : // MV2 lists optional origins among optional_permissions (WXT drops optional_host_permissions there).
        { optional_permissions: OPTIONAL_ORIGINS }),
    // Keyboard shortcuts: answer, decline, hang up, mute (suggested keys), hold and availability
    // (unbound: Chrome takes at most four suggestions). lib/status/shortcut-commands.ts.
    commands: manifestCommands(),
    // Chrome passes policy values to storage.managed only for keys this schema declares (and drops
    // values of the wrong type, shown in chrome://policy). Firefox ignores the key and takes
    // policies.json `3rdparty.Extensions` as it is; the extension checks every value itself
    // (lib/settings/managed-policy.ts).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
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
  hooks: {
    // `wxt build --mode pseudo-rtl` (tests and dev only, into .output/<browser>-pseudo-rtl): adds a
    // pseudo-RTL locale so the RTL layout can be checked without translating anything.
    'build:publicAssets': async (wxt, assets) => {
      if (wxt.config.mode === PSEUDO_RTL_MODE) assets.push(await pseudoRtlLocaleAsset(wxt.config.root));
    },
    // WXT adds a runtime-registered content script's `matches` to host_permissions. The caller
    // panel's origins are decided at run time, so a build must grant no site beyond the preset:
    // fail loudly if anything (an entrypoint's `matches`, a module) widened it.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.command !== 'build') return; // dev mode adds its own dev-server origin
      const granted = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? [])].filter(isHostPattern);
      const extra = granted.filter((p) => !presetPatterns.includes(p));
      if (extra.length > 0) {
        throw new Error(
          `The manifest grants host access beyond ${PRESET_ENV} (${presetPatterns.join(', ') || 'none'}): ${extra.join(', ')}. ` +
            'Runtime content scripts must not declare `matches`; the worker registers them for the granted CRM origins.',
        );
      }
    },
  },
});

function isHostPattern(permission: string): boolean {
  return permission === '<all_urls>' || permission.includes('://');
}

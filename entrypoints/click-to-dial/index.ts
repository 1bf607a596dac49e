import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { isRealInput } from '@/components/panel/input-gate';
import { startClickToDial } from '@/lib/content/click-to-dial';
import { nativeRuntime } from '@/lib/content/native-runtime';

/**
 * Click-to-dial in CRM pages: a Call button beside phone numbers and tel: links. Registered by
 * the worker for the same CRM origins as the caller panel (lib/screen-pop/content-scripts.ts),
 * but a script of its own: it carries libphonenumber-js (its 'min' metadata), which the caller
 * panel, on the screen-pop hot path, must not load. Unlisted for the panel's reasons
 * (entrypoints/crm-panel/index.tsx): no manifest entry, no WXT content-script runtime.
 */
export default defineUnlistedScript(() => void startClickToDial(nativeRuntime, isRealInput).catch((e: unknown) => console.warn('[teleforge dial]', e)));

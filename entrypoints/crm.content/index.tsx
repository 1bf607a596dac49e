import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { PanelApp } from '@/components/panel/panel-app';
import { createPanelController, type PanelScreen } from '@/lib/content/panel-controller';
import { createPanelClient, viewListener } from '@/lib/content/panel-client';
import { createShadowMount } from '@/lib/content/shadow-mount';
import css from './style.css?inline';

/**
 * The caller panel in CRM pages. Registered at run time by the worker for the CRM origins the
 * settings name (and executed into CRM tabs that were already open), so the manifest lists no
 * matches. It talks to the worker only by message: no settings, no storage, no phone code here.
 */
export default defineContentScript({
  registration: 'runtime',
  // The CSS is bundled as a string into the shadow root (lib/content/shadow-mount.ts): no CSS
  // file, so nothing has to be web-accessible for the page to fetch.
  cssInjectionMode: 'manual',
  // WXT's "newer script started" window.postMessage would tell every CRM page our extension id
  // (and the event name that invalidates this script); its document event is enough.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    if (!claimPage(ctx)) return;
    const ui = createShadowMount(document, 'teleforge-caller-panel', css);
    ctx.onInvalidated(() => {
      render(null, ui.container);
      ui.remove();
    });

    const show = ({ shape, place }: PanelScreen) => {
      if (ctx.isInvalid) return;
      if (!shape) {
        render(null, ui.container);
        ui.remove();
        return;
      }
      ui.mount();
      render(<PanelApp shape={shape} place={place} actions={controller.actions} />, ui.container);
    };
    const controller = createPanelController({
      client: createPanelClient(browser.runtime),
      doc: document,
      runtimeId: () => browser.runtime?.id,
      render: show,
      onDead: () => ctx.abort('extension context invalidated'),
      warn: (...args) => console.warn('[teleforge panel]', ...args),
    });

    const listener = viewListener(() => browser.runtime?.id, controller.apply);
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => browser.runtime?.onMessage.removeListener(listener));
    // A background tab can miss views (throttled, or the worker skipped it): catch up when shown.
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void controller.hello();
    });
    await controller.hello();
  },
});

const OWNER = Symbol.for('teleforge.caller-panel');
type Owned = typeof globalThis & { [OWNER]?: ContentScriptContext };

/**
 * The worker may run this file into a tab that already has it (executeScript into open tabs
 * racing the registered script). The marker lives in the content script's isolated world,
 * which the page cannot touch; a second run while the first is alive does nothing. WXT itself
 * invalidates an older instance when a newer one starts, so in practice the newer one takes
 * over; leftovers of a dead instance (extension reloaded) are removed here.
 */
function claimPage(ctx: ContentScriptContext): boolean {
  const world = globalThis as Owned;
  const owner = world[OWNER];
  if (owner && !owner.isInvalid) return false;
  world[OWNER] = ctx;
  ctx.onInvalidated(() => {
    if (world[OWNER] === ctx) delete world[OWNER];
  });
  for (const stale of document.querySelectorAll('teleforge-caller-panel')) stale.remove();
  return true;
}

import { render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { isRealInput, type InputGate } from '@/components/panel/input-gate';
import { PanelApp } from '@/components/panel/panel-app';
import { afterNextFrame } from '@/lib/content/after-frame';
import { nativeRuntime, type ContentRuntime } from '@/lib/content/native-runtime';
import { claimPage } from '@/lib/content/page-claim';
import { createHostLink } from '@/lib/content/host-link';
import { createPanelClient } from '@/lib/content/panel-client';
import { createPanelController, type PanelScreen } from '@/lib/content/panel-controller';
import { createShadowMount } from '@/lib/content/shadow-mount';
import css from './style.css?inline';

const HOST = 'teleforge-caller-panel';

/**
 * The caller panel in CRM pages. The worker registers this script at run time for the CRM
 * origins the settings name and executes it into CRM tabs already open
 * (lib/screen-pop/content-scripts.ts), so it is an unlisted script rather than a WXT content
 * script: no manifest entry is wanted, and WXT's content-script context (location watcher,
 * script-started events and, through them, webextension-polyfill) would add ~13 kB to every
 * CRM tab. It talks to the page hosting the phone through one port (views down, actions up),
 * and to the worker only for call controls while that port is down: no settings, no storage,
 * no phone code here.
 */
export default defineUnlistedScript(() => void startCallerPanel(nativeRuntime, isRealInput).catch((e: unknown) => console.warn('[teleforge panel]', e)));

/**
 * Shows the panel in `doc` until a newer run takes over or the extension goes away (then it
 * removes itself quietly). Returns the run's controller. `runtime` is injected for tests, and so
 * is `inputGate`: the script above always passes the browser's own `isTrusted` check, unit tests
 * (whose DOM dispatches untrusted events only) pass theirs.
 */
export async function startCallerPanel(
  runtime: () => ContentRuntime | undefined,
  inputGate: InputGate,
  doc = document,
): Promise<AbortController> {
  const run = claimPage(globalThis, doc, HOST);
  const { signal } = run;
  const runtimeId = () => runtime()?.id;
  let ui: ReturnType<typeof createShadowMount>;
  try {
    ui = createShadowMount(doc, HOST, css);
  } catch (e) {
    run.abort();
    throw e;
  }

  const show = ({ shape, place }: PanelScreen) => {
    // A script whose extension was reloaded or removed has no runtime id: stop instead of rendering.
    if (runtimeId() === undefined) run.abort();
    if (signal.aborted) return;
    if (!shape) {
      render(null, ui.container);
      ui.remove();
      return;
    }
    ui.mount();
    render(<PanelApp shape={shape} place={place} actions={controller.actions} isRealInput={inputGate} />, ui.container);
  };
  // The port to the phone's page: views come down it, actions go up it (lib/content/host-link.ts).
  const link = createHostLink({
    connect: (name) => {
      const api = runtime();
      if (!api?.id || !api.connect) throw new Error('Extension context invalidated.');
      return api.connect({ name });
    },
    onView: (view, drawn) => {
      controller.apply(view);
      // A view taken is answered once it is on screen: the host holds a ringing call's record
      // pop (which navigates this page away) until then (lib/screen-pop/coordinator.ts).
      afterNextFrame(doc, drawn);
    },
    onNavigate: (url) => {
      // The host checked the URL is on this page's origin; so does the page itself, once more.
      if (sameOrigin(url, doc.location.href)) doc.location.assign(url);
    },
    // Not exactly a CRM origin (match patterns drop the port, so this script also runs on other
    // ports of a CRM host): remove ourselves for good, no retry, nothing in the page's console.
    onRefused: () => run.abort(),
    // The phone's page went away with its calls: nothing can answer a ringing one now.
    onHostGone: () => controller.hostGone(),
    onDead: () => run.abort(),
    warn: (...args) => {
      if (!signal.aborted) console.warn('[teleforge panel]', ...args);
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  });
  const controller = createPanelController({
    client: createPanelClient(
      {
        sendMessage: async (message) => {
          const api = runtime();
          if (!api) throw new Error('Extension context invalidated.');
          const reply = await api.sendMessage(message);
          if (isRefused(reply)) run.abort();
          return reply;
        },
      },
      link,
    ),
    doc,
    runtimeId,
    render: show,
    onDead: () => run.abort(),
    warn: (...args) => {
      if (!signal.aborted) console.warn('[teleforge panel]', ...args);
    },
  });

  signal.addEventListener('abort', () => {
    link.close();
    render(null, ui.container);
    ui.remove();
  });
  // A background tab can miss views (throttled, or the worker skipped it): catch up when shown.
  // Only the browser's own event: the page can dispatch 'visibilitychange' at will (and
  // controller.hello keeps at most one more request behind the one in flight anyway).
  doc.addEventListener(
    'visibilitychange',
    (event) => {
      if (event.isTrusted && doc.visibilityState === 'visible') void controller.hello();
    },
    { signal },
  );
  await controller.hello();
  return run;
}

function isRefused(reply: unknown): boolean {
  const error = (reply as { ok?: unknown; error?: { name?: unknown } } | null)?.error;
  return (reply as { ok?: unknown } | null)?.ok === false && error?.name === 'ForbiddenSender';
}

function sameOrigin(url: string, here: string): boolean {
  try {
    return new URL(url).origin === new URL(here).origin;
  } catch {
    return false;
  }
}

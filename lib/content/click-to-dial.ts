import { supportedCountry } from '../dial/normalize-number';
import type { InputGate } from '@/components/panel/input-gate';
import { createDialButton } from './dial-button';
import type { ContentRuntime } from './native-runtime';
import { numberAtPoint } from './number-at-point';

const HOST = 'teleforge-dial-button';
/** Our own marker in the content script's isolated world (the caller panel has its own: page-claim.ts). */
const OWNER = Symbol.for('teleforge.click-to-dial');
type World = { [OWNER]?: AbortController };

/**
 * One run of click-to-dial in a page: asks the worker whether it is on here ('dial/hello': the
 * agent's switch and the per-site list, and the default country), then follows the pointer and
 * offers the Call button on numbers. Its listeners are passive and read the page only. A newer
 * run (the worker injects into open tabs) takes over from an older one; a dead extension ends it.
 * Settings changed later apply on the page's next load.
 */
export async function startClickToDial(runtime: () => ContentRuntime | undefined, gate: InputGate, doc = document): Promise<AbortController> {
  const world = globalThis as World;
  world[OWNER]?.abort();
  const run = new AbortController();
  world[OWNER] = run;
  for (const stale of doc.querySelectorAll(HOST)) stale.remove();

  const send = async (name: string, payload?: unknown): Promise<unknown> => {
    const api = runtime();
    if (!api?.id) {
      run.abort();
      throw new Error('Extension context invalidated.');
    }
    return unwrap(await api.sendMessage({ to: 'bg', name, payload }));
  };

  const config = parseConfig(await send('dial/hello').catch(() => null));
  if (config === null || !config.enabled || run.signal.aborted) {
    run.abort();
    return run;
  }
  const country = supportedCountry(config.defaultCountry);
  const button = createDialButton(doc, HOST, gate, async (number) => {
    await send('call/dial', { number });
  });
  run.signal.addEventListener('abort', () => button.remove());

  let frame = 0;
  let last: { target: EventTarget | null; x: number; y: number } | null = null;
  const check = () => {
    frame = 0;
    if (last === null || run.signal.aborted) return;
    if (runtime()?.id === undefined) {
      run.abort();
      return;
    }
    const found = numberAtPoint(doc, last.target, last.x, last.y, country);
    if (found) button.show(found.e164, found.rect);
    else button.hideSoon();
  };
  const options = { capture: true, passive: true, signal: run.signal } as const;
  doc.addEventListener(
    'mousemove',
    (event) => {
      // Our own button's host: the button handles its own pointer.
      if ((event.target as Element | null)?.localName === HOST) return;
      last = { target: event.target, x: event.clientX, y: event.clientY };
      // At most one hit test per frame: mousemove fires far more often than the screen updates.
      frame ||= requestAnimationFrame(check);
    },
    options,
  );
  // The button sits at fixed coordinates: anything that moves the page moves the number away.
  doc.addEventListener('scroll', () => button.hide(), options);
  doc.defaultView?.addEventListener('blur', () => button.hide(), options);
  return run;
}

function unwrap(reply: unknown): unknown {
  const r = reply as { ok?: unknown; value?: unknown; error?: { message?: unknown } } | null;
  if (r?.ok === true) return r.value;
  const message = typeof r?.error?.message === 'string' ? r.error.message.slice(0, 300) : 'no answer from the extension';
  throw new Error(message);
}

function parseConfig(value: unknown): { enabled: boolean; defaultCountry: string } | null {
  const v = value as { enabled?: unknown; defaultCountry?: unknown } | null;
  if (typeof v?.enabled !== 'boolean' || typeof v.defaultCountry !== 'string' || !/^[A-Z]{2}$/.test(v.defaultCountry)) return null;
  return { enabled: v.enabled, defaultCountry: v.defaultCountry };
}

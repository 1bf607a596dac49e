// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRealInput, type InputGate } from '@/components/panel/input-gate';
import { startCallerPanel } from '@/entrypoints/crm-panel/index';
import type { ContentRuntime, MessageSenderLike, RuntimeListener } from '@/lib/content/native-runtime';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

/**
 * The browser's runtime as the content script sees it, with the worker behind it: answers what
 * the panel sends and records it; `pushView` delivers a 'panel/view' the way tabs.sendMessage does
 * (listeners answer through sendResponse). `kill()` is an extension reload: the id goes away.
 */
function fakeRuntime(view: PanelView) {
  const listeners = new Set<RuntimeListener>();
  const received: { name: string; payload: unknown }[] = [];
  let id: string | undefined = 'ext-id';
  const runtime: ContentRuntime = {
    get id() {
      return id;
    },
    async sendMessage(raw) {
      if (id === undefined) throw new Error('Extension context invalidated.');
      const msg = raw as { to: string; name: string; payload: unknown };
      received.push({ name: msg.name, payload: msg.payload });
      return { ok: true, value: msg.name === 'panel/hello' ? view : undefined };
    },
    onMessage: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
  };
  /** The replies given synchronously (`now`), and all of them once a frame has passed (`later`). */
  const pushView = (payload: unknown, sender: MessageSenderLike = { id: 'ext-id' }) => {
    const replies: unknown[] = [];
    let keptOpen = false;
    for (const listener of listeners) {
      keptOpen = listener({ to: 'content', name: 'panel/view', payload }, sender, (reply) => replies.push(reply)) === true || keptOpen;
    }
    const now = [...replies];
    const later = vi.waitFor(() => {
      if (keptOpen && replies.length === now.length) throw new Error('no answer yet');
      return replies;
    });
    return { now, later, keptOpen };
  };
  return { runtime, received, listeners, pushView, kill: () => (id = undefined) };
}

const host = () => document.querySelector('teleforge-caller-panel');
/**
 * The panel's root is closed: `host.shadowRoot` is null for the page and for these tests alike.
 * The tests keep the roots attachShadow hands out (a spy on happy-dom's DOM, not in the build).
 */
const roots = new WeakMap<Element, ShadowRoot>();
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
  const root = attachShadow.call(this, init);
  roots.set(this, root);
  return root;
};
const rootOf = () => {
  const el = host();
  return el ? roots.get(el) : undefined;
};
const inPanel = (selector: string) => rootOf()?.querySelector<HTMLElement>(selector) ?? null;
/** testing-library and happy-dom dispatch untrusted events only; these tests stand in for the agent. */
const testInput: InputGate = () => true;

/**
 * The browser's own visibilitychange: happy-dom cannot make a trusted event, so the event's
 * isTrusted is set the way only the browser sets it for a page (own property on the instance).
 */
function visibleAgain(): void {
  const event = new Event('visibilitychange');
  Object.defineProperty(event, 'isTrusted', { value: true });
  document.dispatchEvent(event);
}

describe('caller panel content script', () => {
  const runs: AbortController[] = [];
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(() => {
    for (const run of runs.splice(0)) run.abort();
    document.body.innerHTML = '';
  });
  const start = async (fake: ReturnType<typeof fakeRuntime>, gate: InputGate = testInput) => {
    const run = await startCallerPanel(() => fake.runtime, gate);
    runs.push(run);
    return run;
  };

  it('refused by the worker (not a CRM origin exactly, e.g. another port) removes itself and stays quiet', async () => {
    const fake = fakeRuntime(makeView());
    const refuse = { ok: false, error: { name: 'ForbiddenSender', message: 'not accepted from http://127.0.0.1:9999/: not a CRM page' } };
    fake.runtime.sendMessage = async (raw) => {
      fake.received.push({ name: (raw as { name: string }).name, payload: undefined });
      return refuse;
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const run = await start(fake);
    expect(run.signal.aborted).toBe(true);
    expect(host()).toBeNull();
    expect(fake.listeners.size).toBe(0);
    // No retry when the tab is shown again, and nothing in the page's console.
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.received.map((m) => m.name)).toEqual(['panel/hello']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('says hello and shows the panel in a closed shadow root on the body, telling the page nothing', async () => {
    const fake = fakeRuntime(makeView());
    const posted = vi.fn();
    window.addEventListener('message', posted);
    await start(fake);
    await new Promise((resolve) => setTimeout(resolve, 20));
    window.removeEventListener('message', posted);
    expect(posted).not.toHaveBeenCalled();
    expect(fake.received[0]).toEqual({ name: 'panel/hello', payload: undefined });
    expect(host()?.parentElement).toBe(document.body);
    // Closed: the page gets no root; and the light DOM says nothing about the call.
    expect(host()?.shadowRoot).toBeNull();
    expect(rootOf()?.mode).toBe('closed');
    expect(host()?.attributes).toHaveLength(0);
    expect(host()?.childNodes).toHaveLength(0);
    expect(inPanel('[data-part="root"]')).toBeTruthy();
    expect(inPanel('section[data-part="panel"]')?.dataset).toMatchObject({ callId: 'call-1', state: 'ringing' });
    // Styles go into the shadow root as text: no file to fetch.
    expect(rootOf()?.querySelector('style')?.textContent).toMatch(/:host\s*{\s*all:\s*initial/);
    expect(rootOf()?.querySelector('link')).toBeNull();
  });

  it('shows nothing while there is no call, then follows the views the worker pushes, answering once drawn', async () => {
    const fake = fakeRuntime(makeView({ calls: [] }));
    await start(fake);
    expect(host()).toBeNull();
    const active = makeView({ calls: [makePanelCall({ state: 'active', answeredAt: Date.now() })] });
    const pushed = fake.pushView(active);
    // Rendered at once; answered from the next animation frame (the worker holds a pop until then).
    expect(inPanel('section[data-part="panel"]')?.dataset.state).toBe('active');
    expect(pushed).toMatchObject({ now: [], keptOpen: true });
    expect(await pushed.later).toEqual([{ ok: true, value: undefined }]);
    fake.pushView(makeView({ calls: [] }));
    expect(host()).toBeNull();
  });

  it('answers a view at once in a hidden page, which draws no frames', async () => {
    const fake = fakeRuntime(makeView({ calls: [] }));
    await start(fake);
    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      expect(fake.pushView(makeView()).now).toEqual([{ ok: true, value: undefined }]);
    } finally {
      hidden.mockRestore();
    }
  });

  it('refuses views from another sender or with a bad shape', async () => {
    const fake = fakeRuntime(makeView({ calls: [] }));
    await start(fake);
    expect(fake.pushView(makeView(), { id: 'someone-else' }).now).toMatchObject([{ ok: false, error: { name: 'ForbiddenSender' } }]);
    expect(fake.pushView({ calls: [{ id: 1 }] }).now).toMatchObject([{ ok: false, error: { name: 'InvalidPayload' } }]);
    expect(host()).toBeNull();
  });

  it('sends the button presses to the worker', async () => {
    const fake = fakeRuntime(makeView());
    await start(fake);
    inPanel('button.danger')!.click();
    await vi.waitFor(() => expect(fake.received).toContainEqual({ name: 'call/reject', payload: { callId: 'call-1', code: 603 } }));
  });

  it('prefills the lookup field once and acknowledges it', async () => {
    document.body.innerHTML = '<form><input id="lookup"></form>';
    const fake = fakeRuntime(makeView({ prefill: { callId: 'call-1', selector: '#lookup', value: 'ACC-42', submit: false } }));
    await start(fake);
    await vi.waitFor(() => expect(fake.received).toContainEqual({ name: 'panel/prefilled', payload: { callId: 'call-1', ok: true } }));
    expect(document.querySelector<HTMLInputElement>('#lookup')!.value).toBe('ACC-42');
  });

  it('says hello again when the tab becomes visible (the browser\'s event only)', async () => {
    const fake = fakeRuntime(makeView());
    await start(fake);
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // happy-dom's events are untrusted, like a page's: ignored.
    expect(fake.received.filter((m) => m.name === 'panel/hello')).toHaveLength(1);
    visibleAgain();
    await vi.waitFor(() => expect(fake.received.filter((m) => m.name === 'panel/hello')).toHaveLength(2));
  });

  it('ignores a burst of synthetic visibilitychange events', async () => {
    const fake = fakeRuntime(makeView());
    await start(fake);
    for (let i = 0; i < 10_000; i += 1) document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.received.filter((m) => m.name === 'panel/hello')).toHaveLength(1);
  });

  it('ignores synthetic clicks on the panel with the browser check it runs with', async () => {
    const fake = fakeRuntime(makeView());
    await start(fake, isRealInput);
    inPanel('button.primary')!.click();
    inPanel('button.danger')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.received.map((m) => m.name)).toEqual(['panel/hello']);
  });

  it('keeps clicks and pointer events on the panel from the page\'s bubbling listeners', async () => {
    await start(fakeRuntime(makeView()));
    const heard = vi.fn();
    for (const type of ['click', 'pointerdown', 'mousedown', 'focusin', 'keydown']) document.addEventListener(type, heard);
    const button = inPanel('button.primary')!;
    for (const type of ['pointerdown', 'mousedown', 'focusin', 'keydown']) button.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    for (const type of ['click', 'pointerdown', 'mousedown', 'focusin', 'keydown']) document.removeEventListener(type, heard);
    expect(heard).not.toHaveBeenCalled();
  });

  it('hands the tab to the newest run when the script runs twice: one panel, one listener', async () => {
    const fake = fakeRuntime(makeView());
    const first = await start(fake);
    await start(fake);
    expect(first.signal.aborted).toBe(true);
    expect(fake.listeners.size).toBe(1);
    expect(document.querySelectorAll('teleforge-caller-panel')).toHaveLength(1);
    expect(inPanel('section[data-part="panel"]')).toBeTruthy();
    visibleAgain();
    await vi.waitFor(() => expect(fake.received.filter((m) => m.name === 'panel/hello')).toHaveLength(3));
  });

  it('removes a panel left in the page by a run whose extension is gone', async () => {
    const leftover = document.createElement('teleforge-caller-panel');
    document.body.append(leftover);
    await start(fakeRuntime(makeView()));
    expect(leftover.isConnected).toBe(false);
    expect(document.querySelectorAll('teleforge-caller-panel')).toHaveLength(1);
  });

  it('removes the panel quietly when the extension goes away', async () => {
    const fake = fakeRuntime(makeView());
    const run = await start(fake);
    expect(host()).toBeTruthy();
    fake.kill();
    inPanel('button.danger')!.click();
    await vi.waitFor(() => expect(run.signal.aborted).toBe(true));
    expect(host()).toBeNull();
    expect(fake.listeners.size).toBe(0);
    expect(fake.pushView(makeView())).toMatchObject({ now: [], keptOpen: false });
  });

  it('goes away when the tab is shown again after the extension was reloaded', async () => {
    const fake = fakeRuntime(makeView());
    const run = await start(fake);
    fake.kill();
    visibleAgain();
    await vi.waitFor(() => expect(run.signal.aborted).toBe(true));
    expect(host()).toBeNull();
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
const inPanel = (selector: string) => host()?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

describe('caller panel content script', () => {
  const runs: AbortController[] = [];
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(() => {
    for (const run of runs.splice(0)) run.abort();
    document.body.innerHTML = '';
  });
  const start = async (fake: ReturnType<typeof fakeRuntime>) => {
    const run = await startCallerPanel(() => fake.runtime);
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

  it('says hello and shows the panel in an open shadow root on the body, telling the page nothing', async () => {
    const fake = fakeRuntime(makeView());
    const posted = vi.fn();
    window.addEventListener('message', posted);
    await start(fake);
    await new Promise((resolve) => setTimeout(resolve, 20));
    window.removeEventListener('message', posted);
    expect(posted).not.toHaveBeenCalled();
    expect(fake.received[0]).toEqual({ name: 'panel/hello', payload: undefined });
    expect(host()?.parentElement).toBe(document.body);
    expect(host()?.shadowRoot).toBeTruthy();
    expect(inPanel('[data-part="root"]')).toBeTruthy();
    expect(inPanel('section[data-part="panel"]')?.dataset).toMatchObject({ callId: 'call-1', state: 'ringing' });
    // Styles go into the shadow root as text: no file to fetch.
    expect(host()?.shadowRoot?.querySelector('style')?.textContent).toMatch(/:host\s*{\s*all:\s*initial/);
    expect(host()?.shadowRoot?.querySelector('link')).toBeNull();
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

  it('says hello again when the tab becomes visible', async () => {
    const fake = fakeRuntime(makeView());
    await start(fake);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(fake.received.filter((m) => m.name === 'panel/hello')).toHaveLength(2));
  });

  it('hands the tab to the newest run when the script runs twice: one panel, one listener', async () => {
    const fake = fakeRuntime(makeView());
    const first = await start(fake);
    await start(fake);
    expect(first.signal.aborted).toBe(true);
    expect(fake.listeners.size).toBe(1);
    expect(document.querySelectorAll('teleforge-caller-panel')).toHaveLength(1);
    expect(inPanel('section[data-part="panel"]')).toBeTruthy();
    document.dispatchEvent(new Event('visibilitychange'));
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
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(run.signal.aborted).toBe(true));
    expect(host()).toBeNull();
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRealInput, type InputGate } from '@/components/panel/input-gate';
import { startCallerPanel } from '@/entrypoints/crm-panel/index';
import type { ContentRuntime } from '@/lib/content/native-runtime';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

/**
 * The browser's runtime as the content script sees it, with the phone's page behind the panel's
 * port (lib/screen-pop/panel-port.ts): it answers the connect and each {t:'hello'} with `view`,
 * answers actions, and records what the panel sends (as {name, payload}, hellos as
 * 'panel/hello'); `pushView` posts a view down the port the way the host does, `drawn` lists
 * the seqs the panel acknowledged. `refuse` makes the host refuse the page; `kill()` is an
 * extension reload: the id goes away and the port closes.
 */
function fakeRuntime(view: PanelView, opts: { refuse?: boolean } = {}) {
  const received: { name: string; payload: unknown }[] = [];
  const drawn: number[] = [];
  const ports = new Set<{ post(m: unknown): void; disconnect(): void }>();
  let id: string | undefined = 'ext-id';
  let seq = 0;
  const runtime: ContentRuntime = {
    get id() {
      return id;
    },
    async sendMessage(raw) {
      if (id === undefined) throw new Error('Extension context invalidated.');
      const msg = raw as { to: string; name: string; payload: unknown };
      received.push({ name: `bg:${msg.name}`, payload: msg.payload });
      return { ok: true, value: undefined };
    },
    connect() {
      if (id === undefined) throw new Error('Extension context invalidated.');
      const onMessage = new Set<(m: unknown) => void>();
      const onDisconnect = new Set<() => void>();
      let open = true;
      const post = (m: unknown) => queueMicrotask(() => open && onMessage.forEach((cb) => cb(m)));
      const end = { post, disconnect: () => {
        if (!open) return;
        open = false;
        ports.delete(end);
        onDisconnect.forEach((cb) => cb());
      } };
      ports.add(end);
      received.push({ name: 'panel/hello', payload: undefined });
      post(opts.refuse ? { t: 'refused' } : { t: 'view', seq: ++seq, view });
      return {
        postMessage(raw: unknown) {
          if (!open) throw new Error('Attempting to use a disconnected port object');
          const m = raw as { t: string; seq?: number; id?: number; name?: string; payload?: unknown };
          if (m.t === 'hello') {
            received.push({ name: 'panel/hello', payload: undefined });
            post({ t: 'view', seq: ++seq, view });
          } else if (m.t === 'drawn') drawn.push(m.seq!);
          else if (m.t === 'act') {
            received.push({ name: m.name!, payload: m.payload });
            post({ t: 'reply', id: m.id, reply: { ok: true } });
          }
        },
        // The content script closing its own end: the host's side is not told back.
        disconnect: () => {
          open = false;
          ports.delete(end);
        },
        onMessage: { addListener: (cb: (m: unknown) => void) => onMessage.add(cb) },
        onDisconnect: { addListener: (cb: () => void) => onDisconnect.add(cb) },
      };
    },
    onMessage: { addListener() {}, removeListener() {} },
  };
  const pushView = (payload: unknown) => {
    const n = ++seq;
    for (const port of ports) port.post({ t: 'view', seq: n, view: payload });
    return n;
  };
  /** Lets the microtasks of a post run (the fake delivers like the browser: later, not inside postMessage). */
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    runtime,
    received,
    drawn,
    ports,
    pushView,
    flush,
    kill: () => {
      id = undefined;
      for (const port of [...ports]) port.disconnect();
    },
  };
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

  it('refused by the phone page (not a CRM origin exactly, e.g. another port) removes itself and stays quiet', async () => {
    const fake = fakeRuntime(makeView(), { refuse: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const run = startCallerPanel(() => fake.runtime, testInput);
    void run.then((r) => runs.push(r));
    await vi.waitFor(() => expect(fake.ports.size).toBe(0));
    await fake.flush();
    expect(host()).toBeNull();
    // No retry when the tab is shown again, and nothing in the page's console.
    visibleAgain();
    await new Promise((resolve) => setTimeout(resolve, 300));
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

  it('shows nothing while there is no call, then follows the views the host pushes, answering once drawn', async () => {
    const fake = fakeRuntime(makeView({ calls: [] }));
    await start(fake);
    expect(host()).toBeNull();
    const active = makeView({ calls: [makePanelCall({ state: 'active', answeredAt: Date.now() })] });
    const seq = fake.pushView(active);
    await fake.flush();
    // Rendered at once; acknowledged from the next animation frame (the host holds a pop until then).
    expect(inPanel('section[data-part="panel"]')?.dataset.state).toBe('active');
    await vi.waitFor(() => expect(fake.drawn).toContain(seq));
    fake.pushView(makeView({ calls: [] }));
    await fake.flush();
    expect(host()).toBeNull();
  });

  it('acknowledges a view at once in a hidden page, which draws no frames', async () => {
    const fake = fakeRuntime(makeView({ calls: [] }));
    await start(fake);
    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      const seq = fake.pushView(makeView());
      await fake.flush();
      expect(fake.drawn).toContain(seq);
    } finally {
      hidden.mockRestore();
    }
  });

  it('refuses views with a bad shape', async () => {
    const fake = fakeRuntime(makeView({ calls: [] }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await start(fake);
    const seq = fake.pushView({ calls: [{ id: 1 }] });
    await fake.flush();
    expect(host()).toBeNull();
    expect(fake.drawn).not.toContain(seq);
    expect(warn).toHaveBeenCalled();
  });

  it('drops a ringing call when the phone page goes away, and connects again', async () => {
    const fake = fakeRuntime(makeView());
    await start(fake);
    expect(inPanel('section[data-part="panel"]')?.dataset.state).toBe('ringing');
    for (const port of [...fake.ports]) port.disconnect();
    await fake.flush();
    expect(inPanel('section[data-part="panel"]')).toBeNull();
    // Tried again after a short pause; the host's new view shows the call again.
    await vi.waitFor(() => expect(fake.received.filter((m) => m.name === 'panel/hello')).toHaveLength(2));
    await vi.waitFor(() => expect(inPanel('section[data-part="panel"]')?.dataset.state).toBe('ringing'));
  });

  it('sends the button presses down its port', async () => {
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
    expect(fake.ports.size).toBe(1);
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
    // Its port closes, and the next try to connect finds no extension.
    fake.kill();
    await vi.waitFor(() => expect(run.signal.aborted).toBe(true));
    expect(host()).toBeNull();
    expect(fake.ports.size).toBe(0);
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

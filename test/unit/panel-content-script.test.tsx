// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import crmContentScript from '@/entrypoints/crm.content/index';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

/** The worker's side: answers what the panel sends, records it. */
function fakeWorker(view: PanelView) {
  const received: { name: string; payload: unknown }[] = [];
  fakeBrowser.runtime.onMessage.addListener((raw: unknown) => {
    const msg = raw as { to: string; name: string; payload: unknown };
    if (msg.to !== 'bg') return undefined;
    received.push({ name: msg.name, payload: msg.payload });
    return Promise.resolve({ ok: true, value: msg.name === 'panel/hello' ? view : undefined });
  });
  return received;
}
/** A 'panel/view' as the worker's tabs.sendMessage delivers it. */
function pushView(view: unknown, sender = { id: fakeBrowser.runtime.id }) {
  return fakeBrowser.runtime.onMessage.trigger({ to: 'content', name: 'panel/view', payload: view }, sender);
}
const host = () => document.querySelector('teleforge-caller-panel');
const inPanel = (selector: string) => host()?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

async function start() {
  const { main: _, ...options } = crmContentScript;
  const ctx = new ContentScriptContext('crm', options);
  await crmContentScript.main(ctx);
  return ctx;
}

describe('caller panel content script', () => {
  const contexts: ContentScriptContext[] = [];
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    for (const ctx of contexts.splice(0)) ctx.abort('test over');
    document.body.innerHTML = '';
  });
  const run = async () => {
    const ctx = await start();
    contexts.push(ctx);
    return ctx;
  };

  it('is registered at run time, with no manifest matches', () => {
    expect(crmContentScript.registration).toBe('runtime');
    expect(crmContentScript.matches ?? []).toEqual([]);
    expect(crmContentScript.noScriptStartedPostMessage).toBe(true);
  });

  it('says hello and shows the panel in an open shadow root on the body', async () => {
    const received = fakeWorker(makeView());
    const posted = vi.fn();
    window.addEventListener('message', posted);
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    window.removeEventListener('message', posted);
    expect(posted).not.toHaveBeenCalled();
    expect(received[0]).toEqual({ name: 'panel/hello', payload: undefined });
    expect(host()?.parentElement).toBe(document.body);
    expect(host()?.shadowRoot).toBeTruthy();
    expect(inPanel('[data-part="root"]')).toBeTruthy();
    expect(inPanel('section[data-part="panel"]')?.dataset).toMatchObject({ callId: 'call-1', state: 'ringing' });
    // Styles go into the shadow root as text: no file to fetch.
    expect(host()?.shadowRoot?.querySelector('style')?.textContent).toMatch(/:host\s*{\s*all:\s*initial/);
    expect(host()?.shadowRoot?.querySelector('link')).toBeNull();
  });

  it('shows nothing while there is no call, then follows the views the worker pushes', async () => {
    fakeWorker(makeView({ calls: [] }));
    await run();
    expect(host()).toBeNull();
    const replies = await pushView(makeView({ calls: [makePanelCall({ state: 'active', answeredAt: Date.now() })] }));
    expect(replies).toContainEqual({ ok: true, value: undefined });
    await vi.waitFor(() => expect(inPanel('section[data-part="panel"]')?.dataset.state).toBe('active'));
    await pushView(makeView({ calls: [] }));
    expect(host()).toBeNull();
  });

  it('refuses views from another sender or with a bad shape', async () => {
    fakeWorker(makeView({ calls: [] }));
    await run();
    const [foreign] = (await pushView(makeView(), { id: 'someone-else' })).filter(Boolean);
    expect(foreign).toMatchObject({ ok: false, error: { name: 'ForbiddenSender' } });
    const [bad] = (await pushView({ calls: [{ id: 1 }] })).filter(Boolean);
    expect(bad).toMatchObject({ ok: false, error: { name: 'InvalidPayload' } });
    expect(host()).toBeNull();
  });

  it('sends the button presses to the worker', async () => {
    const received = fakeWorker(makeView());
    await run();
    inPanel('button.danger')!.click();
    await vi.waitFor(() => expect(received).toContainEqual({ name: 'call/reject', payload: { callId: 'call-1', code: 603 } }));
  });

  it('prefills the lookup field once and acknowledges it', async () => {
    document.body.innerHTML = '<form><input id="lookup"></form>';
    const received = fakeWorker(makeView({ prefill: { callId: 'call-1', selector: '#lookup', value: 'ACC-42', submit: false } }));
    await run();
    await vi.waitFor(() => expect(received).toContainEqual({ name: 'panel/prefilled', payload: { callId: 'call-1', ok: true } }));
    expect(document.querySelector<HTMLInputElement>('#lookup')!.value).toBe('ACC-42');
  });

  it('says hello again when the tab becomes visible', async () => {
    const received = fakeWorker(makeView());
    await run();
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(received.filter((m) => m.name === 'panel/hello')).toHaveLength(2));
  });

  it('leaves one panel when the script runs twice in a tab', async () => {
    fakeWorker(makeView());
    await run();
    await run();
    expect(document.querySelectorAll('teleforge-caller-panel')).toHaveLength(1);
    expect(inPanel('section[data-part="panel"]')).toBeTruthy();
  });

  it('does nothing on a second run while the first instance is alive', async () => {
    const received = fakeWorker(makeView());
    const ctx = await run();
    await crmContentScript.main(ctx);
    expect(received.filter((m) => m.name === 'panel/hello')).toHaveLength(1);
    expect(document.querySelectorAll('teleforge-caller-panel')).toHaveLength(1);
  });

  it('removes the panel quietly when the extension goes away', async () => {
    fakeWorker(makeView());
    const ctx = await run();
    expect(host()).toBeTruthy();
    ctx.abort('Extension context invalidated');
    expect(host()).toBeNull();
    expect((await pushView(makeView())).filter(Boolean)).toEqual([]);
  });
});

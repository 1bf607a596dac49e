import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { envelope, unwrapReply, type MessageName, type PayloadOf } from '@/lib/messages';
import { startBackgroundRouter, type RouterDeps } from '@/lib/phone-host/background-router';
import { offscreenKeeper } from '@/lib/phone-host/offscreen-document';
import { lazyLink, offscreenLink, type PhoneLink } from '@/lib/phone-host/phone-link';
import { makePhoneState } from './phone-host-fixtures';

const fromOffscreen: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/offscreen.html' };
const config = { wsUrl: 'ws://127.0.0.1:5066/ws', domain: '127.0.0.1', ext: '1001', password: 'secret1001', displayName: '', iceServers: [] };

async function ask<N extends MessageName>(name: N, payload?: PayloadOf<N>, sender = fromOffscreen) {
  const replies = await fakeBrowser.runtime.onMessage.trigger({ ...envelope(name, payload as never) }, sender);
  return unwrapReply(name, replies.find((r) => r !== undefined));
}

function fakeLink(): { [K in keyof PhoneLink]: ReturnType<typeof vi.fn> } & PhoneLink {
  const state = makePhoneState();
  return {
    ensure: vi.fn(async () => {}),
    configure: vi.fn(async () => {}),
    getState: vi.fn(async () => state),
    accept: vi.fn(async () => {}),
    reject: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    mute: vi.fn(async () => {}),
  };
}

function setupRouter() {
  const link = fakeLink();
  let settingsChanged = () => {};
  const deps = {
    link,
    loadConfig: vi.fn(async () => config),
    watchSettings: vi.fn((cb: () => void) => ((settingsChanged = cb), () => {})),
    mirror: vi.fn(async () => {}),
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  } satisfies RouterDeps;
  const stop = startBackgroundRouter(deps);
  return { link, deps, stop, changeSettings: () => settingsChanged() };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('background router', () => {
  it('mirrors every state the phone reports', async () => {
    const { deps } = setupRouter();
    const state = makePhoneState();
    await ask('phone/state', state);
    expect(deps.mirror).toHaveBeenCalledWith(state);
  });

  it('answers a (re)started phone page with the config from settings', async () => {
    setupRouter();
    await expect(ask('phone/hello')).resolves.toEqual(config);
  });

  it('reconfigures the phone when settings change', async () => {
    const { link, changeSettings } = setupRouter();
    changeSettings();
    await vi.waitFor(() => expect(link.configure).toHaveBeenCalledWith(config));
  });

  it('asks the phone for a fresh state on status/get, and mirrors it', async () => {
    const { link, deps } = setupRouter();
    const state = await ask('status/get');
    expect(link.getState).toHaveBeenCalled();
    expect(deps.mirror).toHaveBeenCalledWith(state);
  });

  it('forwards call controls from the popup', async () => {
    const { link } = setupRouter();
    await ask('call/accept', { callId: 'c1' });
    await ask('call/reject', { callId: 'c1', code: 486 });
    await ask('call/hangup', { callId: 'c1' });
    await ask('call/mute', { callId: 'c1', muted: true });
    expect(link.accept).toHaveBeenCalledWith('c1');
    expect(link.reject).toHaveBeenCalledWith('c1', 486);
    expect(link.hangup).toHaveBeenCalledWith('c1');
    expect(link.mute).toHaveBeenCalledWith('c1', true);
  });

  it('does not take call controls from a web page', async () => {
    const { link } = setupRouter();
    const page = { id: 'test-extension-id', url: 'https://crm.example.com/', tab: { id: 1 } as Browser.tabs.Tab };
    await expect(ask('call/accept', { callId: 'c1' }, page)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    expect(link.accept).not.toHaveBeenCalled();
  });
});

describe('offscreen document keeper', () => {
  it('creates the document once even when asked concurrently', async () => {
    let exists = false;
    const api = { hasDocument: vi.fn(async () => exists), createDocument: vi.fn(async () => void (exists = true)) };
    const keeper = offscreenKeeper(api);
    await Promise.all([keeper.ensure(), keeper.ensure(), keeper.ensure()]);
    await keeper.ensure();
    expect(api.createDocument).toHaveBeenCalledTimes(1);
  });

  it("treats Chrome's 'only a single offscreen document' error as success, and retries after other errors", async () => {
    const api = { hasDocument: vi.fn(async () => false), createDocument: vi.fn() };
    const keeper = offscreenKeeper(api);
    api.createDocument.mockRejectedValueOnce(new Error('Only a single offscreen document may be created.'));
    await expect(keeper.ensure()).resolves.toBeUndefined();
    api.createDocument.mockRejectedValueOnce(new Error('Page failed to load.'));
    await expect(keeper.ensure()).rejects.toThrow('Page failed to load.');
    api.createDocument.mockResolvedValueOnce(undefined);
    await expect(keeper.ensure()).resolves.toBeUndefined();
    expect(api.createDocument).toHaveBeenCalledTimes(3);
  });
});

describe('phone links', () => {
  it('offscreen link makes sure the document exists before each message', async () => {
    const order: string[] = [];
    const keeper = { ensure: vi.fn(async () => void order.push('ensure')) };
    const send = vi.fn(async (name: string) => void order.push(name));
    const link = offscreenLink(keeper, send as never);
    await link.accept('c1');
    await link.configure(null);
    expect(order).toEqual(['ensure', 'phone/accept', 'ensure', 'phone/configure']);
    expect(send).toHaveBeenCalledWith('phone/accept', { callId: 'c1' });
  });

  it('lazy link builds its link once, on first use', async () => {
    const inner = fakeLink();
    const build = vi.fn(async () => inner);
    const link = lazyLink(build);
    expect(build).not.toHaveBeenCalled();
    await Promise.all([link.ensure(), link.hangup('c1')]);
    expect(build).toHaveBeenCalledTimes(1);
    expect(inner.hangup).toHaveBeenCalledWith('c1');
  });
});

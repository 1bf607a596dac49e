import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { envelope, listen, sendMessage, senderKind, unwrapReply, type Handlers } from '@/lib/messages';
import { makePhoneState } from './phone-host-fixtures';

const ORIGIN = 'chrome-extension://test-extension-id';
const fromPopup: Browser.runtime.MessageSender = { id: 'test-extension-id', url: `${ORIGIN}/popup.html` };
const fromContent: Browser.runtime.MessageSender = {
  id: 'test-extension-id',
  url: 'https://crm.example.com/contacts',
  tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1 } as Browser.tabs.Tab,
};
const fromOtherExtension: Browser.runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

/** Chrome sends messages and replies as JSON, which drops `undefined` values: do the same. */
function overTheWire<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Delivers a raw message as the browser would and returns what the one answering listener replied. */
async function deliver(raw: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
  const replies = await fakeBrowser.runtime.onMessage.trigger(overTheWire(raw), sender);
  return overTheWire(replies.find((r) => r !== undefined));
}

function bgHandlers(overrides: Partial<Handlers<'bg'>> = {}): Handlers<'bg'> {
  return {
    'phone/state': vi.fn(),
    'phone/hello': vi.fn(() => ({ phone: null, bridge: null, answerInBrowser: true })),
    'status/get': vi.fn(() => makePhoneState()),
    'status/availability': vi.fn(),
    'call/accept': vi.fn(),
    'call/reject': vi.fn(),
    'call/hangup': vi.fn(),
    'call/mute': vi.fn(),
    'call/dial': vi.fn(() => ({ callId: 'c1' })),
    'dial/hello': vi.fn(() => ({ enabled: true, defaultCountry: 'US' })),
    'call/transfer': vi.fn(),
    'call/consult': vi.fn(() => ({ consultCallId: 'c-1' })),
    'call/transfer-complete': vi.fn(),
    'call/transfer-cancel': vi.fn(),
    'picker/start': vi.fn(() => ({ origin: 'https://crm.example.com' })),
    'picker/stop': vi.fn(),
    'picker/test-fill': vi.fn(() => ({ origin: 'https://crm.example.com', value: '+447700900000' })),
    'picker/picked': vi.fn(({ selector }: { selector: string }) => ({ selector })),
    'picker/cancelled': vi.fn(),
    'call/hold': vi.fn(),
    'call/dtmf': vi.fn(),
    'panel/dismiss': vi.fn(),
    'panel/open-record': vi.fn(),
    'screenpop/hello': vi.fn(() => ({})),
    'screenpop/open-tab': vi.fn(() => ({ active: true })),
    'screenpop/navigate': vi.fn(() => undefined),
    'screenpop/focus': vi.fn(),
    'screenpop/notify': vi.fn(() => ''),
    'screenpop/clear-notice': vi.fn(() => true),
    'screenpop/save': vi.fn(),
    'history/seen': vi.fn(),
    'history/clear': vi.fn(),
    'history/repop': vi.fn(),
    'history/retry-webhook': vi.fn(() => ({ disposition: '', note: '', savedAt: 0 })),
    'call/wrap-up': vi.fn(() => ({ disposition: '', note: '', savedAt: 0 })),
    'call/wrap-up-status': vi.fn(() => ({ wrapUp: null, dispositions: [], timerSec: 0 })),
    ...overrides,
  };
}

const offscreenHandlers: Handlers<'offscreen'> = {
  'phone/configure': () => {},
  'phone/accept': () => {},
  'phone/reject': () => {},
  'phone/hangup': () => {},
  'phone/mute': () => {},
  'phone/dial': () => ({ callId: 'c1' }),
  'phone/hold': () => {},
  'phone/dtmf': () => {},
  'phone/get-state': () => makePhoneState(),
  'phone/dismiss': () => {},
  'phone/transfer': () => {},
  'phone/consult': () => ({ consultCallId: 'c-1' }),
  'phone/transfer-complete': () => {},
  'phone/transfer-cancel': () => {},
  'phone/screen-pop-sync': () => {},
  'phone/notice-clicked': () => {},
  'phone/take-call': () => {},
  'phone/open-record': () => {},
  'phone/availability': () => {},
};

beforeEach(() => {
  fakeBrowser.reset();
});

describe('addressing', () => {
  it('wraps each message with the target its definition names', () => {
    expect(envelope('phone/accept', { callId: 'c1' })).toEqual({ to: 'offscreen', name: 'phone/accept', payload: { callId: 'c1' } });
    expect(envelope('status/get')).toEqual({ to: 'bg', name: 'status/get', payload: undefined });
  });

  it('stays silent for messages addressed to another context, so that context can answer', async () => {
    const handlers = bgHandlers();
    listen('bg', handlers);
    const replies = await fakeBrowser.runtime.onMessage.trigger(envelope('phone/accept', { callId: 'c1' }), fromPopup);
    expect(replies).toEqual([undefined]);
    expect(await fakeBrowser.runtime.onMessage.trigger({ hello: 'not ours' }, fromPopup)).toEqual([undefined]);
  });

  it('sendMessage sends the envelope and returns the value the receiver answered', async () => {
    const state = makePhoneState();
    listen('bg', bgHandlers({ 'status/get': () => state }));
    const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (raw: unknown) => deliver(raw, fromPopup));
    await expect(sendMessage('status/get')).resolves.toEqual(state);
    expect(spy).toHaveBeenCalledWith({ to: 'bg', name: 'status/get', payload: undefined });
  });

  it('resolves a message whose handler returns nothing', async () => {
    const accept = vi.fn();
    listen('bg', bgHandlers({ 'call/accept': accept }));
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (raw: unknown) => deliver(raw, fromPopup));
    await expect(sendMessage('call/accept', { callId: 'c1' })).resolves.toBeUndefined();
    expect(accept).toHaveBeenCalledWith({ callId: 'c1' }, fromPopup);
  });
});

describe('receiver checks', () => {
  it('hands the handler the zod-parsed payload and the sender', async () => {
    const accept = vi.fn();
    listen('bg', bgHandlers({ 'call/accept': accept }));
    expect(await deliver(envelope('call/accept', { callId: 'c1' }), fromPopup)).toStrictEqual({ ok: true });
    expect(accept).toHaveBeenCalledWith({ callId: 'c1' }, fromPopup);
  });

  it('refuses control messages from content scripts and other extensions', async () => {
    const accept = vi.fn();
    const getStatus = vi.fn(() => makePhoneState());
    listen('bg', bgHandlers({ 'call/accept': accept, 'status/get': getStatus }));
    for (const sender of [fromOtherExtension, { id: 'test-extension-id' }]) {
      const reply = await deliver(envelope('call/accept', { callId: 'c1' }), sender);
      expect(() => unwrapReply('call/accept', reply)).toThrow(expect.objectContaining({ name: 'ForbiddenSender' }));
    }
    expect(accept).not.toHaveBeenCalled();
    // Call controls are open to the caller panel (the router checks its origin); the rest is not.
    const reply = await deliver(envelope('status/get'), fromContent);
    expect(() => unwrapReply('status/get', reply)).toThrow(expect.objectContaining({ name: 'ForbiddenSender' }));
    expect(getStatus).not.toHaveBeenCalled();
  });

  it('refuses an invalid payload with an error naming the message', async () => {
    const mute = vi.fn();
    listen('bg', bgHandlers({ 'call/mute': mute }));
    const reply = await deliver({ to: 'bg', name: 'call/mute', payload: { callId: 'c1', muted: 'yes' } }, fromPopup);
    expect(() => unwrapReply('call/mute', reply)).toThrow(expect.objectContaining({ name: 'InvalidPayload', message: expect.stringContaining('call/mute') }));
    expect(mute).not.toHaveBeenCalled();
  });

  it('answers an unknown message name for its target with an error', async () => {
    listen('bg', bgHandlers());
    const reply = await deliver({ to: 'bg', name: 'call/teleport', payload: {} }, fromPopup);
    expect(() => unwrapReply('call/accept', reply)).toThrow(expect.objectContaining({ name: 'UnknownMessage' }));
  });

  it('stops answering after unsubscribe', async () => {
    const stop = listen('bg', bgHandlers());
    stop();
    expect(await fakeBrowser.runtime.onMessage.trigger(envelope('status/get'), fromPopup)).toEqual([]);
  });
});

describe('errors cross as data', () => {
  it('rethrows the handler error at the caller with its name and message', async () => {
    class SipError extends Error {
      override name = 'SipError';
    }
    listen('bg', bgHandlers({ 'call/hangup': () => Promise.reject(new SipError('no such call c9')) }));
    const reply = await deliver(envelope('call/hangup', { callId: 'c9' }), fromPopup);
    expect(reply).toEqual({ ok: false, error: { name: 'SipError', message: 'no such call c9' } });
    expect(() => unwrapReply('call/hangup', reply)).toThrow(expect.objectContaining({ name: 'SipError', message: 'no such call c9' }));
  });

  it('reports a missing receiver instead of resolving undefined', () => {
    expect(() => unwrapReply('status/get', undefined)).toThrow(/no receiver/);
  });
});

describe('senderKind', () => {
  it('tells our pages, our content scripts and strangers apart', () => {
    expect(senderKind(fromPopup, 'test-extension-id', ORIGIN)).toBe('extension');
    expect(senderKind({ id: 'test-extension-id', url: `${ORIGIN}/offscreen.html` }, 'test-extension-id', ORIGIN)).toBe('extension');
    expect(senderKind(fromContent, 'test-extension-id', ORIGIN)).toBe('content');
    expect(senderKind(fromOtherExtension, 'test-extension-id', ORIGIN)).toBeNull();
    // Same id but a web page URL without a tab (not a content script): not trusted.
    expect(senderKind({ id: 'test-extension-id', url: 'https://evil.example/' }, 'test-extension-id', ORIGIN)).toBeNull();
    // A look-alike host must not pass a prefix check.
    expect(senderKind({ id: 'test-extension-id', url: `${ORIGIN}.evil.example/x` }, 'test-extension-id', ORIGIN)).toBeNull();
  });
});

describe('compile-time contract', () => {
  it('rejects unknown names and wrong payloads at compile time', () => {
    const typeChecksOnly = () => {
      // @ts-expect-error: unknown message name
      void sendMessage('phone/teleport');
      // @ts-expect-error: payload of the wrong shape
      void sendMessage('call/accept', { id: 'c1' });
      // @ts-expect-error: a required payload is missing
      void sendMessage('phone/configure');
      // @ts-expect-error: a handler for another target's message
      const wrongTarget: Handlers<'offscreen'> = { ...offscreenHandlers, 'status/get': () => makePhoneState() };
      // @ts-expect-error: a handler answering with the wrong type
      const wrongResponse: Handlers<'offscreen'> = { ...offscreenHandlers, 'phone/get-state': () => 'registered' };
      void [wrongTarget, wrongResponse];
    };
    expect(typeChecksOnly).toBeTypeOf('function');
  });
});

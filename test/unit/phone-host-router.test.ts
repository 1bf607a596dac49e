import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { envelope, unwrapReply, type MessageName, type PayloadOf } from '@/lib/messages';
import { startBackgroundRouter, type RouterDeps } from '@/lib/phone-host/background-router';
import { offscreenKeeper } from '@/lib/phone-host/offscreen-document';
import { lazyLink, offscreenLink, type PhoneLink } from '@/lib/phone-host/phone-link';
import { EMPTY_PANEL_VIEW } from '@/lib/screen-pop/panel-view';
import { makePhoneState } from './phone-host-fixtures';
import type { DialSettings } from '@/lib/dial/dial-config';

let dialSettings: DialSettings = { clickToDial: true, dialCountry: 'US', clickToDialOffOrigins: '' };

const fromOffscreen: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/offscreen.html' };
const config = {
  phone: { wsUrl: 'ws://127.0.0.1:5066/ws', domain: '127.0.0.1', ext: '1001', password: 'secret1001', displayName: '', iceServers: [] },
  bridge: null,
  answerInBrowser: true,
};

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
    dial: vi.fn(async () => ({ callId: 'out-1' })),
    hold: vi.fn(async () => {}),
    dtmf: vi.fn(async () => {}),
    dismiss: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}),
    consult: vi.fn(async () => ({ consultCallId: 'consult-1' })),
    completeTransfer: vi.fn(async () => {}),
    cancelTransfer: vi.fn(async () => {}),
    setAvailability: vi.fn(async () => {}),
  };
}

const CRM = 'https://crm.example.com';
function tabSender(url: string, tabId = 7): Browser.runtime.MessageSender {
  return { id: 'test-extension-id', url, tab: { id: tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1 } as Browser.tabs.Tab };
}
const fromCrmTab = tabSender(`${CRM}/contacts/42`);
const fromOtherSite = tabSender('https://evil.example.net/crm');
const fromPopup: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };

function fakeScreenPop() {
  return {
    dismiss: vi.fn(async () => {}),
    openRecord: vi.fn(async () => {}),
    takeCall: vi.fn(async () => {}),
    isCrmUrl: vi.fn(async (url: string | undefined) => url !== undefined && url.startsWith(`${CRM}/`)),
  } satisfies RouterDeps['screenPop'];
}

function setupRouter() {
  const link = fakeLink();
  let settingsChanged = () => {};
  const deps = {
    link,
    loadConfig: vi.fn(async () => config),
    watchSettings: vi.fn((cb: () => void) => ((settingsChanged = cb), () => {})),
    mirror: vi.fn(async () => {}),
    saveAvailability: vi.fn(async () => {}),
    screenPop: fakeScreenPop(),
    popServices: {
      openTab: vi.fn(async () => ({ id: 9, windowId: 2, active: true })),
      navigateTab: vi.fn(async () => undefined),
      focus: vi.fn(),
      notify: vi.fn(async (id: string) => id),
      clearNotice: vi.fn(async () => true),
      save: vi.fn(),
    },
    screenPopHello: vi.fn(async () => ({ popTimes: [1] })),
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    loadDialSettings: vi.fn(async () => dialSettings),
    locale: 'en-US',
  } satisfies RouterDeps;
  const stop = startBackgroundRouter(deps);
  return { link, deps, screenPop: deps.screenPop, stop, changeSettings: () => settingsChanged() };
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

  it('refuses DTMF digits outside 0-9 * # A-D before they reach the phone', async () => {
    const { link } = setupRouter();
    for (const digits of ['', '1;2', 'a', '1'.repeat(33), 'Signal=1\r\n']) {
      await expect(ask('call/dtmf', { callId: 'c1', digits })).rejects.toMatchObject({ name: 'InvalidPayload' });
    }
    expect(link.dtmf).not.toHaveBeenCalled();
  });

  it('forwards call controls from the popup', async () => {
    const { link } = setupRouter();
    await ask('call/accept', { callId: 'c1' });
    await ask('call/reject', { callId: 'c1', code: 486 });
    await ask('call/hangup', { callId: 'c1' });
    await ask('call/mute', { callId: 'c1', muted: true });
    await ask('call/hold', { callId: 'c1', held: true });
    await ask('call/dtmf', { callId: 'c1', digits: '12#A' });
    expect(link.hold).toHaveBeenCalledWith('c1', true);
    expect(link.dtmf).toHaveBeenCalledWith('c1', '12#A');
    expect(link.accept).toHaveBeenCalledWith('c1');
    expect(link.reject).toHaveBeenCalledWith('c1', 486);
    expect(link.hangup).toHaveBeenCalledWith('c1');
    expect(link.mute).toHaveBeenCalledWith('c1', true);
  });

  it('does not take call controls from a page that is not on a CRM origin', async () => {
    const { link } = setupRouter();
    await expect(ask('call/accept', { callId: 'c1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/reject', { callId: 'c1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/hangup', { callId: 'c1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/mute', { callId: 'c1', muted: true }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/hold', { callId: 'c1', held: true }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/dtmf', { callId: 'c1', digits: '1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    expect(link.hold).not.toHaveBeenCalled();
    expect(link.dtmf).not.toHaveBeenCalled();
    expect(link.accept).not.toHaveBeenCalled();
    expect(link.reject).not.toHaveBeenCalled();
    expect(link.hangup).not.toHaveBeenCalled();
    expect(link.mute).not.toHaveBeenCalled();
  });

  it('forwards transfer controls from the popup and a CRM tab, answers the consult id, refuses other sites', async () => {
    const { link } = setupRouter();
    await ask('call/transfer', { callId: 'c1', target: '1002' });
    await expect(ask('call/consult', { callId: 'c1', target: '1002' }, fromCrmTab)).resolves.toEqual({ consultCallId: 'consult-1' });
    await ask('call/transfer-complete', { callId: 'c1', consultCallId: 'consult-1' }, fromCrmTab);
    await ask('call/transfer-cancel', { callId: 'c1' });
    expect(link.transfer).toHaveBeenCalledWith('c1', '1002');
    expect(link.consult).toHaveBeenCalledWith('c1', '1002');
    expect(link.completeTransfer).toHaveBeenCalledWith('c1', 'consult-1');
    expect(link.cancelTransfer).toHaveBeenCalledWith('c1');
    await expect(ask('call/transfer', { callId: 'c1', target: '1002' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/consult', { callId: 'c1', target: '1002' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/transfer', { callId: 'c1', target: 'x'.repeat(257) })).rejects.toMatchObject({ name: 'InvalidPayload' });
    expect(link.transfer).toHaveBeenCalledTimes(1);
    expect(link.consult).toHaveBeenCalledTimes(1);
  });

  it('takes call controls from the caller panel in a CRM tab; the tab that answers gets the panel', async () => {
    const { link, screenPop } = setupRouter();
    await ask('call/accept', { callId: 'c1' }, fromCrmTab);
    await ask('call/hangup', { callId: 'c1' }, fromCrmTab);
    expect(screenPop.takeCall).toHaveBeenCalledWith('c1', 7);
    expect(screenPop.takeCall.mock.invocationCallOrder[0]).toBeLessThan(link.accept.mock.invocationCallOrder[0]!);
    expect(link.hangup).toHaveBeenCalledWith('c1');
  });

  it('answers at once even while the screen-pop queue is stuck (no wait behind views or pops)', async () => {
    const { link, screenPop } = setupRouter();
    screenPop.takeCall.mockImplementation(() => new Promise<void>(() => {}));
    await ask('call/accept', { callId: 'c1' }, fromCrmTab);
    expect(link.accept).toHaveBeenCalledWith('c1');
    expect(screenPop.takeCall).toHaveBeenCalledWith('c1', 7);
  });

  it('answers even when giving the tab the panel fails', async () => {
    const { link, screenPop } = setupRouter();
    screenPop.takeCall.mockRejectedValue(new Error('storage full'));
    await ask('call/accept', { callId: 'c1' }, fromCrmTab);
    expect(link.accept).toHaveBeenCalledWith('c1');
  });

  it('does not move the panel when the call is answered from the popup', async () => {
    const { link, screenPop } = setupRouter();
    await ask('call/accept', { callId: 'c1' }, fromPopup);
    expect(link.accept).toHaveBeenCalledWith('c1');
    expect(screenPop.takeCall).not.toHaveBeenCalled();
  });
});

describe('background router: caller panel requests', () => {
  it("serves the phone page's screen pop: hello, tabs, notifications, the storage mirror", async () => {
    const { deps } = setupRouter();
    await expect(ask('screenpop/hello', undefined, fromPopup)).resolves.toEqual({ popTimes: [1] });
    await expect(ask('screenpop/open-tab', { url: `${CRM}/r/1` }, fromPopup)).resolves.toMatchObject({ id: 9 });
    await ask('screenpop/focus', { tabId: 9 }, fromPopup);
    await expect(ask('screenpop/notify', { id: 'n1', options: { type: 'basic', iconUrl: 'x', title: 't', message: 'm' } }, fromPopup)).resolves.toBe('n1');
    await ask('screenpop/save', { popTimes: [5] }, fromPopup);
    expect(deps.popServices.openTab).toHaveBeenCalledWith(`${CRM}/r/1`);
    expect(deps.popServices.focus).toHaveBeenCalledWith(9, undefined);
    expect(deps.popServices.save).toHaveBeenCalledWith({ popTimes: [5] });
  });

  it('takes none of that from a content script, even in a CRM tab', async () => {
    const { deps } = setupRouter();
    await expect(ask('screenpop/hello', undefined, fromCrmTab)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('screenpop/open-tab', { url: 'https://evil.example.net/' }, fromCrmTab)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('screenpop/save', { popTimes: [] }, fromCrmTab)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    expect(deps.popServices.openTab).not.toHaveBeenCalled();
    expect(deps.popServices.save).not.toHaveBeenCalled();
  });

  it("opens the record into the asking CRM tab, or per the settings when the popup asks", async () => {
    const { screenPop } = setupRouter();
    await ask('panel/open-record', { callId: 'c1' }, fromCrmTab);
    await ask('panel/open-record', { callId: 'c1' }, fromPopup);
    expect(screenPop.openRecord).toHaveBeenNthCalledWith(1, 'c1', 7);
    expect(screenPop.openRecord).toHaveBeenNthCalledWith(2, 'c1', undefined);
    await expect(ask('panel/open-record', { callId: 'c1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    expect(screenPop.openRecord).toHaveBeenCalledTimes(2);
  });

  it('routes dismiss to the screen pop and the phone', async () => {
    const { screenPop, link } = setupRouter();
    await ask('panel/dismiss', { callId: 'c1' }, fromCrmTab);
    expect(screenPop.dismiss).toHaveBeenCalledWith('c1');
    expect(link.dismiss).toHaveBeenCalledWith('c1');
  });

  it('refuses panel requests from pages off the CRM origins', async () => {
    const { screenPop } = setupRouter();
    await expect(ask('panel/dismiss', { callId: 'c1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    expect(screenPop.dismiss).not.toHaveBeenCalled();
  });
});

describe('background router: dialing', () => {
  beforeEach(() => {
    dialSettings = { clickToDial: true, dialCountry: 'US', clickToDialOffOrigins: '' };
  });

  it('dials from the popup with the default country (the phone page normalises), and gives no tab the call', async () => {
    const { link, screenPop } = setupRouter();
    expect(await ask('call/dial', { number: '(415) 555-2671' }, fromPopup)).toEqual({ callId: 'out-1' });
    expect(link.dial).toHaveBeenCalledWith('(415) 555-2671', 'US');
    expect(screenPop.takeCall).not.toHaveBeenCalled();
  });

  it('dials from a CRM tab (click-to-dial): that tab shows the call', async () => {
    const { link, screenPop } = setupRouter();
    dialSettings = { ...dialSettings, dialCountry: 'DE' };
    await ask('call/dial', { number: '+4930901820' }, fromCrmTab);
    expect(link.dial).toHaveBeenCalledWith('+4930901820', 'DE');
    await vi.waitFor(() => expect(screenPop.takeCall).toHaveBeenCalledWith('out-1', 7));
  });

  it('refuses a dial from a page off the CRM origins, from a site where click-to-dial is off, and an oversized one', async () => {
    const { link } = setupRouter();
    await expect(ask('call/dial', { number: '2001' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    dialSettings = { ...dialSettings, clickToDialOffOrigins: CRM };
    await expect(ask('call/dial', { number: '2001' }, fromCrmTab)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    // The popup is the agent: the per-site switch is about CRM pages.
    await ask('call/dial', { number: '2001' }, fromPopup);
    await expect(ask('call/dial', { number: 'x'.repeat(65) }, fromPopup)).rejects.toMatchObject({ name: 'InvalidPayload' });
    expect(link.dial).toHaveBeenCalledTimes(1);
  });

  it("answers click-to-dial's hello with its switch for the tab's origin and the default country, CRM tabs only", async () => {
    setupRouter();
    expect(await ask('dial/hello', undefined, fromCrmTab)).toEqual({ enabled: true, defaultCountry: 'US' });
    dialSettings = { ...dialSettings, clickToDialOffOrigins: `${CRM}\nhttps://other.example`, dialCountry: '' };
    expect(await ask('dial/hello', undefined, fromCrmTab)).toEqual({ enabled: false, defaultCountry: 'US' });
    await expect(ask('dial/hello', undefined, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('dial/hello', undefined, fromPopup)).rejects.toMatchObject({ name: 'ForbiddenSender' });
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
    await link.configure({ phone: null, bridge: null, answerInBrowser: true });
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

describe('background router: history and wrap-up', () => {
  function setupWithHistory() {
    const history = {
      markSeen: vi.fn(async () => {}),
      clear: vi.fn(async () => {}),
      repop: vi.fn(async () => {}),
      retryWebhook: vi.fn(async () => ({ disposition: '', note: '', savedAt: 1 })),
      saveWrapUp: vi.fn(async () => ({ disposition: 'Resolved', note: 'n', savedAt: 1 })),
      find: vi.fn(async () => undefined),
      wrapUpStatus: vi.fn(async () => ({ wrapUp: null, dispositions: ['Resolved'], timerSec: 0 })),
    } satisfies NonNullable<RouterDeps['history']>;
    const stop = startBackgroundRouter({
      link: fakeLink(),
      loadConfig: async () => config,
      watchSettings: () => () => {},
      mirror: async () => {},
      saveAvailability: async () => {},
      screenPop: fakeScreenPop(),
      popServices: { openTab: vi.fn(), navigateTab: vi.fn(), focus: vi.fn(), notify: vi.fn(), clearNotice: vi.fn(), save: vi.fn() },
      screenPopHello: async () => ({}),
      history,
      logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
      loadDialSettings: async () => dialSettings,
    });
    return { history, stop };
  }

  it('takes a wrap-up from the popup and from a CRM tab, by call or entry id', async () => {
    const { history } = setupWithHistory();
    await expect(ask('call/wrap-up', { callId: 'c1', disposition: 'Resolved', note: 'n' }, fromCrmTab)).resolves.toMatchObject({ disposition: 'Resolved' });
    await ask('call/wrap-up', { entryId: 'e1', disposition: '', note: '' }, fromPopup);
    expect(history.saveWrapUp).toHaveBeenNthCalledWith(1, { callId: 'c1' }, 'Resolved', 'n');
    expect(history.saveWrapUp).toHaveBeenNthCalledWith(2, { entryId: 'e1' }, '', '');
    await expect(ask('call/wrap-up-status', { callId: 'c1' }, fromCrmTab)).resolves.toEqual({ wrapUp: null, dispositions: ['Resolved'], timerSec: 0 });
  });

  it('refuses wrap-ups from pages off the CRM origins, and history control from any page', async () => {
    const { history } = setupWithHistory();
    await expect(ask('call/wrap-up', { callId: 'c1', disposition: '', note: '' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('call/wrap-up-status', { callId: 'c1' }, fromOtherSite)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    // The history itself is the popup's: not even a CRM tab may clear it or re-pop from it.
    await expect(ask('history/clear', undefined, fromCrmTab)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    await expect(ask('history/repop', { entryId: 'e1' }, fromCrmTab)).rejects.toMatchObject({ name: 'ForbiddenSender' });
    expect(history.saveWrapUp).not.toHaveBeenCalled();
    expect(history.clear).not.toHaveBeenCalled();
    expect(history.repop).not.toHaveBeenCalled();
  });

  it('bounds the note and refuses a payload with neither id', async () => {
    setupWithHistory();
    await expect(ask('call/wrap-up', { callId: 'c1', disposition: '', note: 'x'.repeat(1_001) }, fromPopup)).rejects.toMatchObject({ name: 'InvalidPayload' });
    await expect(ask('call/wrap-up', { disposition: '', note: '' } as never, fromPopup)).rejects.toMatchObject({ name: 'InvalidPayload' });
  });

  it('forwards seen, clear, re-pop and retry from the popup', async () => {
    const { history } = setupWithHistory();
    await ask('history/seen', undefined, fromPopup);
    await ask('history/clear', undefined, fromPopup);
    await ask('history/repop', { entryId: 'e9' }, fromPopup);
    await ask('history/retry-webhook', { entryId: 'e9' }, fromPopup);
    expect(history.markSeen).toHaveBeenCalledTimes(1);
    expect(history.clear).toHaveBeenCalledTimes(1);
    expect(history.repop).toHaveBeenCalledWith('e9');
    expect(history.retryWebhook).toHaveBeenCalledWith({ entryId: 'e9' });
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { envelope, unwrapReply, type MessageName, type PayloadOf } from '@/lib/messages';
import { startBackgroundRouter, type RouterDeps } from '@/lib/phone-host/background-router';
import type { PickerService } from '@/lib/picker/picker-service';
import { EMPTY_PANEL_VIEW } from '@/lib/screen-pop/panel-view';

const ID = 'test-extension-id';
const fromSettingsPage: Browser.runtime.MessageSender = { id: ID, url: `chrome-extension://${ID}/popup.html` };
const fromCrmTab: Browser.runtime.MessageSender = {
  id: ID,
  url: 'https://crm.example.com/contacts/1',
  frameId: 0,
  tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1 } as Browser.tabs.Tab,
};

async function ask<N extends MessageName>(name: N, payload: PayloadOf<N> | undefined, sender: Browser.runtime.MessageSender) {
  const replies = await fakeBrowser.runtime.onMessage.trigger(envelope(name, payload as never), sender);
  return unwrapReply(name, replies.find((r) => r !== undefined));
}

function setup() {
  const picker = {
    start: vi.fn(async () => ({ origin: 'https://crm.example.com' })),
    stop: vi.fn(async () => undefined),
    picked: vi.fn(async (selector: string) => ({ selector })),
    cancelled: vi.fn(async () => undefined),
    testFill: vi.fn(async () => ({ origin: 'https://crm.example.com', value: '+447700900000' })),
  } satisfies PickerService;
  const deps: RouterDeps = {
    link: { ensure: vi.fn(), configure: vi.fn(), getState: vi.fn(), accept: vi.fn(), reject: vi.fn(), hangup: vi.fn(), mute: vi.fn(), dismiss: vi.fn(), dial: vi.fn(),
      transfer: vi.fn(), consult: vi.fn(), completeTransfer: vi.fn(), cancelTransfer: vi.fn(), hold: vi.fn(), dtmf: vi.fn(), setAvailability: vi.fn() },
    loadConfig: vi.fn(async () => ({ phone: null, bridge: null, answerInBrowser: true })),
    watchSettings: () => () => {},
    mirror: vi.fn(async () => {}),
    saveAvailability: vi.fn(async () => {}),
    screenPop: {
      dismiss: vi.fn(),
      openRecord: vi.fn(),
      takeCall: vi.fn(),
      isCrmUrl: vi.fn(async () => true),
    },
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    loadDialSettings: vi.fn(async () => ({ clickToDial: true, dialCountry: '', clickToDialOffOrigins: '' })),
    picker,
    popServices: { openTab: vi.fn(), navigateTab: vi.fn(), focus: vi.fn(), notify: vi.fn(), clearNotice: vi.fn(), save: vi.fn() },
    screenPopHello: vi.fn(async () => ({})),
  };
  startBackgroundRouter(deps);
  return picker;
}

beforeEach(() => fakeBrowser.reset());

describe('background router: the picker messages', () => {
  it('start, stop and test fill only from the extension’s own pages', async () => {
    const picker = setup();
    await expect(ask('picker/start', undefined, fromSettingsPage)).resolves.toEqual({ origin: 'https://crm.example.com' });
    await expect(ask('picker/test-fill', { selector: '#crm-lookup' }, fromSettingsPage)).resolves.toMatchObject({ value: '+447700900000' });
    await ask('picker/stop', undefined, fromSettingsPage);
    expect(picker.testFill).toHaveBeenCalledWith('#crm-lookup');
    await expect(ask('picker/start', undefined, fromCrmTab)).rejects.toThrow('is not accepted from');
    await expect(ask('picker/test-fill', { selector: '#x' }, fromCrmTab)).rejects.toThrow('is not accepted from');
    expect(picker.start).toHaveBeenCalledTimes(1);
  });

  it('picked and cancelled only from a content script, with its tab, frame and URL for the service to check', async () => {
    const picker = setup();
    await expect(ask('picker/picked', { selector: '#crm-lookup' }, fromCrmTab)).resolves.toEqual({ selector: '#crm-lookup' });
    expect(picker.picked).toHaveBeenCalledWith('#crm-lookup', { tabId: 7, frameId: 0, url: 'https://crm.example.com/contacts/1' });
    await ask('picker/cancelled', undefined, fromCrmTab);
    expect(picker.cancelled).toHaveBeenCalledWith({ tabId: 7, frameId: 0, url: 'https://crm.example.com/contacts/1' });
    // A settings page cannot claim a pick (it could set any selector without the agent's click).
    await expect(ask('picker/picked', { selector: '#x' }, fromSettingsPage)).rejects.toThrow('is not accepted from');
    await expect(ask('picker/picked', { selector: 'x'.repeat(513) }, fromCrmTab)).rejects.toThrow('picker/picked');
    expect(picker.picked).toHaveBeenCalledTimes(1);
  });
});

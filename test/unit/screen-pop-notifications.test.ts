import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { callIdOfNotice, noticeIdFor, noticeOptions } from '@/lib/screen-pop/incoming-call-notice';
import { popMemoryItem } from '@/lib/screen-pop/pop-memory';
import { CRM, active, ended, fakeTabs, ringing, setupScreenPop } from './screen-pop-fakes';

const RECORD_URL = `${CRM}/contacts/ACC-42`;
const NOTICE = noticeIdFor('call-1');

beforeEach(() => {
  fakeBrowser.reset();
});

describe('screen pop: desktop notification when no CRM tab is open', () => {
  it('shows one notification with Answer/Decline and opens no tab by itself', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing({ notification: { ...ringing().notification, campaignRef: 'SPRING' } }));
    await w.phoneSays(ringing({ muted: true, notification: { ...ringing().notification, campaignRef: 'SPRING' } }));
    expect(w.notifications.api.create).toHaveBeenCalledTimes(1);
    expect(w.notifications.shown.get(NOTICE)).toEqual({
      type: 'basic',
      iconUrl: 'chrome-extension://test-extension-id/icon/128.png',
      title: 'Incoming call from 07700900123',
      message: 'Contact ACC-42 · Campaign SPRING',
      buttons: [{ title: 'Answer' }, { title: 'Decline' }],
      requireInteraction: true,
    });
    expect(w.tabs.api.create).not.toHaveBeenCalled();
    expect((await popMemoryItem.getValue())['call-1']).toMatchObject({ popped: false, notificationId: NOTICE });
  });

  it('shows none when a CRM tab is open, or when the pop opened a new tab', async () => {
    const tabs = fakeTabs();
    tabs.open(`${CRM}/home`);
    const withTab = setupScreenPop({ tabs });
    await withTab.phoneSays(ringing());
    expect(withTab.notifications.api.create).not.toHaveBeenCalled();

    fakeBrowser.reset();
    const newTab = setupScreenPop({ settings: { popTarget: 'new-tab' } });
    await newTab.phoneSays(ringing());
    expect(newTab.tabs.api.create).toHaveBeenCalledTimes(1);
    expect(newTab.notifications.api.create).not.toHaveBeenCalled();
  });

  it('Answer accepts the call and pops its record; Decline rejects it with 603', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing());
    w.notifications.press(NOTICE, 0);
    await vi.waitFor(() => expect(w.tabs.api.create).toHaveBeenCalledWith({ url: RECORD_URL, active: true }));
    expect(w.phone.accept).toHaveBeenCalledWith('call-1');

    await w.phoneSays(ringing({ id: 'call-2' }));
    w.notifications.press(noticeIdFor('call-2'), 1);
    await vi.waitFor(() => expect(w.phone.reject).toHaveBeenCalledWith('call-2', 603));
    expect(w.phone.accept).toHaveBeenCalledTimes(1);
  });

  it("Answer with popOn 'off' only accepts", async () => {
    const w = setupScreenPop({ settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    w.notifications.press(NOTICE, 0);
    await vi.waitFor(() => expect(w.phone.accept).toHaveBeenCalledWith('call-1'));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tabs.api.create).not.toHaveBeenCalled();
  });

  it('a click pops the record into a new tab, focuses it and takes the notification away', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing());
    w.notifications.click(NOTICE);
    await vi.waitFor(() => expect(w.tabs.api.create).toHaveBeenCalledWith({ url: RECORD_URL, active: true }));
    await vi.waitFor(() => expect(w.windows.update).toHaveBeenCalledWith(1, { focused: true }));
    expect(w.notifications.api.clear).toHaveBeenCalledWith(NOTICE);
    await vi.waitFor(async () => expect((await popMemoryItem.getValue())['call-1']).toMatchObject({ popped: true }));
    expect((await popMemoryItem.getValue())['call-1']?.notificationId).toBeUndefined();
    // Answering afterwards does not pop a second time.
    await w.phoneSays(active());
    expect(w.tabs.api.create).toHaveBeenCalledTimes(1);
  });

  it('a click reuses a CRM tab opened since the call started ringing', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing());
    const tab = w.tabs.open(`${CRM}/home`);
    w.notifications.click(NOTICE);
    await vi.waitFor(() => expect(w.tabs.api.update).toHaveBeenCalledWith(tab, { url: RECORD_URL, active: true }));
    expect(w.tabs.api.create).not.toHaveBeenCalled();
  });

  it('ignores clicks on notifications that are not ours', async () => {
    const w = setupScreenPop();
    w.notifications.click('someone-else');
    w.notifications.press('someone-else', 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tabs.api.create).not.toHaveBeenCalled();
    expect(w.phone.accept).not.toHaveBeenCalled();
  });

  it('is cleared when the call is answered', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing());
    await w.phoneSays(active());
    expect(w.notifications.shown.size).toBe(0);
    expect((await popMemoryItem.getValue())['call-1']?.notificationId).toBeUndefined();
  });

  it('is cleared when the caller gives up, and when the call vanishes from the phone', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing());
    await w.phoneSays(ended('missed'));
    expect(w.notifications.api.clear).toHaveBeenCalledWith(NOTICE);

    await w.phoneSays(ringing({ id: 'call-2' }));
    await w.phoneSays(); // e.g. the phone was reconfigured: no calls at all
    expect(w.notifications.api.clear).toHaveBeenCalledWith(noticeIdFor('call-2'));
    expect(await popMemoryItem.getValue()).toEqual({});
  });

  it('works after a worker restart: the click is handled by the new instance', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing());
    w.restart();
    expect(w.notifications.listeners()).toBe(2);
    w.notifications.click(NOTICE);
    await vi.waitFor(() => expect(w.tabs.api.create).toHaveBeenCalledTimes(1));
  });

  it('Firefox: refused buttons are dropped and the notification shown again without them', async () => {
    const w = setupScreenPop({ firefox: true });
    await w.phoneSays(ringing());
    expect(w.notifications.api.create).toHaveBeenCalledTimes(2);
    expect(w.notifications.shown.get(NOTICE)).toEqual({
      type: 'basic',
      iconUrl: expect.any(String),
      title: 'Incoming call from 07700900123',
      message: 'Contact ACC-42',
    });
  });

  it('a notification the browser refuses entirely is logged, and the call still works', async () => {
    const w = setupScreenPop();
    w.notifications.api.create.mockRejectedValue(new Error('Unable to download all specified images.'));
    await w.phoneSays(ringing());
    expect(w.logger.error).toHaveBeenCalledWith('could not show the incoming call notification', expect.any(Error));
    expect((await popMemoryItem.getValue())['call-1']?.notificationId).toBeUndefined();
  });
});

describe('notification text and ids', () => {
  it('round-trips the call id and refuses foreign ids', () => {
    expect(callIdOfNotice(noticeIdFor('abc:def'))).toBe('abc:def');
    expect(callIdOfNotice('teleforge-call:')).toBeNull();
    expect(callIdOfNotice('other')).toBeNull();
  });

  it('says when there is no contact reference or number', () => {
    const call = ringing().notification;
    const options = noticeOptions({ ...call, number: '', contactRef: '' }, 'icon.png');
    expect(options.title).toBe('Incoming call from an unknown number');
    expect(options.message).toBe('No contact reference');
  });
});

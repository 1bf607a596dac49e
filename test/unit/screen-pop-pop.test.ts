import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { popMemoryItem } from '@/lib/screen-pop/pop-memory';
import { CRM, active, ended, fakeTabs, ringing, setupScreenPop, stateWith } from './screen-pop-fakes';

const RECORD_URL = `${CRM}/contacts/ACC-42`;

beforeEach(() => {
  fakeBrowser.reset();
});

describe('screen pop: when and where', () => {
  it('pops exactly once with three CRM tabs open, into the one used last, and focuses its window', async () => {
    const tabs = fakeTabs();
    const a = tabs.open(`${CRM}/home`);
    const b = tabs.open(`${CRM}/contacts`, { windowId: 2 });
    tabs.open('https://mail.example.org/'); // not the CRM: never touched
    const c = tabs.open(`${CRM}/reports`, { lastAccessed: 1 });
    const w = setupScreenPop({ tabs });

    await w.phoneSays(ringing());
    await w.phoneSays(ringing({ muted: true }));
    await w.phoneSays(active());
    await w.phoneSays(ended('agent-hung-up'));

    expect(tabs.api.update).toHaveBeenCalledTimes(1);
    expect(tabs.api.update).toHaveBeenCalledWith(b, { url: RECORD_URL, active: true });
    expect(w.windows.update).toHaveBeenCalledWith(2, { focused: true });
    expect(tabs.api.create).not.toHaveBeenCalled();
    const memory = await popMemoryItem.getValue();
    expect(memory['call-1']).toMatchObject({ popped: true, panelTabId: b });
    // The other CRM tabs saw the strip while it rang (before the pop, then after it).
    expect(w.sent.find((s) => s.tabId === a)?.view.calls[0]).toMatchObject({ id: 'call-1', role: 'strip', popped: false });
    expect(w.sent.filter((s) => s.tabId === a)[1]?.view.calls[0]).toMatchObject({ id: 'call-1', role: 'strip', popped: true });
    expect(w.sent.find((s) => s.tabId === c)?.view.calls[0]).toMatchObject({ role: 'strip' });
  });

  it('picks the CRM tab with the highest lastAccessed; on a tie the active tab of the focused window', async () => {
    const tabs = fakeTabs();
    tabs.open(`${CRM}/a`, { lastAccessed: 50, active: true, windowId: 2 });
    const focused = tabs.open(`${CRM}/b`, { lastAccessed: 50, active: true, windowId: 1 });
    tabs.open(`${CRM}/c`, { lastAccessed: 40 });
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    expect(tabs.api.update).toHaveBeenCalledWith(focused, expect.anything());
  });

  it("with popTarget 'new-tab' opens one tab for the record, which gets the panel", async () => {
    const tabs = fakeTabs();
    const other = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs, settings: { popTarget: 'new-tab' } });
    await w.phoneSays(ringing());
    await w.phoneSays(ringing());
    expect(tabs.api.create).toHaveBeenCalledTimes(1);
    expect(tabs.api.create).toHaveBeenCalledWith({ url: RECORD_URL, active: true });
    expect(tabs.api.update).not.toHaveBeenCalled();
    const created = (await tabs.api.create.mock.results[0]!.value) as { id: number };
    expect((await popMemoryItem.getValue())['call-1']?.panelTabId).toBe(created.id);
    expect(w.windows.update).toHaveBeenCalledWith(1, { focused: true });
    expect(w.lastView(other)?.calls[0]).toMatchObject({ role: 'strip' });
    expect(w.lastView(created.id)?.calls[0]).toMatchObject({ role: 'panel' });
  });

  it('uses the search URL with the number when the caller keyed in no contact reference', async () => {
    const tabs = fakeTabs();
    tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs });
    const call = ringing();
    await w.phoneSays({ ...call, notification: { ...call.notification, contactRef: '' } });
    expect(tabs.api.update).toHaveBeenCalledWith(expect.any(Number), { url: `${CRM}/search?q=07700900123`, active: true });
  });

  it("with popOn 'answer' pops when this agent answers, not while it rings", async () => {
    const tabs = fakeTabs();
    const panelTab = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs, settings: { popOn: 'answer' } });
    await w.phoneSays(ringing());
    expect(tabs.api.update).not.toHaveBeenCalled();
    // The panel is shown while it rings, in the CRM tab used last.
    expect(w.lastView(panelTab)?.calls[0]).toMatchObject({ role: 'panel', popped: false });
    expect(w.lastView(panelTab)?.prefill).toBeNull();
    await w.phoneSays(active());
    await w.phoneSays(active({ muted: true }));
    expect(tabs.api.update).toHaveBeenCalledTimes(1);
    expect(tabs.api.update).toHaveBeenCalledWith(panelTab, { url: RECORD_URL, active: true });
  });

  it("with popOn 'answer' does not pop a call that was answered elsewhere", async () => {
    const tabs = fakeTabs();
    tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs, settings: { popOn: 'answer' } });
    await w.phoneSays(ringing());
    await w.phoneSays(ended('answered-elsewhere'));
    expect(tabs.api.update).not.toHaveBeenCalled();
  });

  it("with popOn 'answer' and no CRM tab open, opens one when the agent answers", async () => {
    const w = setupScreenPop({ settings: { popOn: 'answer' } });
    await w.phoneSays(ringing());
    await w.phoneSays(active());
    expect(w.tabs.api.create).toHaveBeenCalledWith({ url: RECORD_URL, active: true });
  });

  it("with popOn 'off' never pops by itself and never prefills, but 'Open record' still works", async () => {
    const tabs = fakeTabs();
    const panelTab = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    await w.phoneSays(active());
    await w.phoneSays(ended('caller-hung-up'));
    expect(tabs.api.update).not.toHaveBeenCalled();
    expect(w.lastView(panelTab)).toMatchObject({ prefill: null, calls: [{ id: 'call-1', state: 'ended', role: 'panel' }] });
    await w.screenPop.openRecord('call-1', panelTab);
    expect(tabs.api.update).toHaveBeenCalledWith(panelTab, { url: RECORD_URL, active: true });
    expect(await w.screenPop.hello(panelTab)).toMatchObject({ prefill: null, calls: [{ popped: true }] });
  });

  it('never pops the same call again after a worker restart (new coordinator, same storage)', async () => {
    const tabs = fakeTabs();
    tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    w.restart();
    await w.phoneSays(ringing());
    await w.phoneSays(active());
    expect(tabs.api.update).toHaveBeenCalledTimes(1);
    // A new call pops again.
    await w.phoneSays(ringing({ id: 'call-2' }));
    expect(tabs.api.update).toHaveBeenCalledTimes(2);
  });

  it('a record URL refused as unsafe pops the search by number instead; the view says so', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs });
    const call = ringing();
    // '..' would make the URL climb out of /contacts/: refused by buildRecordUrl, so the search is used.
    await w.phoneSays({ ...call, notification: { ...call.notification, contactRef: '..' } });
    expect(tabs.api.update).toHaveBeenCalledTimes(1);
    const url = new URL(String(tabs.api.update.mock.calls[0]?.[1]?.url));
    expect(url.origin).toBe(CRM);
    expect(url.searchParams.get('q')).toBe(call.notification.number);
    // The popped page says hello and is told which page it is.
    const shown = (await w.screenPop.hello(tab)).calls[0];
    expect(shown).toMatchObject({ popped: true, record: { ok: true, kind: 'search', fallback: expect.stringContaining('searched by number instead') } });
  });

  it('an invalid record URL with no search to fall back to pops nothing; the error goes into the view and the log', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs, settings: { searchUrlTemplate: '' } });
    const call = ringing();
    await w.phoneSays({ ...call, notification: { ...call.notification, contactRef: '..' } });
    expect(tabs.api.update).not.toHaveBeenCalled();
    expect(tabs.api.create).not.toHaveBeenCalled();
    const shown = w.lastView(tab)?.calls[0];
    expect(shown).toMatchObject({ role: 'panel', popped: false, record: { ok: false, error: expect.stringContaining('..') } });
    expect(w.logger.warn).toHaveBeenCalledWith(expect.stringContaining('no CRM pop for call call-1'));
    await expect(w.screenPop.openRecord('call-1', tab)).rejects.toThrow('..');
  });

  it('serialises: two states handled at once still pop once', async () => {
    const tabs = fakeTabs();
    tabs.open(`${CRM}/a`);
    tabs.open(`${CRM}/b`);
    const w = setupScreenPop({ tabs });
    // Slow navigation, so an unserialised second task would read "not popped" meanwhile.
    const update = tabs.api.update.getMockImplementation()!;
    tabs.api.update.mockImplementation(async (...args) => {
      await new Promise((r) => setTimeout(r, 20));
      return update(...args);
    });
    await Promise.all([w.phoneSays(ringing()), w.phoneSays(ringing()), w.phoneSays(ringing({ muted: true }))]);
    expect(tabs.api.update).toHaveBeenCalledTimes(1);
  });

  it('handles states in the order they arrive, whatever each one waits for', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/a`);
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    w.deps.loadSettings.mockImplementationOnce(() => new Promise((r) => setTimeout(() => r(w.deps.loadSettings()), 20)));
    await Promise.all([w.screenPop.onPhoneState(stateWith(ringing())), w.screenPop.onPhoneState(stateWith(active()))]);
    expect(w.sent.filter((s) => s.tabId === tab).map((s) => s.view.calls[0]?.state)).toEqual(['ringing', 'active']);
  });

  it("'Open record' from the popup pops per the settings; from a CRM tab, into that tab", async () => {
    const tabs = fakeTabs();
    const older = tabs.open(`${CRM}/a`);
    const newer = tabs.open(`${CRM}/b`);
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ended('missed'));
    await w.screenPop.openRecord('call-1');
    expect(tabs.api.update).toHaveBeenLastCalledWith(newer, { url: RECORD_URL, active: true });
    await w.screenPop.openRecord('call-1', older);
    expect(tabs.api.update).toHaveBeenLastCalledWith(older, { url: RECORD_URL, active: true });
    expect((await popMemoryItem.getValue())['call-1']?.panelTabId).toBe(older);
    await expect(w.screenPop.openRecord('gone')).rejects.toThrow('no longer known');
  });

  it('logs a pop that the browser refuses and goes on', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/a`);
    const w = setupScreenPop({ tabs });
    tabs.api.update.mockRejectedValueOnce(new Error('Tabs cannot be edited right now'));
    await w.phoneSays(ringing());
    expect(w.logger.error).toHaveBeenCalledWith('could not pop the CRM for call call-1', expect.any(Error));
    expect(w.lastView(tab)?.calls[0]).toMatchObject({ popped: false, role: 'panel' });
  });
});

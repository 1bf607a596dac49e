import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_PANEL_PLACE } from '@/lib/screen-pop/panel-view';
import { panelViewFor, wantsPanel } from '@/lib/screen-pop/panel-views';
import { panelPlaceItem, popMemoryItem } from '@/lib/screen-pop/pop-memory';
import { CRM, active, ended, fakeTabs, makeSettings, ringing, setupScreenPop } from './screen-pop-fakes';

beforeEach(() => {
  fakeBrowser.reset();
});

function threeTabs() {
  const tabs = fakeTabs();
  const a = tabs.open(`${CRM}/a`);
  const b = tabs.open(`${CRM}/b`);
  const c = tabs.open(`${CRM}/c`); // used last: the pop goes here
  return { tabs, a, b, c };
}

describe('screen pop: panel views', () => {
  it('the tab that popped shows the panel, the others a ringing strip, then nothing once answered', async () => {
    const { tabs, a, b, c } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    // Every tab got a view before the pop; after it, the popped tab is navigating: it gets its
    // view when its new page says hello.
    expect(w.sent.map((s) => s.tabId)).toEqual([a, b, c, a, b]);
    expect(w.lastView(a)).toMatchObject({ calls: [{ id: 'call-1', role: 'strip', state: 'ringing' }], prefill: null });
    const hello = await w.screenPop.hello(c);
    expect(hello.calls).toMatchObject([{ id: 'call-1', role: 'panel', popped: true, record: { ok: true, url: `${CRM}/contacts/ACC-42`, kind: 'record' } }]);

    await w.phoneSays(active());
    expect(w.lastView(a)?.calls).toEqual([]);
    expect(w.lastView(b)?.calls).toEqual([]);
    expect(w.lastView(c)?.calls).toMatchObject([{ id: 'call-1', role: 'panel', state: 'active', answeredAt: 1_700_000_005_000 }]);
  });

  it('a CRM routed by #fragment keeps its page on the pop: its panel view is sent at once', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/app#/home`);
    const w = setupScreenPop({ tabs, settings: { recordUrlTemplate: `${CRM}/app#/contacts/{contact_ref}` } });
    await w.phoneSays(ringing());
    expect(tabs.api.update).toHaveBeenCalledWith(tab, { url: `${CRM}/app#/contacts/ACC-42`, active: true });
    expect(w.lastView(tab)).toMatchObject({ calls: [{ role: 'panel', popped: true }], prefill: { value: 'ACC-42' } });
  });

  it('carries every call field the panel shows, values untouched', async () => {
    const { tabs, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    const call = ringing({ notification: { ...ringing().notification, contactRef: '<img src=x onerror=alert(1)>' } });
    await w.phoneSays(call);
    const shown = w.lastView(c)?.calls[0];
    expect(shown?.notification).toEqual(call.notification);
    expect(shown).toMatchObject({ id: 'call-1', state: 'ringing', ringingAt: call.ringingAt, muted: false, popped: false });
  });

  it('the lookup prefill goes to the panel tab only, with the contact reference, until acknowledged', async () => {
    const { tabs, a, c } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    expect(w.lastView(a)?.prefill).toBeNull();
    expect((await w.screenPop.hello(c)).prefill).toEqual({ callId: 'call-1', selector: '#lookup', value: 'ACC-42', submit: true });
    await w.screenPop.prefilled('call-1', true);
    expect((await w.screenPop.hello(c)).prefill).toBeNull();
    expect((await popMemoryItem.getValue())['call-1']).toMatchObject({ prefillDone: true });
  });

  it('prefills the number when there is no contact reference; a failed prefill is logged and not retried', async () => {
    const { tabs, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { lookupSubmit: false } });
    const call = ringing();
    await w.phoneSays({ ...call, notification: { ...call.notification, contactRef: '' } });
    expect((await w.screenPop.hello(c)).prefill).toEqual({ callId: 'call-1', selector: '#lookup', value: '07700900123', submit: false });
    await w.screenPop.prefilled('call-1', false, 'no element matches #lookup');
    expect(w.logger.warn).toHaveBeenCalledWith(expect.stringContaining('no element matches #lookup'));
    expect((await w.screenPop.hello(c)).prefill).toBeNull();
  });

  it('no prefill without a lookup selector', async () => {
    const { tabs, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { lookupSelector: '' } });
    await w.phoneSays(ringing());
    expect((await w.screenPop.hello(c)).prefill).toBeNull();
  });

  it("with popOn 'answer' the prefill waits for the answer", async () => {
    const { tabs, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'answer' } });
    await w.phoneSays(ringing());
    expect(w.lastView(c)?.prefill).toBeNull();
    await w.phoneSays(active());
    expect((await w.screenPop.hello(c)).prefill).toMatchObject({ callId: 'call-1', value: 'ACC-42' });
  });

  it('keeps the wrap-up view of an ended call until it is dismissed', async () => {
    const { tabs, a, c } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    await w.phoneSays(active());
    await w.phoneSays(ended('agent-hung-up'));
    expect(w.lastView(c)?.calls).toMatchObject([{ id: 'call-1', state: 'ended', endReason: 'agent-hung-up', role: 'panel' }]);
    expect(w.lastView(a)?.calls).toEqual([]);
    await w.screenPop.dismiss('call-1');
    expect(w.lastView(c)?.calls).toEqual([]);
    // Still dismissed after later states.
    await w.phoneSays(ended('agent-hung-up'));
    expect(w.lastView(c)?.calls).toEqual([]);
  });

  it('shows the live call first, then ended calls newest first', async () => {
    const { tabs, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ended('missed', { id: 'old', endedAt: 1 }), ended('missed', { id: 'newer', endedAt: 2 }), ringing({ id: 'live' }));
    expect(w.lastView(c)?.calls.map((x) => x.id)).toEqual(['live', 'newer', 'old']);
  });

  it('a missed call rung while no CRM tab was open waits for the first CRM tab; an answered-elsewhere one does not', async () => {
    const w = setupScreenPop();
    await w.phoneSays(ringing({ id: 'missed' }), ringing({ id: 'elsewhere' }));
    await w.phoneSays(ended('missed', { id: 'missed' }), ended('answered-elsewhere', { id: 'elsewhere' }));
    const tab = w.tabs.open(`${CRM}/home`);
    const view = await w.screenPop.hello(tab);
    expect(view.calls).toMatchObject([{ id: 'missed', role: 'panel', state: 'ended', popped: false }]);
  });

  it("a tab that answers from its strip becomes the call's panel tab", async () => {
    const { tabs, a, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    expect(w.lastView(a)?.calls[0]?.role).toBe('strip');
    await w.screenPop.takeCall('call-1', a);
    await w.phoneSays(active());
    expect(w.lastView(a)?.calls).toMatchObject([{ role: 'panel', state: 'active' }]);
    expect(w.lastView(c)?.calls).toEqual([]);
  });

  it('moves the panel to another CRM tab when its tab is closed', async () => {
    const { tabs, b, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    expect(w.lastView(c)?.calls[0]?.role).toBe('panel');
    tabs.tabs.delete(c);
    await w.phoneSays(active());
    expect(w.lastView(b)?.calls).toMatchObject([{ role: 'panel', state: 'active' }]);
  });

  it('answers a hello from a tab that tabs.query does not list yet (a page still loading)', async () => {
    const w = setupScreenPop({ settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    const view = await w.screenPop.hello(4242);
    expect(view.calls).toMatchObject([{ id: 'call-1', role: 'panel' }]);
  });

  it('skips tabs without a content script quietly', async () => {
    const { tabs, a, b } = threeTabs();
    tabs.noScript.add(a);
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    expect(w.lastView(b)?.calls).toHaveLength(1);
    expect(w.logger.debug).toHaveBeenCalledWith(`tab ${a} took no panel view`, expect.any(Error));
    expect(w.logger.error).not.toHaveBeenCalled();
  });

  it('does not wait forever for a tab that never answers', async () => {
    const { tabs, b } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    w.deps.sendView.mockImplementationOnce(() => new Promise(() => {}));
    const deps = { ...w.deps, sendTimeoutMs: 5 };
    const { createScreenPop } = await import('@/lib/screen-pop/coordinator');
    await createScreenPop(deps).onPhoneState({ registration: { state: 'registered', since: 0 }, calls: [ringing()] });
    expect(w.lastView(b)?.calls).toHaveLength(1);
  });

  it('sends the remembered panel place, and a new place to the other tabs', async () => {
    const { tabs, a, b, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    expect(w.lastView(a)?.place).toEqual(DEFAULT_PANEL_PLACE);
    const place = { dock: 'top-left' as const, dx: 40, dy: 12 };
    const before = w.sent.length;
    await w.screenPop.savePlace(place, c);
    expect(await panelPlaceItem.getValue()).toEqual(place);
    expect(await fakeBrowser.storage.local.get('panelPlace')).toEqual({ panelPlace: place });
    expect(w.sent.slice(before).map((s) => s.tabId).sort()).toEqual([a, b].sort());
    expect(w.lastView(b)?.place).toEqual(place);
  });

  it('keeps its memory in storage.session, pruned to the calls the phone still reports', async () => {
    const { tabs } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing({ id: 'x' }), ringing({ id: 'y' }));
    expect(Object.keys((await fakeBrowser.storage.session.get('screenPop')).screenPop as object).sort()).toEqual(['x', 'y']);
    await w.phoneSays(ringing({ id: 'y' }));
    expect(Object.keys(await popMemoryItem.getValue())).toEqual(['y']);
  });
});

describe('screen pop: the caller shows before the record pop', () => {
  it('sends the ringing views before popping: the panel to the tab the pop will take, without the prefill', async () => {
    const { tabs, a, b, c } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    const early = w.deps.sendView.mock.invocationCallOrder.slice(0, 3);
    expect(Math.max(...early)).toBeLessThan(tabs.api.update.mock.invocationCallOrder[0]!);
    expect(w.sent.slice(0, 3).map((s) => [s.tabId, s.view.calls.map((call) => call.role), s.view.prefill])).toEqual([
      [a, ['strip'], null],
      [b, ['strip'], null],
      [c, ['panel'], null],
    ]);
    expect(tabs.api.update).toHaveBeenCalledTimes(1);
    expect(tabs.api.update).toHaveBeenCalledWith(c, expect.anything());
    // The prefill order goes to the popped tab's new page only: the old page got none to ack.
    expect((await w.screenPop.hello(c)).prefill).toMatchObject({ callId: 'call-1', value: 'ACC-42' });
  });

  it('a CRM routed by #fragment keeps its page: it gets the prefill after the pop', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/#/home`);
    const w = setupScreenPop({ tabs, settings: { recordUrlTemplate: `${CRM}/#/contacts/{contact_ref}` } });
    await w.phoneSays(ringing());
    expect(w.sent.map((s) => [s.tabId, s.view.calls[0]?.role, s.view.prefill?.callId ?? null])).toEqual([
      [tab, 'panel', null],
      [tab, 'panel', 'call-1'],
    ]);
  });

  it("with popTarget 'new-tab' the open tabs show the ringing strip first; the new tab gets the panel", async () => {
    const { tabs, a } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popTarget: 'new-tab' } });
    await w.phoneSays(ringing());
    expect(w.sent[0]?.view.calls).toMatchObject([{ id: 'call-1', role: 'strip' }]);
    expect(w.sent.filter((s) => s.tabId === a).map((s) => s.view.calls[0]?.role)).toEqual(['strip', 'strip']);
    const created = tabs.api.create.mock.results[0]!.value as Promise<{ id: number }>;
    expect((await w.screenPop.hello((await created).id)).calls).toMatchObject([{ role: 'panel' }]);
  });

  it('the pop does not wait for a tab that takes its early view slowly; the later views do', async () => {
    const { tabs, a } = threeTabs();
    const w = setupScreenPop({ tabs });
    let release!: () => void;
    w.deps.sendView.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
    const done = w.phoneSays(ringing());
    await vi.waitFor(() => expect(tabs.api.update).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.sent.filter((s) => s.tabId === a)).toHaveLength(0);
    release();
    await done;
    expect(w.lastView(a)?.calls).toMatchObject([{ role: 'strip', popped: true }]);
  });

  it('the pop waits for the tab it navigates to draw the early view, at most earlyWaitMs', async () => {
    for (const answerAfterMs of [15, null]) {
      fakeBrowser.reset();
      const { tabs, c } = threeTabs();
      const w = setupScreenPop({ tabs });
      w.deps.earlyWaitMs = 40;
      const real = w.deps.sendView.getMockImplementation()!;
      let answered = 0;
      w.deps.sendView.mockImplementation(async (tabId, view) => {
        if (tabId !== c || view.calls[0]?.popped !== false) return real(tabId, view);
        // The panel tab answers after its frame (15 ms), or not before the cap.
        await new Promise((r) => setTimeout(r, answerAfterMs ?? 200));
        answered = performance.now();
        return real(tabId, view);
      });
      const started = performance.now();
      const done = w.phoneSays(ringing());
      await vi.waitFor(() => expect(tabs.api.update).toHaveBeenCalledTimes(1), { interval: 2 });
      const popped = performance.now();
      if (answerAfterMs !== null) expect(popped).toBeGreaterThanOrEqual(answered);
      else expect(popped - started).toBeLessThan(150);
      expect(popped - started).toBeGreaterThanOrEqual((answerAfterMs ?? 40) - 2);
      await done;
    }
  });

  it('only for a call that starts ringing with popOn ring: not on later states, not with answer or off', async () => {
    const { tabs, a, b, c } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    w.sent.length = 0;
    await w.phoneSays(ringing({ muted: true }));
    expect(w.sent.map((s) => s.tabId)).toEqual([a, b, c]);
    for (const popOn of ['answer', 'off'] as const) {
      fakeBrowser.reset();
      const { tabs: t, a: ta, b: tb, c: tc } = threeTabs();
      const v = setupScreenPop({ tabs: t, settings: { popOn } });
      await v.phoneSays(ringing());
      expect(v.sent.map((s) => s.tabId)).toEqual([ta, tb, tc]);
    }
  });
});

describe('panelViewFor (pure)', () => {
  const settings = makeSettings();
  it('shows nothing of an ended call in other tabs, and a strip only while ringing', () => {
    const memory = { 'call-1': { popped: true, panelTabId: 1 } };
    const inputs = (call = ringing()) => ({ calls: [call], memory, settings, place: DEFAULT_PANEL_PLACE });
    expect(panelViewFor(2, inputs()).calls[0]?.role).toBe('strip');
    expect(panelViewFor(2, inputs(active())).calls).toEqual([]);
    expect(panelViewFor(2, inputs(ended('missed'))).calls).toEqual([]);
    expect(panelViewFor(1, inputs(ended('missed'))).calls[0]?.role).toBe('panel');
  });

  it('wantsPanel: live always; ended when not dismissed and it had a panel or was missed', () => {
    expect(wantsPanel(ringing(), { popped: false, dismissed: true })).toBe(true);
    expect(wantsPanel(ended('declined'), { popped: false })).toBe(false);
    expect(wantsPanel(ended('declined'), { popped: false, panelTabId: 3 })).toBe(true);
    expect(wantsPanel(ended('missed'), undefined)).toBe(true);
    expect(wantsPanel(ended('missed'), { popped: false, dismissed: true })).toBe(false);
  });

});

describe('screen pop: hello and the tab choice', () => {
  it('answers a hello before the other CRM tabs have taken their views', async () => {
    const { tabs, a, c } = threeTabs();
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(ringing());
    let release!: () => void;
    w.deps.sendView.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
    const view = await w.screenPop.hello(c);
    expect(view.calls).toMatchObject([{ id: 'call-1', role: 'panel' }]);
    expect(w.deps.sendView).toHaveBeenCalledWith(a, expect.anything());
    // The queue still waits for that tab: the next task runs after it.
    let dismissed = false;
    const next = w.screenPop.dismiss('call-1').then(() => (dismissed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(dismissed).toBe(false);
    release();
    await next;
    expect(dismissed).toBe(true);
  });

  it('does not ask for the focused window when lastAccessed decides', async () => {
    const { tabs } = threeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(ringing());
    expect(w.tabs.api.update).toHaveBeenCalledTimes(1);
    expect(w.windows.getLastFocused).not.toHaveBeenCalled();
  });

  it('breaks a lastAccessed tie with the focused window', async () => {
    const tied = fakeTabs();
    tied.open(`${CRM}/a`, { lastAccessed: 5, active: true, windowId: 2 });
    const focused = tied.open(`${CRM}/b`, { lastAccessed: 5, active: true, windowId: 1 });
    const v = setupScreenPop({ tabs: tied });
    await v.phoneSays(ringing());
    expect(v.windows.getLastFocused).toHaveBeenCalled();
    expect(v.tabs.api.update).toHaveBeenCalledWith(focused, expect.objectContaining({ active: true }));
  });
});

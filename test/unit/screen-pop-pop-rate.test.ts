import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { POP_CAP, POP_CAPPED_NOTE, POP_WINDOW_MS, createPopRate, popTimesItem, popTimesStore } from '@/lib/screen-pop/pop-rate';
import { CRM, ended, fakeTabs, ringing, setupScreenPop } from './screen-pop-fakes';

beforeEach(() => {
  fakeBrowser.reset();
});

/** A clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** As the worker wires it: the storage.session item behind its in-memory copy. */
const rate = (clock: { now: () => number }) => createPopRate({ store: popTimesStore(), now: clock.now });

describe('createPopRate', () => {
  it('allows 10 automatic pops in a rolling minute, then none until the oldest is a minute old', async () => {
    expect([POP_CAP, POP_WINDOW_MS]).toEqual([10, 60_000]);
    const clock = fakeClock();
    const r = rate(clock);
    for (let i = 0; i < 10; i++) {
      expect(await r.allows()).toBe(true);
      await r.note();
      clock.advance(1_000);
    }
    expect(await r.allows()).toBe(false);
    // The first pop was at t=0; at t=60 s it leaves the window, the second (t=1 s) not yet.
    clock.advance(60_000 - 10_000);
    expect(await r.allows()).toBe(true);
    await r.note();
    expect(await r.allows()).toBe(false);
    clock.advance(999);
    expect(await r.allows()).toBe(false);
    clock.advance(1);
    expect(await r.allows()).toBe(true);
  });

  it('counts only what note() records: asking does not use up the cap', async () => {
    const r = rate(fakeClock());
    for (let i = 0; i < 50; i++) expect(await r.allows()).toBe(true);
  });

  it('survives a worker restart: the times are in storage.session, not in the instance', async () => {
    const clock = fakeClock();
    const first = rate(clock);
    for (let i = 0; i < 10; i++) await first.note();
    expect(await rate(clock).allows()).toBe(false);
    expect(await fakeBrowser.storage.session.get('autoPopTimes')).toEqual({ autoPopTimes: Array(10).fill(clock.now()) });
  });

  it('follows a reset of the stored times made elsewhere (an extension page), without reading storage per pop', async () => {
    const clock = fakeClock();
    const r = rate(clock);
    for (let i = 0; i < 10; i++) await r.note();
    expect(await r.allows()).toBe(false);
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    expect(await r.allows()).toBe(false);
    expect(get).not.toHaveBeenCalled();
    await popTimesItem.removeValue();
    await vi.waitFor(async () => expect(await r.allows()).toBe(true));
  });

  it('keeps the stored list bounded and ignores junk or future times in it', async () => {
    const clock = fakeClock();
    await fakeBrowser.storage.session.set({ autoPopTimes: ['x', null, Number.NaN, clock.now() + 3_600_000] });
    const r = rate(clock);
    // The future time counts as now (a clock set back cannot reopen the cap early); junk is dropped.
    for (let i = 0; i < 9; i++) await r.note();
    expect(await r.allows()).toBe(false);
    for (let i = 0; i < 20; i++) await r.note();
    expect(((await fakeBrowser.storage.session.get('autoPopTimes'))['autoPopTimes'] as number[]).length).toBe(10);
  });
});

describe('screen pop with the cap on automatic pops', () => {
  it('a ring-and-cancel storm pops 10 times a minute; the 11th call says why, and Open record still works', async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/home`);
    const clock = fakeClock();
    const w = setupScreenPop({ tabs, popRate: rate(clock) });
    for (let i = 1; i <= 12; i++) {
      const id = `call-${i}`;
      await w.phoneSays(ringing({ id, notification: { ...ringing().notification, contactRef: `ACC-${i}` } }));
      if (i === 11) expect(w.lastView(tab)?.calls[0]).toMatchObject({ id, popped: false, popNote: POP_CAPPED_NOTE });
      await w.phoneSays(ended('missed', { id, notification: { ...ringing().notification, contactRef: `ACC-${i}` } }));
      clock.advance(1_000);
    }
    expect(tabs.api.update).toHaveBeenCalledTimes(10);
    expect(tabs.api.update.mock.calls.map(([, props]) => props.url).at(-1)).toBe(`${CRM}/contacts/ACC-10`);
    expect(w.logger.warn).toHaveBeenCalledWith(expect.stringMatching(/no automatic pop for call call-11: over the cap/));
    // The missed call's wrap-up still says it; the agent's own pop is never capped.
    expect(w.lastView(tab)?.calls[0]).toMatchObject({ id: 'call-12', state: 'ended', popNote: POP_CAPPED_NOTE });
    await w.screenPop.openRecord('call-12', tab);
    expect(tabs.api.update).toHaveBeenLastCalledWith(tab, { url: `${CRM}/contacts/ACC-12`, active: true });
    // The navigated page says hello and gets the call as popped, without the note.
    const after = (await w.screenPop.hello(tab)).calls.find((c) => c.id === 'call-12');
    expect(after).toMatchObject({ popped: true });
    expect(after).not.toHaveProperty('popNote');
    // A minute after the first pops, automatic pops come back.
    clock.advance(POP_WINDOW_MS);
    await w.phoneSays(ringing({ id: 'call-13' }));
    expect(tabs.api.update).toHaveBeenCalledTimes(12);
  });

  it('a pop that does not happen (reuse-tab, no CRM tab open) does not count', async () => {
    const tabs = fakeTabs();
    const clock = fakeClock();
    const w = setupScreenPop({ tabs, popRate: rate(clock) });
    for (let i = 1; i <= 15; i++) {
      await w.phoneSays(ringing({ id: `call-${i}` }));
      await w.phoneSays(ended('missed', { id: `call-${i}` }));
    }
    const tab = tabs.open(`${CRM}/home`);
    await w.phoneSays(ringing({ id: 'call-16' }));
    expect(tabs.api.update).toHaveBeenCalledWith(tab, expect.anything());
  });
});

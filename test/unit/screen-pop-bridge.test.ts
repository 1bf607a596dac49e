import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { popMemoryItem } from '@/lib/screen-pop/pop-memory';
import { wantsPanel } from '@/lib/screen-pop/panel-views';
import { CRM, fakeTabs, ringing, setupScreenPop } from './screen-pop-fakes';

const RECORD_URL = `${CRM}/contacts/ACC-42`;
/** A call the bridge announced: connected on the agent's desk phone. */
const bridgeCall = (overrides = {}) => ringing({ id: 'bridge-1', source: 'bridge', state: 'connected', answeredAt: 1_700_000_002_000, ...overrides });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('screen pop: bridge calls', () => {
  it.each(['ring', 'answer'] as const)("pops the record once on arrival with popOn '%s', and shows the connected panel there", async (popOn) => {
    const tabs = fakeTabs();
    const crm = tabs.open(`${CRM}/home`);
    const other = tabs.open(`${CRM}/reports`, { lastAccessed: 1 });
    const w = setupScreenPop({ tabs, settings: { popOn } });
    await w.phoneSays(bridgeCall());
    await w.phoneSays(bridgeCall());
    expect(tabs.api.update).toHaveBeenCalledTimes(1);
    expect(tabs.api.update).toHaveBeenCalledWith(crm, { url: RECORD_URL, active: true });
    expect((await popMemoryItem.getValue())['bridge-1']).toMatchObject({ popped: true, panelTabId: crm, popMoment: true });
    expect(w.lastView(crm)?.calls).toEqual([expect.objectContaining({ id: 'bridge-1', source: 'bridge', state: 'connected', role: 'panel' })]);
    // Not a ringing strip elsewhere: there is nothing to answer.
    expect(w.lastView(other)?.calls ?? []).toEqual([]);
  });

  it('opens a CRM tab when none is open (the call is connected already)', async () => {
    const tabs = fakeTabs();
    const w = setupScreenPop({ tabs });
    await w.phoneSays(bridgeCall());
    expect(tabs.api.create).toHaveBeenCalledWith({ url: RECORD_URL, active: true });
    expect(w.notifications.api.create).not.toHaveBeenCalled();
  });

  it("does not pop with popOn 'off', but the panel shows in the CRM tab used last", async () => {
    const tabs = fakeTabs();
    const crm = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
    await w.phoneSays(bridgeCall());
    expect(tabs.api.update).not.toHaveBeenCalled();
    expect(tabs.api.create).not.toHaveBeenCalled();
    expect(w.lastView(crm)?.calls[0]).toMatchObject({ id: 'bridge-1', role: 'panel', popped: false });
  });

  it('is gone from the panel once dismissed', async () => {
    const tabs = fakeTabs();
    const crm = tabs.open(`${CRM}/home`);
    const w = setupScreenPop({ tabs });
    await w.phoneSays(bridgeCall());
    await w.screenPop.dismiss('bridge-1');
    expect(w.lastView(crm)?.calls).toEqual([]);
    expect(wantsPanel(bridgeCall(), { popped: true, dismissed: true })).toBe(false);
    expect(wantsPanel(bridgeCall(), { popped: true })).toBe(true);
  });
});

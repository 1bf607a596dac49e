import { describe, expect, it, vi } from 'vitest';
import type { TabInfo } from '@/lib/screen-pop/platform';
import { watchTabs, type TabChange } from '@/lib/screen-pop/tab-watch';
import { CRM, fakeTabs, ringing, setupScreenPop } from './screen-pop-fakes';

function fakeEvent<F extends (...args: never[]) => void>() {
  const listeners = new Set<F>();
  return {
    addListener: (cb: F) => void listeners.add(cb),
    removeListener: (cb: F) => void listeners.delete(cb),
    fire: (...args: Parameters<F>) => listeners.forEach((cb) => cb(...args)),
    get size() {
      return listeners.size;
    },
  };
}

function setup(query: () => Promise<TabInfo[]>) {
  const created = fakeEvent<() => void>();
  const updated = fakeEvent<(tabId: number, change: TabChange) => void>();
  const spy = vi.fn(query);
  const watch = watchTabs({ query: spy, changes: [created], updates: updated });
  return { watch, created, updated, query: spy };
}

describe('tab watch: the open tabs kept from the tabs events', () => {
  it('queries once at start and answers from that until a tab event', async () => {
    let tabs: TabInfo[] = [{ id: 1, url: `${CRM}/`, active: true }];
    const w = setup(async () => tabs.map((t) => ({ ...t })));
    expect(await w.watch.openTabs()).toEqual(tabs);
    expect(await w.watch.openTabs()).toEqual(tabs);
    expect(w.query).toHaveBeenCalledTimes(1);
    tabs = [...tabs, { id: 2, url: `${CRM}/b`, active: false }];
    w.created.fire();
    expect((await w.watch.openTabs()).map((t) => t.id)).toEqual([1, 2]);
    expect(w.query).toHaveBeenCalledTimes(2);
  });

  it('takes a new URL or a page starting to load from tabs.onUpdated, not titles or a load completing', () => {
    const w = setup(async () => []);
    w.updated.fire(1, { status: 'complete' });
    w.updated.fire(1, {});
    expect(w.query).toHaveBeenCalledTimes(1);
    w.updated.fire(1, { status: 'loading' });
    w.updated.fire(1, { url: `${CRM}/x` });
    expect(w.query).toHaveBeenCalledTimes(3);
  });

  it('a reader during a query gets that query; a failed one is asked again', async () => {
    let fail = true;
    const w = setup(async () => {
      if (fail) throw new Error('tabs unavailable');
      return [{ id: 7, active: false }];
    });
    fail = false;
    expect(await w.watch.openTabs()).toEqual([{ id: 7, active: false }]);
    expect(w.query).toHaveBeenCalledTimes(2);
  });

  it('stops listening', () => {
    const w = setup(async () => []);
    w.watch.stop();
    expect(w.created.size + w.updated.size).toBe(0);
  });

  it("gives the screen pop its tabs: a ringing call's views and pop go out without tabs.query", async () => {
    const tabs = fakeTabs();
    const tab = tabs.open(`${CRM}/home`);
    tabs.open('https://mail.example.org/');
    const w = setupScreenPop({ tabs });
    const watch = watchTabs({ query: () => tabs.api.query({}), changes: [], updates: fakeEvent() });
    w.deps.openTabs = () => watch.openTabs();
    await watch.openTabs();
    tabs.api.query.mockClear();
    await w.phoneSays(ringing());
    expect(tabs.api.query).not.toHaveBeenCalled();
    expect(tabs.api.update).toHaveBeenCalledWith(tab, expect.anything());
    expect(w.sent.map((s) => s.tabId)).toEqual([tab]);
  });
});

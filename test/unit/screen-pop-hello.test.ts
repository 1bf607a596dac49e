import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { pendingLimit } from '@/lib/screen-pop/serial-queue';
import { CRM, fakeTabs, ringing, setupScreenPop } from './screen-pop-fakes';

/**
 * A CRM page decides when its panel says hello (it can fire 'visibilitychange' at will): the
 * worker must not queue one task per hello behind which the real work (views, pops) waits.
 */
beforeEach(() => {
  fakeBrowser.reset();
});

/** A screen pop whose queue is held by a view to tab `a` that is not answered until `release`. */
async function heldQueue() {
  const tabs = fakeTabs();
  const a = tabs.open(`${CRM}/a`);
  const c = tabs.open(`${CRM}/c`);
  const w = setupScreenPop({ tabs, settings: { popOn: 'off' } });
  await w.phoneSays(ringing());
  let release!: () => void;
  w.deps.sendView.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
  // This hello's task keeps the queue until tab a takes its view.
  const first = w.screenPop.hello(c);
  await first;
  return { w, a, c, release: () => release() };
}

describe('screen pop: panel hellos', () => {
  it('coalesces hellos for one tab onto the one queued task', async () => {
    const { w, c, release } = await heldQueue();
    const viewsBefore = w.deps.sendView.mock.calls.length;
    const burst = Array.from({ length: 1000 }, () => w.screenPop.hello(c));
    expect(new Set(burst).size).toBe(1);
    release();
    const views = await Promise.all(burst);
    expect(views[0]!.calls).toMatchObject([{ id: 'call-1', role: 'panel' }]);
    // One task ran for the thousand: it sent the one other tab its view once.
    expect(w.deps.sendView.mock.calls.length - viewsBefore).toBe(1);
    expect(w.logger.debug.mock.calls.filter(([line]) => String(line).startsWith('panel/hello from tab')).length).toBe(1001);
  });

  it('queues a new hello once the waiting one has started', async () => {
    const { w, c, release } = await heldQueue();
    const waiting = w.screenPop.hello(c);
    release();
    await waiting;
    const next = w.screenPop.hello(c);
    expect(next).not.toBe(waiting);
    await expect(next).resolves.toMatchObject({ calls: [{ id: 'call-1' }] });
  });

  it('caps the hellos waiting from all tabs and refuses the rest as Busy', async () => {
    const { w, release } = await heldQueue();
    const results = Array.from({ length: 40 }, (_, i) => w.screenPop.hello(1000 + i).then(
      () => 'ok',
      (e: Error) => e.name,
    ));
    release();
    const settled = await Promise.all(results);
    // 32 places: the held hello's task (still running) takes one.
    expect(settled.filter((r) => r === 'ok')).toHaveLength(31);
    expect(settled.filter((r) => r === 'Busy')).toHaveLength(9);
    // The places are given back: hellos are taken again.
    await expect(w.screenPop.hello(2000)).resolves.toBeDefined();
  });
});

describe('pendingLimit', () => {
  it('gives out max places and takes them back', () => {
    const limit = pendingLimit(2);
    expect([limit.enter(), limit.enter(), limit.enter()]).toEqual([true, true, false]);
    limit.leave();
    expect(limit.enter()).toBe(true);
    expect(limit.pending).toBe(2);
  });
});

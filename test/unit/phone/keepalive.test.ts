import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Keepalive } from '../../../lib/phone/keepalive';
import { systemClock } from '../../../lib/phone/types';

describe('Keepalive', () => {
  beforeEach(() => { vi.useFakeTimers({ now: 0 }); });
  afterEach(() => { vi.useRealTimers(); });

  function setup(answer: boolean) {
    let lastActivity = 0;
    const ping = vi.fn(() => {
      // the server answers 50 ms after each probe, or never
      if (answer) setTimeout(() => { lastActivity = Date.now(); }, 50);
    });
    const onDead = vi.fn();
    const keepalive = new Keepalive({ intervalMs: 2_000, timeoutMs: 500, clock: systemClock, ping, lastActivity: () => lastActivity, onDead });
    return { keepalive, ping, onDead, silence: () => { answer = false; } };
  }

  it('probes every interval while the server answers', () => {
    const { keepalive, ping, onDead } = setup(true);
    keepalive.start();
    vi.advanceTimersByTime(1_999);
    expect(ping).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(ping).toHaveBeenCalledTimes(6);
    expect(onDead).not.toHaveBeenCalled();
  });

  it('declares the connection dead when nothing arrives within the timeout, and stops probing', () => {
    const { keepalive, ping, onDead, silence } = setup(true);
    keepalive.start();
    vi.advanceTimersByTime(4_100);
    silence();
    vi.advanceTimersByTime(2_000 + 500);
    expect(onDead).toHaveBeenCalledTimes(1);
    // detection within interval + timeout of the server going quiet
    expect(Date.now()).toBeLessThanOrEqual(4_100 + 2_000 + 500);
    const probes = ping.mock.calls.length;
    vi.advanceTimersByTime(20_000);
    expect(ping).toHaveBeenCalledTimes(probes);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('stop() cancels the probe and its deadline', () => {
    const { keepalive, onDead, silence } = setup(false);
    silence();
    keepalive.start();
    vi.advanceTimersByTime(2_100);
    keepalive.stop();
    vi.advanceTimersByTime(10_000);
    expect(onDead).not.toHaveBeenCalled();
  });

  it('checkNow() probes at once when running, and not at all when stopped', () => {
    const { keepalive, ping } = setup(true);
    keepalive.checkNow();
    expect(ping).not.toHaveBeenCalled();
    keepalive.start();
    keepalive.checkNow();
    expect(ping).toHaveBeenCalledTimes(1);
  });
});

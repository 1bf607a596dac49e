import { describe, expect, it, vi } from 'vitest';
import { qualityFrom, sampleFromStats, THRESHOLDS } from '@/lib/phone/call-quality';
import { QualityMonitor } from '@/lib/phone-host/quality-monitor';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import { callSnapshotSchema } from '@/lib/phone-host/phone-state';
import { makeCall } from './phone-host-fixtures';

/** A stats report as Chrome gives it (the entries we read, plus noise we ignore). */
function report({ received = 1000, lost = 0, jitter = 0.004, pairRtt = 0.02 as number | null, remoteRtt = null as number | null } = {}) {
  return [
    { type: 'inbound-rtp', kind: 'audio', packetsReceived: received, packetsLost: lost, jitter },
    { type: 'inbound-rtp', kind: 'video', packetsReceived: 5, packetsLost: 5, jitter: 1 },
    { type: 'outbound-rtp', kind: 'audio', packetsSent: 990 },
    ...(remoteRtt !== null ? [{ type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: remoteRtt }] : []),
    ...(pairRtt !== null ? [{ type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: pairRtt }] : []),
    { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
  ];
}

describe('stats -> quality', () => {
  it('reads the audio inbound counters, jitter and the nominated pair RTT', () => {
    expect(sampleFromStats(report())).toEqual({ packetsReceived: 1000, packetsLost: 0, jitterSec: 0.004, rttSec: 0.02 });
  });

  it('falls back to the RTCP round trip, and has none before either is known', () => {
    expect(sampleFromStats(report({ pairRtt: null, remoteRtt: 0.15 }))?.rttSec).toBe(0.15);
    expect(sampleFromStats(report({ pairRtt: null }))?.rttSec).toBeUndefined();
  });

  it('no audio inbound stream yet: no sample', () => {
    expect(sampleFromStats([{ type: 'outbound-rtp', kind: 'audio' }])).toBeUndefined();
  });

  it('a clean call is good, with no warning', () => {
    const q = qualityFrom(undefined, sampleFromStats(report())!, 5);
    expect(q).toEqual({ lossPct: 0, jitterMs: 4, rttMs: 20, level: 'good', at: 5 });
  });

  it('loss is over the interval since the previous sample, not the whole call', () => {
    const first = sampleFromStats(report({ received: 1000, lost: 100 }))!;
    expect(qualityFrom(undefined, first, 0).lossPct).toBe(9.1); // 100 of 1100
    const next = sampleFromStats(report({ received: 1100, lost: 100 }))!;
    expect(qualityFrom(first, next, 2000)).toMatchObject({ lossPct: 0, level: 'good' });
    const bad = sampleFromStats(report({ received: 1195, lost: 105 }))!; // 5 of 100 lost
    expect(qualityFrom(next, bad, 4000)).toMatchObject({ lossPct: 5, level: 'poor' });
  });

  it('the documented thresholds decide fair and poor, with a plain warning naming the cause', () => {
    const at = (over: Parameters<typeof report>[0]) => qualityFrom(undefined, sampleFromStats(report(over))!, 0);
    expect(at({ jitter: THRESHOLDS.fair.jitterMs / 1000 })).toMatchObject({ level: 'fair', warning: expect.stringContaining('unevenly') });
    expect(at({ jitter: THRESHOLDS.poor.jitterMs / 1000 })).toMatchObject({ level: 'poor', warning: expect.stringMatching(/^Poor connection/) });
    expect(at({ pairRtt: THRESHOLDS.fair.rttMs / 1000 })).toMatchObject({ level: 'fair', warning: expect.stringContaining('delay (300 ms') });
    expect(at({ pairRtt: 0.399 }).level).toBe('fair');
    expect(at({ pairRtt: 0.4 }).level).toBe('poor');
    expect(at({ received: 98, lost: 2 })).toMatchObject({ lossPct: 2, level: 'fair', warning: expect.stringContaining('2% of the audio is lost') });
    expect(at({ received: 981, lost: 19 }).level).toBe('good'); // 1.9 %
  });

  it('counters going backwards (a renegotiated stream) never give negative loss', () => {
    const a = sampleFromStats(report({ received: 1000, lost: 50 }))!;
    const b = sampleFromStats(report({ received: 10, lost: 0 }))!;
    expect(qualityFrom(a, b, 0).lossPct).toBe(0);
  });
});

describe('QualityMonitor', () => {
  function setup(stats: () => ReturnType<typeof report> | undefined) {
    let now = 0;
    const timers: { fn: () => void; at: number }[] = [];
    const clock = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => (timers.push({ fn, at: now + ms }), timers.length),
      clearTimeout: vi.fn(),
    };
    const onChange = vi.fn();
    const monitor = new QualityMonitor({ getStats: async () => stats(), clock, onChange });
    const advance = async (ms: number) => {
      now += ms;
      await monitor.sample();
    };
    return { monitor, onChange, advance, timers };
  }

  it('reports the first sample, then a change of level at once, and the same level only every 10 s', async () => {
    let current = report();
    const t = setup(() => current);
    t.monitor.track(['a']);
    expect(t.timers).toHaveLength(1); // sampling only while a call is active
    await t.advance(2000);
    expect(t.onChange).toHaveBeenCalledTimes(1);
    expect(t.monitor.get('a')?.level).toBe('good');
    current = report({ received: 1000, jitter: 0.005 });
    await t.advance(2000);
    expect(t.onChange).toHaveBeenCalledTimes(1); // same level, too soon
    current = report({ received: 1000, jitter: 0.06 });
    await t.advance(2000);
    expect(t.onChange).toHaveBeenCalledTimes(2);
    expect(t.monitor.get('a')?.level).toBe('poor');
    await t.advance(10_000);
    expect(t.onChange).toHaveBeenCalledTimes(3);
  });

  it('forgets calls no longer active and stops sampling with none left', async () => {
    const t = setup(() => report());
    t.monitor.track(['a']);
    await t.advance(2000);
    t.monitor.track([]);
    expect(t.monitor.get('a')).toBeUndefined();
  });

  it('a call without media yet has no quality', async () => {
    const t = setup(() => undefined);
    t.monitor.track(['a']);
    await t.advance(2000);
    expect(t.monitor.get('a')).toBeUndefined();
    expect(t.onChange).not.toHaveBeenCalled();
  });
});

describe('quality crosses the boundaries', () => {
  it('a snapshot with quality is valid; a loss over 100 % is not', () => {
    const quality = { lossPct: 1, jitterMs: 3, rttMs: 20, level: 'good' as const, at: 1 };
    expect(callSnapshotSchema.safeParse(makeCall({ state: 'active', quality })).success).toBe(true);
    expect(callSnapshotSchema.safeParse(makeCall({ state: 'active', quality: { ...quality, lossPct: 120 } })).success).toBe(false);
  });

  it('the panel view check accepts the quality and refuses a strange level', () => {
    const call = {
      id: 'c', source: 'sip', state: 'active', notification: makeCall().notification, ringingAt: 1, muted: false,
      record: { ok: true, url: 'https://crm.example.com/1', kind: 'record' }, popped: true, role: 'panel',
    };
    const view = (quality: unknown) => ({ calls: [{ ...call, quality }], prefill: null, place: { dock: 'bottom-right', dx: 0, dy: 0 } });
    const ok = parsePanelView(view({ level: 'poor', lossPct: 7, jitterMs: 60, warning: 'Poor connection' }));
    expect(ok.ok && ok.view.calls[0]?.quality?.level).toBe('poor');
    const bad = parsePanelView(view({ level: 'awful', lossPct: 7, jitterMs: 60 }));
    expect(bad.ok && bad.view.calls).toEqual([]);
  });
});

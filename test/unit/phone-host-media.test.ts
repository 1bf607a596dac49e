import { describe, expect, it, vi } from 'vitest';
import { RemoteAudio, type AudioDocument } from '@/lib/phone-host/remote-audio';
import { Ringtone, type ToneContext } from '@/lib/phone-host/ringtone';

/** Records what the ringtone does to the audio graph. */
function fakeToneContext() {
  const oscillators: { frequency: number; started: boolean; stopped: boolean; connected: boolean }[] = [];
  const gainEvents: [value: number, at: number][] = [];
  const gain = {
    gain: {
      value: 1,
      setValueAtTime: (v: number, t: number) => void gainEvents.push([v, t]),
      cancelScheduledValues: vi.fn(),
    },
    connect: vi.fn(),
    disconnect: vi.fn(),
  };
  const ctx = {
    currentTime: 10,
    destination: {} as AudioDestinationNode,
    state: 'suspended' as AudioContextState,
    resume: vi.fn(async () => {}),
    suspend: vi.fn(async () => {}),
    createGain: () => gain as unknown as GainNode,
    createOscillator: () => {
      const osc = { frequency: 0, started: false, stopped: false, connected: false };
      oscillators.push(osc);
      return {
        frequency: { set value(hz: number) { osc.frequency = hz; } },
        connect: () => { osc.connected = true; },
        disconnect: () => { osc.connected = false; },
        start: () => { osc.started = true; },
        stop: () => { osc.stopped = true; },
      } as unknown as OscillatorNode;
    },
  } satisfies ToneContext;
  return { ctx, gain, gainEvents, oscillators };
}

function setupRingtone() {
  const fake = fakeToneContext();
  const createContext = vi.fn(() => fake.ctx);
  const timers = { set: vi.fn((_fn: () => void, _ms: number) => 'timer'), clear: vi.fn() };
  const ringtone = new Ringtone({ createContext, setInterval: timers.set, clearInterval: timers.clear });
  return { ...fake, createContext, timers, ringtone };
}

describe('Ringtone', () => {
  it('plays the 400 + 450 Hz double ring, scheduled from the current audio time', () => {
    const { ringtone, oscillators, gainEvents, ctx, timers } = setupRingtone();
    ringtone.start();
    expect(ringtone.ringing).toBe(true);
    expect(ctx.resume).toHaveBeenCalled();
    expect(oscillators.map((o) => [o.frequency, o.started, o.connected])).toEqual([
      [400, true, true],
      [450, true, true],
    ]);
    // Cadence: on at 10, off 10.4, on 10.6, off 11.0, next cycle at 13.
    expect(gainEvents.slice(0, 5).map(([v, t]) => [v, Number(t.toFixed(3))])).toEqual([
      [0.15, 10],
      [0, 10.4],
      [0.15, 10.6],
      [0, 11],
      [0.15, 13],
    ]);
    expect(timers.set).toHaveBeenCalledWith(expect.any(Function), 3000);
  });

  it('goes silent at once on stop and lets go of the nodes', () => {
    const { ringtone, oscillators, gain, timers } = setupRingtone();
    ringtone.start();
    ringtone.stop();
    expect(ringtone.ringing).toBe(false);
    expect(gain.gain.cancelScheduledValues).toHaveBeenCalled();
    expect(gain.gain.value).toBe(0);
    expect(oscillators.every((o) => o.stopped && !o.connected)).toBe(true);
    expect(timers.clear).toHaveBeenCalledWith('timer');
  });

  it('warm() makes the context ahead of the first ring, suspended; start() resumes it', () => {
    const { ringtone, ctx, createContext, oscillators } = setupRingtone();
    ringtone.warm();
    ringtone.warm();
    expect(createContext).toHaveBeenCalledTimes(1);
    expect(ctx.suspend).toHaveBeenCalledTimes(1);
    expect(oscillators).toHaveLength(0);
    ringtone.start();
    expect(createContext).toHaveBeenCalledTimes(1);
    expect(ctx.resume).toHaveBeenCalledTimes(1);
    expect(oscillators).toHaveLength(2);
  });

  it('suspends the context between rings and resumes it even while a suspend is pending', () => {
    const { ringtone, ctx } = setupRingtone();
    ctx.state = 'running';
    ringtone.start();
    ringtone.stop();
    expect(ctx.suspend).toHaveBeenCalledTimes(1);
    // The suspend has not completed: the state still says 'running'.
    ringtone.start();
    expect(ctx.resume).toHaveBeenCalledTimes(2);
    expect(ctx.suspend.mock.invocationCallOrder[0]).toBeLessThan(ctx.resume.mock.invocationCallOrder[1]!);
  });

  it('ignores a repeated start or stop and reuses one audio context', () => {
    const { ringtone, oscillators, createContext, timers } = setupRingtone();
    ringtone.stop();
    ringtone.start();
    ringtone.start();
    expect(oscillators).toHaveLength(2);
    ringtone.stop();
    ringtone.stop();
    expect(timers.clear).toHaveBeenCalledTimes(1);
    ringtone.start();
    expect(createContext).toHaveBeenCalledTimes(1);
    expect(oscillators).toHaveLength(4);
  });
});

function fakeAudioDocument() {
  const appended: HTMLAudioElement[] = [];
  const doc: AudioDocument = {
    createElement: () =>
      ({
        autoplay: false,
        dataset: {},
        srcObject: null,
        pause: vi.fn(),
        remove() {
          appended.splice(appended.indexOf(this as unknown as HTMLAudioElement), 1);
        },
      }) as unknown as HTMLAudioElement,
    body: { append: (...nodes: (string | Node)[]) => void appended.push(...(nodes as HTMLAudioElement[])) },
  };
  return { doc, appended };
}

describe('RemoteAudio', () => {
  const stream = { id: 's1' } as MediaStream;

  it('plays a call through an autoplaying <audio> element and removes it on detach', () => {
    const { doc, appended } = fakeAudioDocument();
    const audio = new RemoteAudio(doc);
    audio.attach('c1', stream);
    audio.attach('c1', stream);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ autoplay: true, srcObject: stream, dataset: { callId: 'c1' } });
    audio.detach('c1');
    expect(appended).toHaveLength(0);
    expect(audio.playing).toEqual([]);
  });

  it('does nothing without a stream, and detaches all calls at once', () => {
    const { doc, appended } = fakeAudioDocument();
    const audio = new RemoteAudio(doc);
    audio.attach('c0', undefined);
    audio.attach('c1', stream);
    audio.attach('c2', { id: 's2' } as MediaStream);
    expect(audio.playing).toEqual(['c1', 'c2']);
    audio.detachAll();
    expect(appended).toHaveLength(0);
  });
});

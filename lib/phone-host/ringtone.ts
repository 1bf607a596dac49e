/**
 * A generated ring tone (no audio file to ship): the UK double ring, 400 Hz + 450 Hz,
 * 0.4 s on, 0.2 s off, 0.4 s on, 2 s off. Call waiting ('waiting': a call ringing while the
 * agent talks on another) is softer and plainly different: one 440 Hz tone, two short beeps
 * every 4 s at a third of the level, so the caller on the line is still heard over it.
 *
 *   stopped ──start()──▶ ringing ──stop()──▶ stopped
 *      ▲                   │ (repeats each 3 s cadence until stopped)
 *      └──────stop()───────┘  start()/stop() in the same state are no-ops
 *
 * The oscillators run only while ringing; stop() silences the gain at once rather than
 * waiting for the scheduled cadence, so the tone ends the moment the call leaves 'ringing'.
 */

/** The part of AudioContext we use, so tests can pass a fake. */
export type ToneContext = Pick<
  AudioContext,
  'currentTime' | 'destination' | 'state' | 'resume' | 'suspend' | 'createOscillator' | 'createGain'
>;

export type RingKind = 'ring' | 'waiting';

interface RingPattern {
  frequenciesHz: readonly number[];
  cadence: readonly [onSec: number, offSec: number][];
  level: number;
}

export const RING_PATTERNS: Record<RingKind, RingPattern> = {
  // Each tone is half the full scale: two of them must not clip.
  ring: { frequenciesHz: [400, 450], cadence: [[0.4, 0.2], [0.4, 2.0]], level: 0.15 },
  waiting: { frequenciesHz: [440], cadence: [[0.15, 0.15], [0.15, 3.55]], level: 0.05 },
};

const cycleSec = (pattern: RingPattern) => pattern.cadence.reduce((sum, [on, off]) => sum + on + off, 0);

export interface RingtoneDeps {
  createContext: () => ToneContext;
  /**
   * Where the tone goes, asked at each start: a node feeding an <audio> element on the chosen
   * ringtone device (setSinkId), or undefined for the context's own output (the default device).
   */
  output?: (ctx: ToneContext) => AudioNode | undefined;
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

export class Ringtone {
  private context: ToneContext | undefined;
  private nodes: { oscillators: OscillatorNode[]; gain: GainNode; timer: unknown; kind: RingKind } | undefined;

  constructor(private readonly deps: RingtoneDeps) {}

  get ringing(): boolean {
    return this.nodes !== undefined;
  }

  /** Which tone is playing, if any. */
  get kind(): RingKind | undefined {
    return this.nodes?.kind;
  }

  /**
   * Makes the audio context ahead of the first ring, suspended (no audio thread running while
   * idle). Creating it costs ~25 ms on a slow machine: paid at start-up, not when a call rings.
   */
  warm(): void {
    if (this.context !== undefined) return;
    void this.makeContext().suspend().catch(() => undefined);
  }

  /** Another kind while ringing switches to it (a waiting call whose other call ended rings fully). */
  start(kind: RingKind = 'ring'): void {
    if (this.nodes?.kind === kind) return;
    if (this.nodes) this.stop();
    const pattern = RING_PATTERNS[kind];
    const ctx = this.makeContext();
    // Always: a suspend() from the last stop() may still be pending (its state still 'running');
    // the context applies suspend and resume in the order they were asked for.
    void ctx.resume().catch(() => undefined);
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(this.deps.output?.(ctx) ?? ctx.destination);
    const oscillators = pattern.frequenciesHz.map((hz) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    // Schedule one cadence ahead each cycle; the timer only keeps the schedule topped up.
    let nextCycleAt = ctx.currentTime;
    const scheduleCycle = (): void => {
      let t = Math.max(nextCycleAt, ctx.currentTime);
      for (const [on, off] of pattern.cadence) {
        gain.gain.setValueAtTime(pattern.level, t);
        gain.gain.setValueAtTime(0, t + on);
        t += on + off;
      }
      nextCycleAt = t;
    };
    scheduleCycle();
    scheduleCycle();
    const timer = this.deps.setInterval(scheduleCycle, cycleSec(pattern) * 1000);
    this.nodes = { oscillators, gain, timer, kind };
  }

  stop(): void {
    const nodes = this.nodes;
    if (!nodes) return;
    this.nodes = undefined;
    this.deps.clearInterval(nodes.timer);
    nodes.gain.gain.cancelScheduledValues(0);
    nodes.gain.gain.value = 0;
    for (const osc of nodes.oscillators) {
      osc.stop();
      osc.disconnect();
    }
    nodes.gain.disconnect();
    // The context stays for the next ring, without its audio thread running meanwhile.
    void this.context?.suspend().catch(() => undefined);
  }

  private makeContext(): ToneContext {
    // One context for the page's lifetime: browsers cap how many may exist.
    return (this.context ??= this.deps.createContext());
  }
}

export function browserRingtone(output?: RingtoneDeps['output']): Ringtone {
  return new Ringtone({
    ...(output && { output }),
    createContext: () => new AudioContext(),
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
  });
}

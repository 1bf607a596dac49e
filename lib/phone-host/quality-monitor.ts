import { qualityFrom, sampleFromStats, type CallQuality, type StatsSample } from '@/lib/phone/call-quality';
import type { Clock } from '@/lib/phone';

export interface QualityMonitorDeps {
  /** The call's stats report entries (RTCStatsReport values); undefined while it has no media. */
  getStats: (callId: string) => Promise<Iterable<Record<string, unknown>> | undefined>;
  clock: Clock;
  /** A call's quality changed enough to show (see `shouldReport`). */
  onChange: (callId: string) => void;
  intervalMs?: number;
  /** Same level: new figures at most this often, so a call does not send a state every 2 s. */
  refreshMs?: number;
}

interface Tracked {
  prev?: StatsSample;
  quality?: CallQuality;
  reportedAt?: number;
}

/**
 * Samples each active call's WebRTC stats every ~2 s (call-quality.ts) and keeps the latest
 * quality per call. A change of level is reported at once; otherwise new figures every 10 s.
 * Runs only while a call is active: no timer at all between calls.
 */
export class QualityMonitor {
  private readonly calls = new Map<string, Tracked>();
  private timer: unknown;

  constructor(private readonly deps: QualityMonitorDeps) {}

  /** The calls to watch now (the active ones); others are forgotten. */
  track(callIds: readonly string[]): void {
    for (const id of [...this.calls.keys()]) if (!callIds.includes(id)) this.calls.delete(id);
    for (const id of callIds) if (!this.calls.has(id)) this.calls.set(id, {});
    if (this.calls.size === 0) this.stop();
    else if (this.timer === undefined) this.schedule();
  }

  get(callId: string): CallQuality | undefined {
    return this.calls.get(callId)?.quality;
  }

  stop(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One round of samples (the timer's work; public for tests). */
  async sample(): Promise<void> {
    await Promise.all([...this.calls.keys()].map((id) => this.sampleOne(id)));
  }

  private schedule(): void {
    this.timer = this.deps.clock.setTimeout(() => {
      void this.sample().finally(() => {
        this.timer = undefined;
        if (this.calls.size > 0) this.schedule();
      });
    }, this.deps.intervalMs ?? 2_000);
  }

  private async sampleOne(id: string): Promise<void> {
    let report: Iterable<Record<string, unknown>> | undefined;
    try {
      report = await this.deps.getStats(id);
    } catch {
      return; // the call ended meanwhile
    }
    const tracked = this.calls.get(id);
    const sample = report && sampleFromStats(report);
    if (!tracked || !sample) return;
    const now = this.deps.clock.now();
    const quality = qualityFrom(tracked.prev, sample, now);
    tracked.prev = sample;
    const before = tracked.quality;
    tracked.quality = quality;
    const refresh = this.deps.refreshMs ?? 10_000;
    if (before === undefined || before.level !== quality.level || now - (tracked.reportedAt ?? 0) >= refresh) {
      tracked.reportedAt = now;
      this.deps.onChange(id);
    }
  }
}

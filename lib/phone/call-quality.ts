/**
 * Call quality from WebRTC statistics (RTCPeerConnection.getStats, sampled every ~2 s while a call
 * is active, lib/phone-host/quality-monitor.ts), reduced to three numbers an agent can be told
 * about and one level:
 *
 * - packet loss %: audio packets lost of those expected since the previous sample (inbound-rtp
 *   packetsLost / packetsReceived deltas), so an old burst does not colour the whole call;
 * - jitter ms: inbound-rtp jitter (RFC 3550 interarrival jitter, reported in seconds);
 * - RTT ms: the nominated candidate pair's currentRoundTripTime, else remote-inbound-rtp's
 *   roundTripTime (from RTCP receiver reports); absent before either is known.
 *
 * Levels (thresholds from the usual VoIP guidance: G.114 puts one-way delay above 150 ms as
 * noticeable, i.e. ~300 ms round trip; Opus conceals ~2 % loss well, 5 % is audible):
 *
 *   poor   loss >= 5 %   or jitter >= 50 ms  or RTT >= 400 ms
 *   fair   loss >= 2 %   or jitter >= 30 ms  or RTT >= 300 ms
 *   good   otherwise
 */
export type QualityLevel = 'good' | 'fair' | 'poor';

export interface CallQuality {
  lossPct: number;
  jitterMs: number;
  rttMs?: number;
  level: QualityLevel;
  /** Plain words for a fair or poor call (what is wrong); absent when good. */
  warning?: string;
  /** Epoch ms of the sample. */
  at: number;
}

/** The counters one sample keeps, to compute the next sample's loss over the interval. */
export interface StatsSample {
  packetsReceived: number;
  packetsLost: number;
  jitterSec?: number;
  rttSec?: number;
}

export const THRESHOLDS = {
  poor: { lossPct: 5, jitterMs: 50, rttMs: 400 },
  fair: { lossPct: 2, jitterMs: 30, rttMs: 300 },
} as const;

type StatsEntry = Record<string, unknown> & { type?: unknown; kind?: unknown };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Picks the audio counters out of a stats report (anything iterable of its values). */
export function sampleFromStats(report: Iterable<StatsEntry>): StatsSample | undefined {
  let inbound: StatsEntry | undefined;
  let remoteRtt: number | undefined;
  let pairRtt: number | undefined;
  for (const s of report) {
    if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s['mediaType'] === 'audio')) inbound = s;
    else if (s.type === 'remote-inbound-rtp' && (s.kind === 'audio' || s['mediaType'] === 'audio')) remoteRtt = num(s['roundTripTime']) ?? remoteRtt;
    else if (s.type === 'candidate-pair' && s['nominated'] === true && s['state'] === 'succeeded') pairRtt = num(s['currentRoundTripTime']) ?? pairRtt;
  }
  if (!inbound) return undefined;
  const rttSec = pairRtt ?? remoteRtt;
  const jitterSec = num(inbound['jitter']);
  return {
    packetsReceived: num(inbound['packetsReceived']) ?? 0,
    packetsLost: Math.max(0, num(inbound['packetsLost']) ?? 0),
    ...(jitterSec !== undefined && { jitterSec }),
    ...(rttSec !== undefined && { rttSec }),
  };
}

/** The quality between two samples (`prev` undefined: since the call began). */
export function qualityFrom(prev: StatsSample | undefined, current: StatsSample, at: number): CallQuality {
  const received = Math.max(0, current.packetsReceived - (prev?.packetsReceived ?? 0));
  const lost = Math.max(0, current.packetsLost - (prev?.packetsLost ?? 0));
  const expected = received + lost;
  const lossPct = expected === 0 ? 0 : round1((lost / expected) * 100);
  const jitterMs = Math.round((current.jitterSec ?? 0) * 1000);
  const rttMs = current.rttSec === undefined ? undefined : Math.round(current.rttSec * 1000);
  const level = levelOf(lossPct, jitterMs, rttMs);
  const warning = level === 'good' ? undefined : warningFor(level, lossPct, jitterMs, rttMs);
  return { lossPct, jitterMs, ...(rttMs !== undefined && { rttMs }), level, ...(warning !== undefined && { warning }), at };
}

function levelOf(lossPct: number, jitterMs: number, rttMs: number | undefined): QualityLevel {
  const over = (t: (typeof THRESHOLDS)[QualityLevel & keyof typeof THRESHOLDS]) =>
    lossPct >= t.lossPct || jitterMs >= t.jitterMs || (rttMs !== undefined && rttMs >= t.rttMs);
  if (over(THRESHOLDS.poor)) return 'poor';
  if (over(THRESHOLDS.fair)) return 'fair';
  return 'good';
}

function warningFor(level: QualityLevel, lossPct: number, jitterMs: number, rttMs: number | undefined): string {
  const t = THRESHOLDS.fair;
  const causes = [
    lossPct >= t.lossPct ? `${lossPct}% of the audio is lost` : null,
    jitterMs >= t.jitterMs ? `the audio arrives unevenly (${jitterMs} ms jitter)` : null,
    rttMs !== undefined && rttMs >= t.rttMs ? `there is a delay (${rttMs} ms round trip)` : null,
  ].filter((c): c is string => c !== null);
  const lead = level === 'poor' ? 'Poor connection: the caller may not hear you well' : 'Connection is not great';
  return `${lead}; ${causes.join(', ')}.`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

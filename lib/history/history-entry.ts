import type { CallNotification } from '@/lib/call-notification';
import type { CallSource } from '@/lib/phone';

/**
 * One call in the agent's history, kept in storage.local on this machine only (never sent
 * anywhere but the agent's own disposition webhook, see lib/wrap-up/). Built from the call
 * snapshots the worker receives ('phone/state'), by record-calls.ts.
 *
 * Outcomes (outcome.ts maps the phone's end reasons onto them):
 *   answered            the agent talked (either side hung up)
 *   missed              rang here, nobody answered (caller gave up, busy, connection lost)
 *   declined            the agent refused it
 *   answered-elsewhere  another device of the agent's group took it
 *   connected-elsewhere a bridge call: the agent talked on another device (desk phone)
 *   no-answer           an outbound call nobody picked up (Phone.dial, when it lands)
 *   failed              media or transport trouble, or the phone stopped
 * null while the call is still live (ringing or talking).
 */
export type HistoryOutcome =
  | 'answered'
  | 'missed'
  | 'declined'
  | 'answered-elsewhere'
  | 'connected-elsewhere'
  | 'no-answer'
  | 'failed';

export const HISTORY_OUTCOMES: readonly HistoryOutcome[] = [
  'answered',
  'missed',
  'declined',
  'answered-elsewhere',
  'connected-elsewhere',
  'no-answer',
  'failed',
];

/** Where the disposition webhook stands for one wrap-up (lib/wrap-up/webhook-delivery.ts). */
export interface WebhookDelivery {
  state: 'pending' | 'sent' | 'failed';
  /** Tries made so far. */
  attempts: number;
  /** Epoch ms of the next try ('pending' only). */
  nextAt?: number;
  /** The last failure, as the agent reads it ('HTTP 500', 'no access to https://…'). */
  lastError?: string;
  sentAt?: number;
}

export interface WrapUp {
  /** One of the admin's dispositions, or '' for none. */
  disposition: string;
  note: string;
  savedAt: number;
  webhook?: WebhookDelivery;
}

/** What the caller panel needs for a call's wrap-up ('call/wrap-up-status'). */
export interface WrapUpStatus {
  /** null: not wrapped up yet (or the call is not in the history). */
  wrapUp: WrapUp | null;
  /** The admin's dispositions (settings). */
  dispositions: string[];
  /** Seconds after the end the wrap-up closes by itself; 0 = never (settings). */
  timerSec: number;
}

export interface HistoryEntry {
  /** Our own id (never a PBX value). */
  id: string;
  /** The phone's id of the call (CallSnapshot.id): how later snapshots and the panel find the entry. */
  callId: string;
  source: CallSource;
  direction: 'inbound' | 'outbound' | 'unknown';
  /** The decoded call as the PBX announced it (cleaned, capped by the decoder). */
  notification: CallNotification;
  outcome: HistoryOutcome | null;
  /** The phone's end detail for failed calls ('the phone stopped'), capped. */
  detail?: string;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  wrapUp?: WrapUp;
}

export interface HistoryData {
  /** Newest first. */
  entries: HistoryEntry[];
  /** Epoch ms the agent last looked at the history: missed calls after it count on the badge. */
  seenAt: number;
}

export const EMPTY_HISTORY: HistoryData = Object.freeze({ entries: [], seenAt: 0 }) as HistoryData;

/** Bounds of what a wrap-up may carry (the panel and the popup enforce them too). */
export const MAX_DISPOSITION_LENGTH = 64;
export const MAX_NOTE_LENGTH = 1_000;
export const MAX_DETAIL_LENGTH = 256;
/** Hard cap whatever the retention setting says (storage.local has a quota). */
export const MAX_ENTRIES = 1_000;

/** Seconds talked, or null when the call was never answered here (or its end is unknown). */
export function durationSec(entry: Pick<HistoryEntry, 'answeredAt' | 'endedAt' | 'source'>): number | null {
  // A bridge call's times are the bridge's hand-over and the agent's dismissal, not the call.
  if (entry.source === 'bridge') return null;
  if (entry.answeredAt === undefined || entry.endedAt === undefined) return null;
  return Math.max(0, Math.round((entry.endedAt - entry.answeredAt) / 1000));
}

/** Missed calls the agent has not looked at yet (the badge count). */
export function unseenMissed(data: HistoryData): number {
  return data.entries.filter((e) => e.outcome === 'missed' && (e.endedAt ?? e.startedAt) > data.seenAt).length;
}

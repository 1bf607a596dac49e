import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { MAX_DETAIL_LENGTH, type HistoryData, type HistoryEntry } from './history-entry';
import { directionOf, lostOutcome, outcomeOf } from './outcome';

/**
 * Folds one phone state into the history: a call seen for the first time becomes an entry, a
 * known one is updated (answered, ended), and a live entry whose call is gone from the phone's
 * list is closed (lostOutcome). Pure: `changed` says whether anything needs writing, so the
 * same state arriving twice (the popup's 'status/get', a repeated report) writes nothing.
 */
export function recordPhoneState(
  data: HistoryData,
  state: Pick<PhoneState, 'calls'>,
  now: number,
  newId: () => string,
): { data: HistoryData; changed: boolean } {
  const entries = [...data.entries];
  let changed = false;
  const byCall = new Map(entries.map((e, i) => [e.callId, i] as const));
  for (const call of state.calls) {
    const index = byCall.get(call.id);
    if (index === undefined) {
      entries.unshift(entryFor(call, newId()));
      // Indexes moved by one.
      for (const [id, i] of byCall) byCall.set(id, i + 1);
      byCall.set(call.id, 0);
      changed = true;
      continue;
    }
    const before = entries[index]!;
    const after = updated(before, call);
    if (after !== before) {
      entries[index] = after;
      changed = true;
    }
  }
  const present = new Set(state.calls.map((c) => c.id));
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.outcome !== null || present.has(entry.callId)) continue;
    entries[i] = { ...entry, outcome: lostOutcome(entry), endedAt: now };
    changed = true;
  }
  // Newest first by start, whatever order the phone listed them in.
  if (changed) entries.sort((a, b) => b.startedAt - a.startedAt);
  return changed ? { data: { ...data, entries }, changed } : { data, changed };
}

function entryFor(call: CallSnapshot, id: string): HistoryEntry {
  return applyCall({ id, callId: call.id, source: call.source, direction: directionOf(call), notification: call.notification, outcome: null, startedAt: call.ringingAt }, call);
}

/** The entry with what the snapshot adds; the same object when nothing changed. */
function updated(entry: HistoryEntry, call: CallSnapshot): HistoryEntry {
  // A closed entry stays as it was closed: a bridge call's only change is its dismissal.
  if (entry.outcome !== null && entry.source === 'sip') return entry;
  const next = applyCall({ ...entry }, call);
  return sameEntry(entry, next) ? entry : next;
}

function applyCall(entry: HistoryEntry, call: CallSnapshot): HistoryEntry {
  entry.outcome = outcomeOf(call);
  if (call.answeredAt !== undefined) entry.answeredAt = call.answeredAt;
  if (call.endedAt !== undefined) entry.endedAt = call.endedAt;
  if (call.endReason === 'failed' && call.endDetail) entry.detail = call.endDetail.slice(0, MAX_DETAIL_LENGTH);
  return entry;
}

function sameEntry(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.outcome === b.outcome && a.answeredAt === b.answeredAt && a.endedAt === b.endedAt && a.detail === b.detail;
}

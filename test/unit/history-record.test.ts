import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, durationSec, unseenMissed, type HistoryData } from '@/lib/history/history-entry';
import { outcomeOf } from '@/lib/history/outcome';
import { recordPhoneState } from '@/lib/history/record-calls';
import type { CallSnapshot } from '@/lib/phone';
import { makeCall } from './phone-host-fixtures';

const T0 = 1_700_000_001_000;
let ids = 0;
const newId = () => `e${++ids}`;
const record = (data: HistoryData, calls: CallSnapshot[], now = T0 + 60_000) => recordPhoneState(data, { calls }, now, newId);

describe('outcomeOf', () => {
  const ended = (endReason: CallSnapshot['endReason'], extra: Partial<CallSnapshot> = {}) =>
    outcomeOf(makeCall({ state: 'ended', endReason, endedAt: T0 + 5_000, ...extra }));

  it('maps every end reason of a SIP call', () => {
    expect(ended('caller-hung-up', { answeredAt: T0 + 1_000 })).toBe('answered');
    expect(ended('agent-hung-up', { answeredAt: T0 + 1_000 })).toBe('answered');
    expect(ended('missed')).toBe('missed');
    expect(ended('declined')).toBe('declined');
    expect(ended('answered-elsewhere')).toBe('answered-elsewhere');
    expect(ended('failed')).toBe('failed');
    expect(ended(undefined, { answeredAt: T0 + 1_000 })).toBe('answered');
    expect(ended(undefined)).toBe('missed');
  });

  it('is null while a SIP call rings or talks, connected-elsewhere for a bridge call', () => {
    expect(outcomeOf(makeCall({ state: 'ringing' }))).toBeNull();
    expect(outcomeOf(makeCall({ state: 'active', answeredAt: T0 }))).toBeNull();
    expect(outcomeOf(makeCall({ source: 'bridge', state: 'connected', answeredAt: T0 }))).toBe('connected-elsewhere');
  });

  it('calls an unanswered outbound call no-answer, not missed', () => {
    const notification = { ...makeCall().notification, direction: 'outbound' as const };
    expect(ended('missed', { notification })).toBe('no-answer');
    // The snapshot's own direction (Phone.dial) wins over the notification's.
    expect(outcomeOf({ ...makeCall({ state: 'ended', endReason: 'missed' }), direction: 'outbound' } as CallSnapshot)).toBe('no-answer');
  });
});

describe('recordPhoneState', () => {
  it('makes one entry per call and follows it from ringing to answered and ended', () => {
    const ringing = makeCall({ id: 'c1', state: 'ringing' });
    let { data, changed } = record(EMPTY_HISTORY, [ringing]);
    expect(changed).toBe(true);
    expect(data.entries).toEqual([
      expect.objectContaining({ id: 'e1', callId: 'c1', source: 'sip', direction: 'inbound', outcome: null, startedAt: T0 }),
    ]);
    ({ data } = record(data, [{ ...ringing, state: 'active', answeredAt: T0 + 2_000 }]));
    ({ data } = record(data, [{ ...ringing, state: 'ended', endReason: 'caller-hung-up', answeredAt: T0 + 2_000, endedAt: T0 + 62_000 }]));
    expect(data.entries).toHaveLength(1);
    expect(data.entries[0]).toMatchObject({ outcome: 'answered', answeredAt: T0 + 2_000, endedAt: T0 + 62_000 });
    expect(durationSec(data.entries[0]!)).toBe(60);
  });

  it('writes nothing for a state it has seen already', () => {
    const call = makeCall({ id: 'c1', state: 'ended', endReason: 'missed', endedAt: T0 + 9_000 });
    const first = record(EMPTY_HISTORY, [call]);
    const again = record(first.data, [call]);
    expect(again.changed).toBe(false);
    expect(again.data).toBe(first.data);
  });

  it('keeps newest first and counts unseen missed calls', () => {
    const answered = makeCall({ id: 'a', ringingAt: T0, state: 'ended', endReason: 'agent-hung-up', answeredAt: T0 + 1, endedAt: T0 + 5 });
    const missed = makeCall({ id: 'm', ringingAt: T0 + 10_000, state: 'ended', endReason: 'missed', endedAt: T0 + 15_000 });
    const { data } = record(EMPTY_HISTORY, [answered, missed]);
    expect(data.entries.map((e) => [e.callId, e.outcome])).toEqual([
      ['m', 'missed'],
      ['a', 'answered'],
    ]);
    expect(unseenMissed(data)).toBe(1);
    expect(unseenMissed({ ...data, seenAt: T0 + 20_000 })).toBe(0);
  });

  it('closes a live entry whose call left the list: missed if never answered, answered if it was', () => {
    const { data } = record(EMPTY_HISTORY, [
      makeCall({ id: 'r', state: 'ringing' }),
      makeCall({ id: 't', state: 'active', ringingAt: T0 + 1, answeredAt: T0 + 2 }),
    ]);
    const closed = record(data, [], T0 + 99_000).data;
    expect(Object.fromEntries(closed.entries.map((e) => [e.callId, [e.outcome, e.endedAt]]))).toEqual({
      r: ['missed', T0 + 99_000],
      t: ['answered', T0 + 99_000],
    });
  });

  it('keeps a failed call’s detail, capped', () => {
    const { data } = record(EMPTY_HISTORY, [makeCall({ id: 'f', state: 'ended', endReason: 'failed', endDetail: 'x'.repeat(999), endedAt: T0 + 1 })]);
    expect(data.entries[0]?.outcome).toBe('failed');
    expect(data.entries[0]?.detail).toHaveLength(256);
  });

  it('records a bridge call as connected on another device, with no duration', () => {
    const bridge = makeCall({ id: 'bridge-1', source: 'bridge', state: 'connected', answeredAt: T0 });
    let { data } = record(EMPTY_HISTORY, [bridge]);
    expect(data.entries[0]).toMatchObject({ source: 'bridge', outcome: 'connected-elsewhere' });
    // Dismissed: gone from the phone's list, the entry stays as it was.
    ({ data } = record(data, []));
    expect(data.entries[0]?.outcome).toBe('connected-elsewhere');
    expect(durationSec(data.entries[0]!)).toBeNull();
    expect(unseenMissed(data)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '@/lib/phone';
import { popMoment } from '@/lib/screen-pop/pop-moment';
import { makeCall } from './phone-host-fixtures';

const first = (over: Partial<CallSnapshot> = {}) => makeCall({ id: 'a', state: 'active', answeredAt: 5, ...over });
const second = (over: Partial<CallSnapshot> = {}) => makeCall({ id: 'b', state: 'ringing', ...over });
const fresh = { fresh: true, momentCame: false };

describe('popMoment (call waiting and the pop)', () => {
  it("popOn 'ring': a lone ringing call pops on ring; a waiting call does not ring-pop but pops once answered", () => {
    const lone = second();
    expect(popMoment(lone, [lone], 'ring', fresh)).toBe('ring');
    const waiting = second();
    expect(popMoment(waiting, [first(), waiting], 'ring', fresh)).toBeNull();
    const answered = second({ state: 'active', answeredAt: 9 });
    expect(popMoment(answered, [first({ hold: 'held' }), answered], 'ring', { fresh: false, momentCame: false })).toBe('answer');
  });

  it('one moment per call: a call whose moment came (popped on ring, or answered before) never pops again on resume', () => {
    const resumed = first();
    expect(popMoment(resumed, [resumed, second({ state: 'active', hold: 'held' })], 'ring', { fresh: false, momentCame: true })).toBeNull();
    expect(popMoment(resumed, [resumed], 'answer', { fresh: false, momentCame: true })).toBeNull();
  });

  it("popOn 'answer' pops on answer only; 'off' never; a ringing call seen before is not a ring moment; bridge calls are not this rule's", () => {
    const ringing = second();
    expect(popMoment(ringing, [ringing], 'answer', fresh)).toBeNull();
    expect(popMoment(first(), [first()], 'answer', { fresh: false, momentCame: false })).toBe('answer');
    expect(popMoment(first(), [first()], 'off', fresh)).toBeNull();
    expect(popMoment(ringing, [ringing], 'ring', { fresh: false, momentCame: false })).toBeNull();
    const bridge = makeCall({ source: 'bridge', state: 'connected' });
    expect(popMoment(bridge, [bridge], 'ring', fresh)).toBeNull();
  });
});

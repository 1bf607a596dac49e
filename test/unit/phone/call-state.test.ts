import { describe, expect, it } from 'vitest';
import { canTransitionCall, isLive, type CallTransition } from '../../../lib/phone/call-state';
import type { CallEndReason, CallState } from '../../../lib/phone/types';

const REASONS: CallEndReason[] = ['answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed'];
const STATES: CallState[] = ['ringing', 'active', 'ended'];
const end = (reason: CallEndReason): CallTransition => ({ to: 'ended', reason });

const ALLOWED: [CallState, CallTransition][] = [
  ['ringing', { to: 'active' }],
  ['ringing', end('missed')],
  ['ringing', end('answered-elsewhere')],
  ['ringing', end('declined')],
  ['ringing', end('failed')],
  ['active', end('caller-hung-up')],
  ['active', end('agent-hung-up')],
  ['active', end('failed')],
];
const label = ([from, t]: [CallState, CallTransition]) => `${from} -> ${t.to}${t.to === 'ended' ? `(${t.reason})` : ''}`;
const allTransitions: CallTransition[] = [{ to: 'active' }, ...REASONS.map(end)];
const impossible = STATES.flatMap((from) => allTransitions.map((t) => [from, t] as [CallState, CallTransition]))
  .filter((pair) => !ALLOWED.some((a) => label(a) === label(pair)));

describe('call state machine', () => {
  it.each(ALLOWED.map((p) => [label(p), ...p] as const))('allows %s', (_, from, transition) => {
    expect(canTransitionCall(from, transition)).toBe(true);
  });

  it.each(impossible.map((p) => [label(p), ...p] as const))('refuses %s', (_, from, transition) => {
    expect(canTransitionCall(from, transition)).toBe(false);
  });

  it('has nothing after ended', () => {
    expect(impossible.filter(([from]) => from === 'ended')).toHaveLength(allTransitions.length);
  });

  it('counts ringing and active calls as holding the line', () => {
    expect(STATES.filter(isLive)).toEqual(['ringing', 'active']);
  });
});

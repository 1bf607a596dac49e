import { describe, expect, it } from 'vitest';
import { canTransitionCall } from '../../../lib/phone/call-state';
import { canTransitionOutbound, outboundFailureReason, type OutboundTransition } from '../../../lib/phone/outbound-call-state';
import type { CallEndReason, CallState } from '../../../lib/phone/types';

const REASONS: CallEndReason[] = [
  'answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed',
  'busy', 'no-answer', 'rejected', 'cancelled', 'remote-hung-up',
];
const STATES: CallState[] = ['ringing', 'dialing', 'active', 'connected', 'ended'];
const end = (reason: CallEndReason): OutboundTransition => ({ to: 'ended', reason });

const ALLOWED: [CallState, OutboundTransition][] = [
  ['dialing', { to: 'active' }],
  ['dialing', end('busy')],
  ['dialing', end('no-answer')],
  ['dialing', end('rejected')],
  ['dialing', end('cancelled')],
  ['dialing', end('failed')],
  ['active', end('remote-hung-up')],
  ['active', end('agent-hung-up')],
  ['active', end('failed')],
];
const label = ([from, t]: [CallState, OutboundTransition]) => `${from} -> ${t.to}${t.to === 'ended' ? `(${t.reason})` : ''}`;
const all: OutboundTransition[] = [{ to: 'active' }, ...REASONS.map(end)];
const impossible = STATES.flatMap((from) => all.map((t) => [from, t] as [CallState, OutboundTransition])).filter(
  (pair) => !ALLOWED.some((a) => label(a) === label(pair)),
);

describe('outbound call state machine', () => {
  it.each(ALLOWED.map((p) => [label(p), ...p] as const))('allows %s', (_, from, transition) => {
    expect(canTransitionOutbound(from, transition)).toBe(true);
  });

  it.each(impossible.map((p) => [label(p), ...p] as const))('refuses %s', (_, from, transition) => {
    expect(canTransitionOutbound(from, transition)).toBe(false);
  });

  it('keeps the inbound machine out of dialing: an inbound call can never be in it', () => {
    for (const t of all) expect(canTransitionCall('dialing', t)).toBe(false);
  });
});

describe('end reason of a refused INVITE', () => {
  it.each([
    [486, 'busy'], [600, 'busy'],
    [408, 'no-answer'], [480, 'no-answer'], [487, 'no-answer'],
    [603, 'rejected'], [404, 'rejected'], [403, 'rejected'], [484, 'rejected'], [604, 'rejected'],
    [500, 'failed'], [503, 'failed'], [401, 'failed'], [407, 'failed'], [0, 'failed'],
  ] as const)('%i -> %s', (code, reason) => {
    expect(outboundFailureReason(code)).toBe(reason);
  });
});

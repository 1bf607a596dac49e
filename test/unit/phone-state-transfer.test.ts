import { describe, expect, it } from 'vitest';
import { phoneStateSchema } from '../../lib/phone-host/phone-state';
import { makeCall, makePhoneState } from './phone-host-fixtures';

describe("phone state: a call's transfer", () => {
  const transfer = { mode: 'attended', target: '1002', status: 'pending', phase: 'consulting', consultCallId: 'consult-1', consultState: 'active' } as const;

  it('crosses to the worker as is; a call without one stays valid', () => {
    const state = makePhoneState({ calls: [makeCall({ state: 'active', transfer }), makeCall({ id: 'call-2' })] });
    expect(phoneStateSchema.parse(state)).toEqual(state);
  });

  it.each([
    ['an unknown mode', { ...transfer, mode: 'warm' }],
    ['an unknown status', { ...transfer, status: 'done' }],
    ['an unknown phase', { ...transfer, phase: 'parked' }],
    ['a huge detail', { ...transfer, detail: 'x'.repeat(2_000) }],
    ['an empty consult id', { ...transfer, consultCallId: '' }],
  ])('refuses %s', (_, bad) => {
    const state = makePhoneState({ calls: [makeCall({ state: 'active', transfer: bad as never })] });
    expect(phoneStateSchema.safeParse(state).success).toBe(false);
  });
});

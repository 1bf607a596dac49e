import { describe, expect, it, vi } from 'vitest';
import { canTransition, RegistrationMachine } from '../../../lib/phone/registration-state';
import type { RegistrationState } from '../../../lib/phone/types';

const STATES: RegistrationState[] = ['unconfigured', 'connecting', 'registering', 'registered', 'reconnecting', 'auth-failed', 'error'];

// Written out by hand from the diagram in registration-state.ts, not derived from its table.
const ALLOWED: [RegistrationState, RegistrationState][] = [
  ['unconfigured', 'connecting'], ['unconfigured', 'error'],
  ['connecting', 'connecting'], ['connecting', 'error'], ['connecting', 'unconfigured'],
  ['connecting', 'registering'], ['connecting', 'reconnecting'],
  ['registering', 'connecting'], ['registering', 'error'], ['registering', 'unconfigured'],
  ['registering', 'registered'], ['registering', 'auth-failed'], ['registering', 'reconnecting'],
  ['registered', 'connecting'], ['registered', 'error'], ['registered', 'unconfigured'],
  ['registered', 'registering'], ['registered', 'reconnecting'],
  ['reconnecting', 'connecting'], ['reconnecting', 'error'], ['reconnecting', 'unconfigured'], ['reconnecting', 'reconnecting'],
  ['auth-failed', 'connecting'], ['auth-failed', 'error'], ['auth-failed', 'unconfigured'], ['auth-failed', 'registering'],
  ['error', 'connecting'], ['error', 'error'], ['error', 'unconfigured'], ['error', 'registering'],
];
const key = (from: string, to: string) => `${from}->${to}`;
const allowed = new Set(ALLOWED.map(([f, t]) => key(f, t)));
const impossible = STATES.flatMap((f) => STATES.map((t) => [f, t] as const)).filter(([f, t]) => !allowed.has(key(f, t)));

const fakeClock = (start = 1_000) => {
  let now = start;
  return { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined, advance: (ms: number) => { now += ms; } };
};
const quiet = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

/** A machine driven into `state` along allowed edges. */
function machineIn(state: RegistrationState, emit = vi.fn()) {
  const path: Record<RegistrationState, RegistrationState[]> = {
    unconfigured: [],
    connecting: ['connecting'],
    registering: ['connecting', 'registering'],
    registered: ['connecting', 'registering', 'registered'],
    reconnecting: ['connecting', 'reconnecting'],
    'auth-failed': ['connecting', 'registering', 'auth-failed'],
    error: ['error'],
  };
  const machine = new RegistrationMachine(fakeClock(), quiet, emit);
  for (const step of path[state]) expect(machine.transition(step)).toBe(true);
  emit.mockClear();
  return machine;
}

describe('registration state machine', () => {
  it('starts unconfigured', () => {
    expect(new RegistrationMachine(fakeClock(5), quiet, vi.fn()).status).toEqual({ state: 'unconfigured', since: 5 });
  });

  it.each(ALLOWED)('allows %s -> %s and emits the new status', (from, to) => {
    const emit = vi.fn();
    const machine = machineIn(from, emit);
    expect(canTransition(from, to)).toBe(true);
    expect(machine.transition(to, { ext: '1001', reason: 'why', retryAt: 9_999 })).toBe(true);
    expect(machine.status).toEqual({ state: to, ext: '1001', reason: 'why', retryAt: 9_999, since: 1_000 });
    expect(emit).toHaveBeenCalledExactlyOnceWith(machine.status);
  });

  it.each(impossible)('refuses %s -> %s, keeps the state and emits nothing', (from, to) => {
    const emit = vi.fn();
    const machine = machineIn(from, emit);
    const before = machine.status;
    expect(canTransition(from, to)).toBe(false);
    expect(machine.transition(to)).toBe(false);
    expect(machine.status).toBe(before);
    expect(emit).not.toHaveBeenCalled();
  });

  it('never enters registered except from registering', () => {
    for (const from of STATES) expect(canTransition(from, 'registered')).toBe(from === 'registering');
  });

  it('stamps since with the clock and drops detail fields not given', () => {
    const clock = fakeClock(100);
    const machine = new RegistrationMachine(clock, quiet, vi.fn());
    machine.transition('connecting', { ext: '1001' });
    clock.advance(50);
    machine.transition('reconnecting', { ext: '1001', reason: 'closed', retryAt: 400 });
    clock.advance(50);
    machine.transition('connecting', { ext: '1001' });
    expect(machine.status).toEqual({ state: 'connecting', ext: '1001', since: 200 });
  });
});

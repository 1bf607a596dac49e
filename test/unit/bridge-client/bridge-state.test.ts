import { describe, expect, it, vi } from 'vitest';
import { canTransitionBridge, type BridgeState } from '../../../lib/bridge-client';
import { BridgeMachine } from '../../../lib/bridge-client/bridge-state';
import { SeenIds } from '../../../lib/bridge-client/seen-ids';
import { tokenCheckUrl } from '../../../lib/bridge-client/token-check';

const STATES: BridgeState[] = ['off', 'connecting', 'connected', 'reconnecting', 'wrong-token', 'error'];
// Written out by hand from the diagram in bridge-state.ts, not derived from its table.
const ALLOWED = new Set([
  'off>connecting', 'connecting>off', 'connecting>connecting', 'connecting>connected', 'connecting>reconnecting',
  'connecting>wrong-token', 'connecting>error', 'connected>off', 'connected>connecting', 'connected>reconnecting',
  'connected>wrong-token', 'reconnecting>off', 'reconnecting>connecting', 'reconnecting>reconnecting', 'reconnecting>wrong-token', 'wrong-token>off', 'wrong-token>connecting',
  'error>off', 'error>connecting', 'off>off',
]);

describe('bridge state machine', () => {
  it.each(STATES.flatMap((from) => STATES.map((to) => [from, to] as const)))('%s -> %s follows the diagram', (from, to) => {
    // off -> off is allowed by configure(null) in the diagram but never emitted (guarded by the client).
    if (from === 'off' && to === 'off') return expect(canTransitionBridge(from, to)).toBe(true);
    expect(canTransitionBridge(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('refuses an impossible move without emitting', () => {
    const emit = vi.fn();
    const machine = new BridgeMachine({ now: () => 5, setTimeout: () => 0, clearTimeout: () => {} }, { debug() {}, info() {}, warn() {}, error() {} }, emit);
    expect(machine.transition('connected')).toBe(false);
    expect(emit).not.toHaveBeenCalled();
    expect(machine.transition('connecting')).toBe(true);
    expect(machine.transition('reconnecting', { retryAt: 4_005, reason: 'closed' })).toBe(true);
    expect(emit).toHaveBeenLastCalledWith({ state: 'reconnecting', retryAt: 4_005, reason: 'closed', since: 5 });
  });
});

describe('seen ids', () => {
  it('remembers at most its bound, forgetting the oldest first', () => {
    const seen = new SeenIds(3);
    for (const id of ['1-0', '2-0', '3-0', '4-0']) seen.add(id);
    expect(seen.size).toBe(3);
    expect(seen.has('1-0')).toBe(false);
    expect(seen.has('4-0')).toBe(true);
  });
});

describe('token-check URL', () => {
  it('is the Bridge URL with the http(s) scheme and /token-check, without query or fragment', () => {
    expect(tokenCheckUrl('wss://bridge.example.com/agent')).toBe('https://bridge.example.com/agent/token-check');
    expect(tokenCheckUrl('ws://127.0.0.1:8787/agent/?x=1')).toBe('http://127.0.0.1:8787/agent/token-check');
  });
});

import type { BridgeCall } from '@/lib/bridge-client';
import type { CallSnapshot, Clock } from '@/lib/phone';

/**
 * The calls the bridge announced, as calls of the same pipeline as the phone's SIP calls
 * (decisions: `source: 'bridge'`, state 'connected': the agent talks on another device). Each
 * gets the extension's own id, never a PBX or bridge value. Kept until the agent dismisses the
 * panel, and at most `max` (the oldest go first), like the phone's recently ended calls.
 *
 * One call, one panel: a notification whose non-empty call_ref is that of a call the phone has
 * (the WebRTC INVITE came first) or of a bridge call already shown adds nothing.
 */
export const KEEP_BRIDGE_CALLS = 5;
/** A `takenAt` older than this (or in the future: the bridge's clock) is not used for the timer. */
const MAX_CONNECTED_AGE_MS = 10 * 60_000;

export class BridgeCalls {
  /** Newest first. */
  private calls: CallSnapshot[] = [];
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private readonly max = KEEP_BRIDGE_CALLS,
  ) {}

  /** The new call, or null when the call is already shown (same call_ref). */
  add(call: BridgeCall, sipCalls: readonly CallSnapshot[]): CallSnapshot | null {
    const ref = call.notification.callRef;
    if (ref !== '' && [...sipCalls, ...this.calls].some((c) => c.notification.callRef === ref)) return null;
    const now = this.clock.now();
    // The timer counts from when the bridge took it from Redis (the PBX pushes once the call is
    // bridged to the agent), if that is plausible on our clock; else from now.
    const connectedAt = call.takenAt <= now && call.takenAt >= now - MAX_CONNECTED_AGE_MS ? call.takenAt : now;
    const snapshot: CallSnapshot = {
      id: `bridge-${now.toString(36)}-${++this.counter}`,
      source: 'bridge',
      state: 'connected',
      notification: call.notification,
      warnings: call.warnings,
      ringingAt: connectedAt,
      answeredAt: connectedAt,
      muted: false,
    };
    this.calls = [snapshot, ...this.calls].slice(0, this.max);
    return snapshot;
  }

  /** Whether it was one of ours. */
  dismiss(callId: string): boolean {
    const before = this.calls.length;
    this.calls = this.calls.filter((c) => c.id !== callId);
    return this.calls.length !== before;
  }

  /**
   * The calls to show beside the phone's: a bridge call whose call_ref a SIP call of the phone
   * took since (the INVITE came second) is left out, so there is still one panel.
   */
  list(sipCalls: readonly CallSnapshot[]): CallSnapshot[] {
    const refs = new Set(sipCalls.map((c) => c.notification.callRef).filter((r) => r !== ''));
    return this.calls.filter((c) => !refs.has(c.notification.callRef));
  }
}

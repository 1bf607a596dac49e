import type { Clock, Logger } from '../phone/types';

/**
 * Connection state machine of the bridge channel.
 *
 * ```txt
 *          configure(config)             open, 'teleforge.v1' selected
 *   off ─────────────────────> connecting ─────────────────────────────> connected
 *                               │  ^   │                                     │
 *            refused or closed  │  │   │ refused, token-check says 401       │ closed, no pong,
 *            before open, token │  │   │                                     │ 1001 (bridge stopping)
 *            fine / unreachable │  │   v                                     │
 *                               │  │  wrong-token <──── closed with 4401 ────┤
 *                               v  │  (retryAt: 60 s .. 5 min)               │
 *                       reconnecting ◀──────────────────────────────────────┘
 *                        (retryAt, reconnect schedule + jitter)
 *             retry timer: reconnecting / wrong-token / error ──> connecting
 *   reconnecting ──> reconnecting / wrong-token: a try that is only the token check (the bridge
 *                  was silent over HTTP too); the WebSocket opens once the check is answered
 *
 *   connecting ──> error: the URL cannot be opened, or the bridge chose another subprotocol
 *                  (retryAt, same schedule as reconnecting)
 * ```
 * configure(null) / dispose() -> off from every state; configure(config) -> connecting from
 * every state. 'connected' is only entered from 'connecting' and left as soon as the socket
 * closes, so it is never shown with the socket down.
 */
export type BridgeState = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'wrong-token' | 'error';

export interface BridgeStatus {
  state: BridgeState;
  /** Epoch ms of the next attempt (reconnecting, wrong-token, error). */
  retryAt?: number;
  /** Short, secret-free text for the popup and logs. */
  reason?: string;
  since: number;
}

const CONFIGURE_EDGES: readonly BridgeState[] = ['off', 'connecting'];

const ALLOWED: Record<BridgeState, readonly BridgeState[]> = {
  off: CONFIGURE_EDGES,
  connecting: [...CONFIGURE_EDGES, 'connected', 'reconnecting', 'wrong-token', 'error'],
  connected: [...CONFIGURE_EDGES, 'reconnecting', 'wrong-token'],
  // From reconnecting: a token check between tries (the bridge still silent, or now refusing the token).
  reconnecting: [...CONFIGURE_EDGES, 'reconnecting', 'wrong-token'],
  'wrong-token': CONFIGURE_EDGES,
  error: CONFIGURE_EDGES,
};

export function canTransitionBridge(from: BridgeState, to: BridgeState): boolean {
  return ALLOWED[from].includes(to);
}

export class BridgeMachine {
  private current: BridgeStatus;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly emit: (status: BridgeStatus) => void,
  ) {
    this.current = { state: 'off', since: clock.now() };
  }

  get status(): BridgeStatus {
    return this.current;
  }

  get state(): BridgeState {
    return this.current.state;
  }

  /** Moves to `to` and emits, or refuses an impossible move (logged, state unchanged). */
  transition(to: BridgeState, detail: Pick<BridgeStatus, 'retryAt' | 'reason'> = {}): boolean {
    const from = this.current.state;
    if (!canTransitionBridge(from, to)) {
      this.logger.error(`bridge: refused transition ${from} -> ${to}`);
      return false;
    }
    const status: BridgeStatus = { state: to, since: this.clock.now() };
    if (detail.retryAt !== undefined) status.retryAt = detail.retryAt;
    if (detail.reason !== undefined) status.reason = detail.reason;
    this.current = status;
    this.logger.info(`bridge: ${from} -> ${to}${detail.reason ? ` (${detail.reason})` : ''}`);
    this.emit(status);
    return true;
  }
}

import type { Clock, Logger, RegistrationState, RegistrationStatus } from './types';

/**
 * Registration state machine of the phone.
 *
 * ```txt
 *                 configure(config)            ws open               200 OK
 *  unconfigured ──────────────────> connecting ───────> registering ────────> registered
 *                                    │      ^             │   │   ^               │   │
 *                       connect failed      │ retry timer │   │   └─registration──┘   │
 *                                    v      │             │   │     lost, ws still up │
 *                                  reconnecting <─────────┘   │                       │
 *                                   (retryAt)   <── ws closed / keepalive dead ───────┘
 *                                                             │
 *                               401/403/407 ┌─────────────────┴──────┐ other final reject
 *                                           v                        v
 *                                      auth-failed                 error
 *                                (retryAt: 60 s .. 5 min)   (retryAt; none for a bad URL)
 *                                   └── retry timer: registering (ws up) or connecting ──┘
 * ```
 * configure() edges, from every state: configure(config) -> connecting (or error for a config
 * that cannot work), configure(null) / dispose() -> unconfigured.
 * 'registered' is entered only from 'registering' on a 200 to our REGISTER, and left as soon as
 * the transport closes, so it is never reported with the transport down.
 */
const CONFIGURE_EDGES: readonly RegistrationState[] = ['connecting', 'error', 'unconfigured'];

const ALLOWED: Record<RegistrationState, readonly RegistrationState[]> = {
  unconfigured: ['connecting', 'error'],
  connecting: [...CONFIGURE_EDGES, 'registering', 'reconnecting'],
  registering: [...CONFIGURE_EDGES, 'registered', 'auth-failed', 'error', 'reconnecting'],
  registered: [...CONFIGURE_EDGES, 'registering', 'reconnecting'],
  // reconnecting -> reconnecting: the next try rescheduled after a probe found the PBX silent.
  reconnecting: [...CONFIGURE_EDGES, 'reconnecting'],
  'auth-failed': [...CONFIGURE_EDGES, 'registering'],
  error: [...CONFIGURE_EDGES, 'registering'],
};

export function canTransition(from: RegistrationState, to: RegistrationState): boolean {
  return ALLOWED[from].includes(to);
}

export type StatusDetail = Pick<RegistrationStatus, 'ext' | 'reason' | 'retryAt'>;

export class RegistrationMachine {
  private current: RegistrationStatus;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly emit: (status: RegistrationStatus) => void,
  ) {
    this.current = { state: 'unconfigured', since: clock.now() };
  }

  get status(): RegistrationStatus {
    return this.current;
  }

  get state(): RegistrationState {
    return this.current.state;
  }

  /** Moves to `to` and emits, or refuses an impossible move (logged, state unchanged). */
  transition(to: RegistrationState, detail: StatusDetail = {}): boolean {
    const from = this.current.state;
    if (!canTransition(from, to)) {
      this.logger.error(`registration: refused transition ${from} -> ${to}`);
      return false;
    }
    const status: RegistrationStatus = { state: to, since: this.clock.now() };
    if (detail.ext !== undefined) status.ext = detail.ext;
    if (detail.reason !== undefined) status.reason = detail.reason;
    if (detail.retryAt !== undefined) status.retryAt = detail.retryAt;
    this.current = status;
    this.logger.info(`registration: ${from} -> ${to}${detail.reason ? ` (${detail.reason})` : ''}`);
    this.emit(status);
    return true;
  }
}

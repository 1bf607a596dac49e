import { Inviter, SessionState, type Core, type URI, type UserAgent } from 'sip.js';
import { sipValue } from './sip-values';
import { statusText } from './sipfrag';
import type { Clock, ConsultState, Logger } from './types';

/** Audio only, as for inbound calls (call.ts). */
const AUDIO_ONLY = { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } };

/**
 * State of the consult call of an attended transfer:
 * ```txt
 *  calling ──200 OK──> active ──BYE (either side)──> ended
 *     └──4xx-6xx / CANCEL / no answer in time──────────^      ended is final
 * ```
 */
export function canTransitionConsult(from: ConsultState, to: ConsultState): boolean {
  return (from === 'calling' && (to === 'active' || to === 'ended')) || (from === 'active' && to === 'ended');
}

interface MediaHandler {
  remoteMediaStream?: MediaStream;
}

/**
 * The agent's outbound call to the transfer target while the caller waits on hold. Not a call of
 * its own in the phone's list (no ring, no record pop, no history): it lives inside the original
 * call's transfer (transfer.ts), which shows its state.
 */
export class ConsultCall {
  private current: ConsultState = 'calling';
  private why: string | undefined;
  private timer: unknown;
  readonly inviter: Inviter;

  constructor(
    readonly id: string,
    ua: UserAgent,
    target: URI,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly ringTimeoutMs: number,
    private readonly onChange: (state: ConsultState, detail: string | undefined) => void,
  ) {
    this.inviter = new Inviter(ua, target, AUDIO_ONLY);
    this.inviter.delegate = {
      onBye: (bye) => {
        this.why ??= 'the target hung up';
        bye.accept().catch((e: unknown) => this.logger.warn('consult: could not answer BYE', e));
      },
    };
    this.inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.move('active');
      // SIP.js ends the session before it hands the final response to invite()'s delegate: wait
      // a microtask so the target's answer ("486 Busy Here") is known when the end is reported.
      if (state === SessionState.Terminated) queueMicrotask(() => this.move('ended'));
    });
  }

  get state(): ConsultState {
    return this.current;
  }

  /** Why it ended (the target's answer, "no answer", ...), once known. */
  get detail(): string | undefined {
    return this.why;
  }

  async start(): Promise<void> {
    this.timer = this.clock.setTimeout(() => {
      this.why = `no answer within ${Math.round(this.ringTimeoutMs / 1000)} s`;
      this.hangup();
    }, this.ringTimeoutMs);
    const rejected = (response: Core.IncomingResponse): void => {
      const { statusCode, reasonPhrase } = response.message;
      this.why ??= `the target answered ${statusText({ code: statusCode ?? 0, reason: sipValue(reasonPhrase, 64) })}`;
    };
    try {
      await this.inviter.invite({ requestDelegate: { onReject: rejected } });
    } catch (error) {
      this.why ??= `could not call: ${sipValue(String((error as Error)?.message ?? error), 128)}`;
      this.move('ended');
      throw error;
    }
  }

  /** CANCEL while it rings, BYE once answered; idempotent. */
  hangup(): void {
    const state = this.inviter.state;
    const done = (e: unknown) => this.logger.warn('consult: hang-up failed', e);
    if (state === SessionState.Initial || state === SessionState.Establishing) this.inviter.cancel().catch(done);
    else if (state === SessionState.Established) this.inviter.bye().then(() => undefined, done);
  }

  remoteMediaStream(): MediaStream | undefined {
    return (this.inviter.sessionDescriptionHandler as MediaHandler | undefined)?.remoteMediaStream;
  }

  private move(to: ConsultState): void {
    if (!canTransitionConsult(this.current, to)) return;
    this.current = to;
    if (to !== 'calling') this.clock.clearTimeout(this.timer);
    this.logger.info(`consult ${this.id}: -> ${to}${this.why ? ` (${this.why})` : ''}`);
    this.onChange(to, to === 'ended' ? (this.why ?? 'the consult call ended') : undefined);
  }
}

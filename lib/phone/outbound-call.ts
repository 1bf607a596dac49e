import { SessionState, type Core, type Inviter } from 'sip.js';
import type { CallNotification } from '../call-notification';
import { AUDIO_ONLY } from './call';
import { applyMute, type MediaHandler } from './call-media';
import { canTransitionOutbound, outboundFailureReason, type OutboundTransition } from './outbound-call-state';
import { sipValue } from './sip-values';
import type { CallEndReason, CallSnapshot, Clock, Logger } from './types';

/** The parts of SIP.js's Inviter used here (a fake in unit tests). */
export type InviterLike = Pick<Inviter, 'invite' | 'cancel' | 'bye' | 'dispose' | 'state' | 'stateChange' | 'delegate' | 'sessionDescriptionHandler'>;

/**
 * One outbound call: a SIP.js Inviter plus the outbound state machine (outbound-call-state.ts).
 * Same media as an inbound call (audio only, the UA's session description handler factory).
 * The end reason comes from what ended it: the final response to the INVITE, the far end's BYE,
 * the agent's Hang up (CANCEL while dialing, BYE once answered) or SIP.js giving up.
 */
export class OutboundCall {
  private snap: CallSnapshot;
  private cause: { reason: CallEndReason; detail?: string } | undefined;

  constructor(
    id: string,
    /** The dialled target as the agent sees it: E.164 or an extension (dial-target.ts). */
    number: string,
    ext: string,
    private readonly inviter: InviterLike,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly emit: (snapshot: CallSnapshot) => void,
  ) {
    const notification: CallNotification = {
      number, dialNumber: '', holdTimeSec: null, callRef: '', contactRef: '', campaignRef: null,
      direction: 'outbound', ext, format: 'sip',
    };
    this.snap = { id, source: 'sip', direction: 'outbound', state: 'dialing', notification, warnings: [], ringingAt: clock.now(), muted: false };
    inviter.delegate = {
      onBye: (bye) => {
        this.cause = { reason: 'remote-hung-up' };
        bye.accept().catch((e: unknown) => this.logger.warn('call: could not answer BYE', e));
      },
    };
    inviter.stateChange.addListener((state) => this.onSessionState(state));
  }

  get id(): string {
    return this.snap.id;
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  /** Sends the INVITE. Resolves once it is sent; what follows arrives as snapshots. */
  async start(): Promise<void> {
    try {
      await this.inviter.invite({
        ...AUDIO_ONLY,
        requestDelegate: {
          onProgress: (response) => this.progress(response),
          onReject: (response) => this.refused(response),
        },
      });
    } catch (error) {
      this.cause ??= { reason: 'failed', detail: `INVITE not sent: ${sipValue(String((error as Error)?.message ?? error), 512)}` };
      this.end();
    }
  }

  accept(): Promise<void> {
    return Promise.reject(new Error('an outbound call cannot be answered'));
  }

  reject(): Promise<void> {
    return Promise.reject(new Error('an outbound call cannot be declined: hang up instead'));
  }

  /** CANCEL while dialing (SIP.js sends it once a provisional response came), BYE once answered. */
  async hangup(): Promise<void> {
    if (this.snap.state === 'ended') return;
    if (this.snap.state === 'dialing') {
      this.cause = { reason: 'cancelled' };
      if (this.inviter.state === SessionState.Initial || this.inviter.state === SessionState.Establishing) {
        await this.inviter.cancel();
      } else if (this.inviter.state === SessionState.Terminated) {
        this.end();
      }
      return;
    }
    this.cause = { reason: 'agent-hung-up' };
    if (this.inviter.state === SessionState.Established) {
      await this.inviter.bye();
    } else {
      this.end();
    }
  }

  setMuted(muted: boolean): void {
    if (this.snap.state === 'ended') return;
    this.update({ ...this.snap, muted });
    applyMute(this.media(), muted);
  }

  remoteMediaStream(): MediaStream | undefined {
    return this.media()?.remoteMediaStream;
  }

  /** The connection to the PBX is gone or the phone is being reconfigured. */
  abandon(detail: string): void {
    if (this.snap.state === 'ended') return;
    this.cause = { reason: 'failed', detail };
    this.inviter.dispose().catch(() => undefined);
    this.end();
  }

  private media(): MediaHandler | undefined {
    return this.inviter.sessionDescriptionHandler as MediaHandler | undefined;
  }

  private progress(response: Core.IncomingResponse): void {
    const code = response.message.statusCode ?? 0;
    // 180 Ringing / 183 Session Progress: the far end is alerting (100 Trying never reaches here).
    if ((code === 180 || code === 183) && this.snap.state === 'dialing' && this.snap.remoteRinging !== true) {
      this.update({ ...this.snap, remoteRinging: true });
    }
  }

  private refused(response: Core.IncomingResponse): void {
    const code = response.message.statusCode ?? 0;
    if (this.cause?.reason === 'cancelled') return; // the 487 to our own CANCEL
    // The reason phrase is the far end's text: cleaned and capped before it is shown.
    const phrase = sipValue(response.message.reasonPhrase, 128);
    this.cause = { reason: outboundFailureReason(code), detail: phrase ? `${code} ${phrase}` : String(code) };
  }

  private onSessionState(state: SessionState): void {
    if (state === SessionState.Established) {
      // Answered while our CANCEL was on its way: SIP.js ends it with a BYE, the agent's doing.
      if (this.cause?.reason === 'cancelled') this.cause = { reason: 'agent-hung-up' };
      this.move({ to: 'active' }, { answeredAt: this.clock.now(), remoteRinging: false });
      applyMute(this.media(), this.snap.muted);
    } else if (state === SessionState.Terminated) {
      // SIP.js terminates the session on a final failure response BEFORE it hands the response to
      // the request delegate (Inviter.invite's onReject): let that run first, so the end reason
      // is the far end's answer and not a guess.
      if (this.snap.state === 'dialing' && this.cause === undefined) queueMicrotask(() => this.end());
      else this.end();
    }
  }

  private end(): void {
    if (this.snap.state === 'ended') return;
    const fallback: { reason: CallEndReason; detail: string } = {
      reason: 'failed',
      detail: this.snap.state === 'dialing' ? 'no final answer to the call' : 'session terminated',
    };
    const cause = this.cause && canTransitionOutbound(this.snap.state, { to: 'ended', reason: this.cause.reason }) ? this.cause : fallback;
    const extra: Partial<CallSnapshot> = { endedAt: this.clock.now() };
    if (cause.detail !== undefined) extra.endDetail = cause.detail;
    this.move({ to: 'ended', reason: cause.reason }, extra);
  }

  private move(transition: OutboundTransition, extra: Partial<CallSnapshot>): void {
    if (!canTransitionOutbound(this.snap.state, transition)) {
      this.logger.error(`call ${this.id}: refused transition ${this.snap.state} -> ${transition.to}`);
      return;
    }
    const next: CallSnapshot = { ...this.snap, ...extra, state: transition.to };
    if (transition.to === 'ended') {
      next.endReason = transition.reason;
      delete next.remoteRinging;
    }
    this.logger.info(`call ${this.id}: ${this.snap.state} -> ${transition.to}${transition.to === 'ended' ? ` (${transition.reason})` : ''}`);
    this.update(next);
  }

  private update(next: CallSnapshot): void {
    this.snap = next;
    this.emit(next);
  }
}

import { SessionState, type Core, type Notification, type Session, type URI } from 'sip.js';
import type { ConsultCall } from './consult-call';
import { sipValue } from './sip-values';
import { parseSipfrag, statusText, type SipfragStatus } from './sipfrag';
import {
  FIRST_PHASE, canCancelTransfer, canStartTransfer, canTransitionTransfer, statusOf,
} from './transfer-state';
import type { TransferTarget } from './transfer-target';
import type { Clock, ConsultState, Logger, TransferInfo, TransferMode, TransferPhase } from './types';

const AUDIO = { audio: true, video: false };
/**
 * After an attended transfer succeeded the target ends the replaced consult dialog itself
 * (RFC 3891 3); if it has not within this time, the agent's side does.
 */
const CONSULT_GRACE_MS = 3_000;
/** At most this long for the ACK of the call's 200 before a hold re-INVITE (acked()). */
const ACK_WAIT_MS = 5_000;
const REINVITE_TRIES = 4;
const REINVITE_RETRY_MS = 250;

/** The parts of the consult call the transfer uses (a fake in unit tests). */
export type ConsultLeg = Pick<ConsultCall, 'id' | 'state' | 'start' | 'hangup' | 'remoteMediaStream'> & { inviter: Session };

export interface TransferDeps {
  /** The original call's session: established, the agent talking to the caller. */
  session: Pick<Session, 'state' | 'refer' | 'invite' | 'sessionDescriptionHandlerOptionsReInvite'> & {
    dialog?: { sessionState: string } | undefined;
  };
  newConsult(target: URI, onChange: (state: ConsultState, detail: string | undefined) => void): ConsultLeg;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  onChange(info: TransferInfo | undefined): void;
  /** The original call's microphone is off while it is held (sendonly would send the consult talk). */
  setAudioHeld(held: boolean): void;
  /** The transfer succeeded: end the original call with a BYE. */
  endTransferred(detail: string): void;
}

/**
 * The transfers of one active call (transfer-state.ts): blind REFER, or attended (hold, consult
 * call, REFER with Replaces). The outcome follows the REFER's answer and the NOTIFYs' sipfrag;
 * the call is ended only on a 2xx NOTIFY. The hold here is the minimum a consult needs: a
 * re-INVITE with sendonly, the state changed by its answer only.
 */
export class Transfer {
  private info: TransferInfo | undefined;
  private held = false;
  private leg: ConsultLeg | undefined;
  private timer: unknown;
  /** Bumped by each REFER: answers to an older one are ignored. */
  private attempt = 0;
  private disposed = false;

  constructor(private readonly deps: TransferDeps) {}

  get current(): TransferInfo | undefined {
    return this.info;
  }

  async blind(target: TransferTarget): Promise<void> {
    this.assertCanStart();
    this.begin('blind', target.label);
    await this.refer(target.uri);
  }

  /** Holds the call and calls the target; resolves with the consult call's id once it is dialling. */
  async consult(target: TransferTarget): Promise<string> {
    this.assertCanStart();
    this.begin('attended', target.label);
    try {
      await this.hold(true);
    } catch (error) {
      const detail = `could not put the call on hold: ${messageOf(error)}`;
      this.move('failed', { detail });
      throw new Error(detail);
    }
    if (this.disposed) throw new Error('the call ended');
    let leg: ConsultLeg;
    try {
      leg = this.deps.newConsult(target.uri, (state, detail) => this.consultChanged(leg, state, detail));
    } catch (error) {
      const detail = `could not call the target: ${messageOf(error)}`;
      void this.resumeAfter(detail);
      throw new Error(detail);
    }
    this.leg = leg;
    this.move('dialing', { consultCallId: leg.id, consultState: 'calling' });
    // A failed start ends the leg, which resumes the call (consultChanged).
    await leg.start();
    return leg.id;
  }

  /** REFER with Replaces: the caller is connected to the consulted target. */
  async complete(consultCallId: string): Promise<void> {
    const { info, leg } = this;
    if (info?.mode !== 'attended' || (info.phase !== 'consulting' && info.phase !== 'refused')) {
      throw new Error('no consult call to complete');
    }
    if (!leg || leg.id !== consultCallId) throw new Error('not the consult call of this transfer');
    if (leg.state !== 'active') throw new Error('the consult call is not connected');
    this.move('referring', { detail: undefined });
    await this.refer(leg.inviter);
  }

  /** Attended only: hangs up the consult call and takes the caller off hold. */
  async cancel(): Promise<void> {
    if (!canCancelTransfer(this.info, this.held)) throw new Error('no transfer that can be cancelled');
    const failure = this.info?.phase === 'failed' ? this.info.detail : undefined;
    this.move('resuming', {});
    this.leg?.hangup();
    await this.resume(failure);
  }

  remoteMediaStream(consultCallId: string): MediaStream | undefined {
    return this.leg?.id === consultCallId ? this.leg.remoteMediaStream() : undefined;
  }

  /** The original call ended: a consult still going is hung up (there is no one to hand it to). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.deps.clock.clearTimeout(this.timer);
    if (this.info?.phase !== 'accepted') this.leg?.hangup();
  }

  private assertCanStart(): void {
    if (this.disposed || this.deps.session.state !== SessionState.Established) throw new Error('the call is not connected');
    if (!canStartTransfer(this.info, this.held)) throw new Error('a transfer of this call is already in progress');
  }

  private begin(mode: TransferMode, target: string): void {
    this.attempt += 1;
    this.leg = undefined;
    this.deps.clock.clearTimeout(this.timer);
    this.info = { mode, target, status: 'pending', phase: FIRST_PHASE[mode] };
    this.deps.logger.info(`transfer (${mode}) to ${target}: ${this.info.phase}`);
    this.deps.onChange(this.info);
  }

  private async refer(referTo: URI | Session): Promise<void> {
    const attempt = ++this.attempt;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(
      () => this.failed(attempt, `no final answer from the target within ${Math.round(this.deps.timeoutMs / 1000)} s`),
      this.deps.timeoutMs,
    );
    try {
      await this.deps.session.refer(referTo, {
        requestDelegate: {
          onAccept: () => this.progress(attempt, undefined),
          onReject: (response: Core.IncomingResponse) => this.failed(attempt, `the transfer was refused: ${responseText(response)}`),
        },
        onNotify: (notification: Notification) => this.notified(attempt, notification),
      });
    } catch (error) {
      this.failed(attempt, `could not send the transfer: ${messageOf(error)}`);
    }
  }

  private notified(attempt: number, notification: Notification): void {
    notification.accept().catch((e: unknown) => this.deps.logger.warn('transfer: could not answer NOTIFY', e));
    const frag = parseSipfrag(notification.request.body);
    if (!frag || attempt !== this.attempt) return;
    if (frag.code < 200) this.progress(attempt, frag);
    else if (frag.code < 300) this.succeeded();
    else this.failed(attempt, `the target answered ${statusText(frag)}`);
  }

  private progress(attempt: number, frag: SipfragStatus | undefined): void {
    const phase = this.info?.phase;
    if (attempt !== this.attempt || (phase !== 'referring' && phase !== 'trying')) return;
    this.move('trying', { detail: frag ? statusText(frag) : undefined });
  }

  private failed(attempt: number, detail: string): void {
    const info = this.info;
    if (attempt !== this.attempt || !info || (info.phase !== 'referring' && info.phase !== 'trying')) return;
    this.deps.clock.clearTimeout(this.timer);
    this.move(info.mode === 'blind' ? 'failed' : 'refused', { detail });
    // The target may have ended the consult already: nothing is left to complete.
    if (info.mode === 'attended' && this.leg?.state === 'ended') void this.resumeAfter(detail);
  }

  private succeeded(): void {
    const info = this.info;
    if (!info || !canTransitionTransfer(info.mode, info.phase, 'accepted')) return;
    this.deps.clock.clearTimeout(this.timer);
    this.move('accepted', { detail: undefined });
    const leg = this.leg;
    if (leg) this.deps.clock.setTimeout(() => leg.hangup(), CONSULT_GRACE_MS);
    this.deps.endTransferred(`transferred to ${info.target}`);
  }

  private consultChanged(leg: ConsultLeg, state: ConsultState, detail: string | undefined): void {
    if (leg !== this.leg || this.disposed || !this.info) return;
    const phase = this.info.phase;
    if (state === 'active' && phase === 'dialing') this.move('consulting', { consultState: 'active' });
    else this.update({ consultState: state });
    if (state !== 'ended') return;
    // During referring/trying the target ending the consult is how a Replaces succeeds.
    if (phase === 'dialing' || phase === 'consulting' || phase === 'refused') {
      void this.resumeAfter(phase === 'refused' ? (this.info.detail ?? 'transfer refused') : `consult call: ${detail ?? 'ended'}`);
    }
  }

  private async resumeAfter(failure: string): Promise<void> {
    if (!this.move('resuming', { detail: failure })) return;
    await this.resume(failure);
  }

  /** `failure` undefined: the agent cancelled, and the transfer is dropped once the call is back. */
  private async resume(failure: string | undefined): Promise<void> {
    try {
      await this.hold(false);
    } catch (error) {
      this.move('failed', { detail: `${failure ?? 'cancelled'}; the call is still on hold (${messageOf(error)})` });
      return;
    }
    if (failure === undefined) this.move('cancelled', {});
    else this.move('failed', { detail: failure });
  }

  /**
   * A UAS must not send a re-INVITE before the ACK of its 200 (RFC 3261 14.1): SIP.js would send
   * it, then take the late ACK for an answer-less one and BYE the call. Seen in the integration
   * test when Consult follows Answer within milliseconds.
   */
  private async acked(): Promise<void> {
    for (let waited = 0; this.deps.session.dialog?.sessionState === 'AckWait' && waited < ACK_WAIT_MS; waited += 50) {
      await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, 50));
    }
  }

  /**
   * Re-INVITE sendonly (hold) or sendrecv; `held` changes only with a 2xx answer. A 491 (glare) or
   * 500 (the far end still busy with the previous re-INVITE, RFC 3261 14.2) is tried again a
   * few times after a short wait: seen when a consult follows a failed one at once.
   */
  private async hold(on: boolean): Promise<void> {
    await this.acked();
    if (on) this.deps.setAudioHeld(true);
    try {
      for (let attempt = 1; ; attempt++) {
        const answer = await this.reinvite(on);
        if (answer === undefined) break;
        if (attempt >= REINVITE_TRIES || (answer.code !== 491 && answer.code !== 500)) throw new Error(answer.text);
        await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, REINVITE_RETRY_MS * attempt));
      }
    } catch (error) {
      // SIP.js keeps the re-INVITE options for the next offer/answer: put back the state we are in.
      this.deps.session.sessionDescriptionHandlerOptionsReInvite = { hold: this.held, constraints: AUDIO } as object;
      if (on) this.deps.setAudioHeld(false);
      throw error;
    }
    this.held = on;
    if (!on) this.deps.setAudioHeld(false);
  }

  /** One re-INVITE: undefined when answered 2xx, else the answer; rejects when it could not be sent. */
  private reinvite(hold: boolean): Promise<{ code: number; text: string } | undefined> {
    return new Promise((resolve, reject) => {
      this.deps.session
        .invite({
          sessionDescriptionHandlerOptions: { hold, constraints: AUDIO } as object,
          requestDelegate: {
            onAccept: () => resolve(undefined),
            onReject: (response: Core.IncomingResponse) => resolve({ code: response.message.statusCode ?? 0, text: responseText(response) }),
          },
        })
        .catch(reject);
    });
  }

  /** Returns whether the move was allowed; 'cancelled' drops the transfer from the call. */
  private move(to: TransferPhase | 'cancelled', extra: Partial<TransferInfo>): boolean {
    const info = this.info;
    if (!info) return false;
    if (!canTransitionTransfer(info.mode, info.phase, to)) {
      this.deps.logger.error(`transfer: refused transition ${info.phase} -> ${to}`);
      return false;
    }
    this.deps.logger.info(`transfer (${info.mode}) to ${info.target}: ${info.phase} -> ${to}`);
    if (to === 'cancelled') {
      this.info = undefined;
      this.deps.onChange(undefined);
      return true;
    }
    this.update({ ...extra, phase: to, status: statusOf(to) });
    return true;
  }

  private update(extra: Partial<TransferInfo>): void {
    if (!this.info) return;
    const next = { ...this.info, ...extra };
    for (const key of Object.keys(next) as (keyof TransferInfo)[]) if (next[key] === undefined) delete next[key];
    this.info = next;
    this.deps.onChange(next);
  }
}

function responseText(response: Core.IncomingResponse): string {
  const { statusCode, reasonPhrase } = response.message;
  return statusText({ code: statusCode ?? 0, reason: sipValue(reasonPhrase, 64) });
}

function messageOf(error: unknown): string {
  return sipValue(error instanceof Error ? error.message : String(error), 200);
}

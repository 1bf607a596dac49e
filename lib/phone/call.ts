import { SessionState, type Invitation, type Web } from 'sip.js';
import type { CallNotification } from '../call-notification';
import { canTransitionCall, type CallTransition } from './call-state';
import { sendDtmf } from './dtmf';
import { reinviteForHold } from './hold';
import { holdPhaseOf, nextHold, type HoldEvent, type HoldPhase } from './hold-state';
import { directionOf } from './sdp-direction';
import { sipValue } from './sip-values';
import type { CallEndReason, CallSnapshot, Clock, DtmfMode, Logger, TransferInfo } from './types';

/** Audio only: the PBX's calls are voice, and asking for a camera would prompt for it. */
export const AUDIO_ONLY = { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } };

/** RFC 3326 Reason `SIP;cause=200`: the call was answered by another agent of the queue. */
const ANSWERED_ELSEWHERE = /\bcause\s*=\s*200\b/i;

interface MediaHandler {
  remoteMediaStream?: MediaStream;
  peerConnection?: RTCPeerConnection;
}

/**
 * One inbound call: an Invitation from SIP.js plus the call state machine (call-state.ts).
 * The end reason is decided by what ended it: our own action, the caller's CANCEL (with or
 * without `cause=200`), the caller's BYE, or SIP.js giving up (no answer, media, ACK timeout).
 */
export class PhoneCall {
  private snap: CallSnapshot;
  /** Why the session is terminating, when we know before SIP.js reports it. */
  private cause: { reason: CallEndReason; detail?: string } | undefined;
  private accepting = false;
  /** The microphone is off while a transfer holds the call (transfer.ts). */
  private audioHeld = false;
  /** Keypad digits go out one request after another (dtmf.ts), in the order pressed. */
  private dtmfQueue: Promise<void> = Promise.resolve();
  /**
   * Resolves when the caller's ACK of our 200 OK arrived (or the session ended). A re-INVITE
   * sent before it crosses the ACK, and SIP.js then hangs up ("Invalid signaling state
   * HaveLocalOffer", seen when hold followed the answer within a few ms).
   */
  private readonly acked: Promise<void>;
  private ackArrived: () => void = () => {};

  /**
   * `id` is the phone's own (sip-values.ts): the SIP Call-ID is the PBX's choice and is kept only
   * as a cleaned, capped debug field (`sipCallId`).
   */
  constructor(
    id: string,
    readonly invitation: Invitation,
    notification: CallNotification,
    warnings: string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly emit: (snapshot: CallSnapshot) => void,
  ) {
    this.snap = {
      id, source: 'sip', state: 'ringing', notification, warnings, ringingAt: clock.now(), muted: false,
      ...sipCallIdOf(invitation),
    };
    this.acked = new Promise<void>((resolve) => {
      this.ackArrived = resolve;
    });
    invitation.delegate = {
      onAck: () => this.ackArrived(),
      onCancel: (cancel) => {
        // The Reason is the PBX's text: cleaned and capped before it is shown (endDetail).
        const reason = sipValue(cancel.request.getHeader('reason'));
        this.cause = ANSWERED_ELSEWHERE.test(reason)
          ? { reason: 'answered-elsewhere' }
          : { reason: 'missed', ...(reason ? { detail: `caller cancelled: ${reason}` } : {}) };
      },
      onBye: (bye) => {
        this.cause = { reason: 'caller-hung-up' };
        bye.accept().catch((e: unknown) => this.logger.warn('call: could not answer BYE', e));
      },
      // The caller's re-INVITE, once SIP.js has answered it: sendonly/inactive means they hold us.
      onInvite: (request, _response, statusCode) => {
        if (statusCode !== 200 || this.snap.state !== 'active') return;
        const offered = directionOf(typeof request.body === 'string' ? request.body : '');
        const remoteHold = offered === 'sendonly' || offered === 'inactive';
        if (remoteHold !== (this.snap.remoteHold === true)) this.update(withField(this.snap, 'remoteHold', remoteHold || undefined));
      },
    };
    invitation.stateChange.addListener((state) => this.onSessionState(state));
  }

  get id(): string {
    return this.snap.id;
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  async accept(): Promise<void> {
    if (this.snap.state !== 'ringing') throw new Error(`cannot accept a call that is ${this.snap.state}`);
    if (this.accepting) throw new Error('the call is already being answered');
    // SIP.js terminates the session before accept() rejects: hold the end until the error is known.
    this.accepting = true;
    let failure: unknown;
    try {
      await this.invitation.accept(AUDIO_ONLY);
    } catch (error) {
      failure = error;
      this.cause ??= { reason: 'failed', detail: `accept failed: ${sipValue(String((error as Error)?.message ?? error), 512)}` };
    } finally {
      this.accepting = false;
    }
    if (this.invitation.state === SessionState.Terminated) this.end();
    if (failure !== undefined) throw failure;
  }

  async reject(code: 486 | 603 = 486): Promise<void> {
    if (this.snap.state !== 'ringing') throw new Error(`cannot reject a call that is ${this.snap.state}`);
    this.cause = { reason: 'declined', detail: String(code) };
    await this.invitation.reject({ statusCode: code });
  }

  /** Ends the call from the agent's side: BYE when answered, 486 while it still rings. */
  async hangup(): Promise<void> {
    if (this.snap.state === 'ringing') return this.reject(486);
    if (this.snap.state === 'ended') return;
    this.cause = { reason: 'agent-hung-up' };
    if (this.invitation.state === SessionState.Established) {
      await this.invitation.bye();
    } else {
      this.end();
    }
  }

  setMuted(muted: boolean): void {
    if (this.snap.state === 'ended') return;
    this.update({ ...this.snap, muted });
    this.applyMute();
  }

  /** Hook for transfer.ts: the call's transfer (undefined: none, or cancelled). */
  setTransfer(transfer: TransferInfo | undefined): void {
    if (this.snap.state === 'ended') return;
    const { transfer: _old, ...rest } = this.snap;
    this.update(transfer === undefined ? rest : { ...rest, transfer });
  }

  /** Hook for transfer.ts: a held call sends silence, so the caller does not hear the consult. */
  setAudioHeld(held: boolean): void {
    this.audioHeld = held;
    this.applyMute();
  }

  /** Hook for transfer.ts: the transfer succeeded (2xx NOTIFY), so the agent's leg ends. */
  endTransferred(detail: string): void {
    if (this.snap.state !== 'active') return;
    this.cause = { reason: 'agent-hung-up', detail };
    if (this.invitation.state !== SessionState.Established) return this.end();
    this.invitation.bye().catch((e: unknown) => this.logger.warn('call: BYE after the transfer failed', e));
  }

  /**
   * Puts our side on hold (`held`) or back, by re-INVITE; resolves once the far end accepted,
   * rejects (the call unchanged, `holdError` saying why) when it refused or did not answer.
   * The same request again once it is done is a no-op; one while a re-INVITE is pending is refused.
   */
  async setHold(held: boolean): Promise<void> {
    if (this.snap.state !== 'active') throw new Error(`cannot ${held ? 'hold' : 'resume'} a call that is ${this.snap.state}`);
    // An attended transfer holds the call itself (transfer.ts): a second hold would fight it.
    if (this.snap.transfer?.status === 'pending') throw new Error('a transfer of this call is in progress');
    const from = holdPhaseOf(this.snap.hold);
    if ((held && from === 'held') || (!held && from === 'talking')) return;
    this.moveHold(held ? 'hold' : 'resume', { holdError: undefined });
    await this.acked;
    const outcome = await reinviteForHold(this.invitation, held);
    if (this.snap.state !== 'active') return; // ended meanwhile: nothing left to hold
    if (outcome.ok) {
      this.logger.info(`call ${this.id}: ${held ? 'held' : 'resumed'} (answer ${outcome.answer})`);
      this.moveHold('answered', {});
      return;
    }
    const holdError = `${held ? 'Hold' : 'Resume'} failed: ${outcome.detail}`;
    this.logger.warn(`call ${this.id}: ${holdError}`);
    this.moveHold('failed', { holdError });
    throw new Error(holdError);
  }

  /** Keypad digits (checked: dtmf.ts), in the given mode; queued behind digits still going out. */
  sendDtmf(digits: string, mode: DtmfMode): Promise<void> {
    if (this.snap.state !== 'active') return Promise.reject(new Error(`cannot send DTMF on a call that is ${this.snap.state}`));
    const run = this.dtmfQueue.then(() => sendDtmf(this.invitation, digits, mode));
    this.dtmfQueue = run.catch(() => undefined);
    return run;
  }

  remoteMediaStream(): MediaStream | undefined {
    return this.media()?.remoteMediaStream;
  }

  /** The connection to the PBX is gone or the phone is being reconfigured. */
  abandon(detail: string): void {
    if (this.snap.state === 'ended') return;
    this.cause = { reason: this.snap.state === 'ringing' ? 'missed' : 'failed', detail };
    this.invitation.dispose().catch(() => undefined);
    this.end();
  }

  /**
   * After the PBX connection came back: a re-INVITE with an ICE restart (new candidates, new
   * credentials), so media that the network change broke is set up again (SIP.js #1095). Resolves
   * with the outcome; on failure the caller decides (Phone ends the call). A 481 or 408 makes
   * SIP.js end the dialog itself: the cause is set first so the end says why.
   */
  restartIce(timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.snap.state !== 'active') return Promise.resolve({ ok: false, reason: `the call is ${this.snap.state}` });
    const lostCause = { reason: 'failed' as const, detail: 'connection to the PBX lost; the media could not be restored (re-INVITE failed)' };
    this.cause = lostCause;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: { ok: true } | { ok: false; reason: string }) => {
        if (settled) return;
        settled = true;
        this.clock.clearTimeout(timer);
        if (outcome.ok && this.cause === lostCause) this.cause = undefined;
        resolve(outcome);
      };
      const timer = this.clock.setTimeout(() => finish({ ok: false, reason: `no answer to the re-INVITE within ${timeoutMs / 1000} s` }), timeoutMs);
      this.invitation
        .invite({
          // Web.SessionDescriptionHandlerOptions (the browser's handler); the core type does not name offerOptions.
          sessionDescriptionHandlerOptions: { ...AUDIO_ONLY.sessionDescriptionHandlerOptions, offerOptions: { iceRestart: true } } as Web.SessionDescriptionHandlerOptions,
          requestDelegate: {
            onAccept: () => finish({ ok: true }),
            onReject: (response) => finish({ ok: false, reason: `re-INVITE answered ${response.message.statusCode} ${sipValue(response.message.reasonPhrase)}`.trim() }),
          },
        })
        .catch((e: unknown) => finish({ ok: false, reason: `re-INVITE not sent: ${sipValue(String((e as Error)?.message ?? e), 256)}` }));
    });
  }

  /** Disabling the local track sends silence without renegotiating; re-applied once media exists. */
  private applyMute(): void {
    for (const sender of this.media()?.peerConnection?.getSenders() ?? []) {
      if (sender.track?.kind === 'audio') sender.track.enabled = !this.snap.muted && !this.audioHeld;
    }
  }

  private media(): MediaHandler | undefined {
    return this.invitation.sessionDescriptionHandler as MediaHandler | undefined;
  }

  private onSessionState(state: SessionState): void {
    if (state === SessionState.Established) {
      this.move({ to: 'active' }, { answeredAt: this.clock.now() });
      this.applyMute();
    } else if (state === SessionState.Terminated) {
      this.ackArrived();
    }
    if (state === SessionState.Terminated && !this.accepting) {
      this.end();
    }
  }

  private end(): void {
    if (this.snap.state === 'ended') return;
    const fallback: { reason: CallEndReason; detail: string } =
      this.snap.state === 'ringing'
        ? { reason: 'missed', detail: 'not answered in time' }
        : { reason: 'failed', detail: 'session terminated' };
    const cause = this.cause && canTransitionCall(this.snap.state, { to: 'ended', reason: this.cause.reason }) ? this.cause : fallback;
    const extra: Partial<CallSnapshot> = { endedAt: this.clock.now() };
    if (cause.detail !== undefined) extra.endDetail = cause.detail;
    this.move({ to: 'ended', reason: cause.reason }, extra);
  }

  private move(transition: CallTransition, extra: Partial<CallSnapshot>): void {
    if (!canTransitionCall(this.snap.state, transition)) {
      this.logger.error(`call ${this.id}: refused transition ${this.snap.state} -> ${transition.to}`);
      return;
    }
    const next: CallSnapshot = { ...this.snap, ...extra, state: transition.to };
    if (transition.to === 'ended') {
      next.endReason = transition.reason;
      // Hold is a sub-state of 'active' only: an ended call is not on hold.
      delete next.hold;
      delete next.remoteHold;
    }
    this.logger.info(`call ${this.id}: ${this.snap.state} -> ${transition.to}${transition.to === 'ended' ? ` (${transition.reason})` : ''}`);
    this.update(next);
  }

  /** A guarded hold move (hold-state.ts): an impossible one throws and changes nothing. */
  private moveHold(event: HoldEvent, extra: Pick<CallSnapshot, 'holdError'>): void {
    const from: HoldPhase = holdPhaseOf(this.snap.hold);
    const to = nextHold(from, event);
    if (to === null) throw new Error(`cannot ${event} while ${from === 'talking' ? 'talking' : from}`);
    let next = withField(this.snap, 'hold', to === 'talking' ? undefined : to);
    next = withField(next, 'holdError', extra.holdError);
    this.logger.info(`call ${this.id}: hold ${from} -> ${to}`);
    this.update(next);
  }

  private update(next: CallSnapshot): void {
    this.snap = next;
    this.emit(next);
  }
}

/** A copy with `key` set, or left out when undefined (optional snapshot fields are absent, not undefined). */
function withField<K extends 'hold' | 'holdError' | 'remoteHold'>(snap: CallSnapshot, key: K, value: CallSnapshot[K]): CallSnapshot {
  const next = { ...snap };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** The SIP Call-ID, cleaned and capped, for debugging only (never a key). */
export function sipCallIdOf(invitation: Invitation): { sipCallId?: string } {
  let raw: unknown;
  try {
    raw = invitation.request.callId;
  } catch {
    return {};
  }
  const value = sipValue(raw);
  return value === '' ? {} : { sipCallId: value };
}

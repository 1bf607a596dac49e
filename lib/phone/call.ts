import { SessionState, type Invitation, type Web } from 'sip.js';
import type { CallNotification } from '../call-notification';
import { canTransitionCall, type CallTransition } from './call-state';
import { sipValue } from './sip-values';
import type { CallEndReason, CallSnapshot, Clock, Logger } from './types';

/** Audio only: the PBX's calls are voice, and asking for a camera would prompt for it. */
const AUDIO_ONLY = { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } };

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
    invitation.delegate = {
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
      if (sender.track?.kind === 'audio') sender.track.enabled = !this.snap.muted;
    }
  }

  private media(): MediaHandler | undefined {
    return this.invitation.sessionDescriptionHandler as MediaHandler | undefined;
  }

  private onSessionState(state: SessionState): void {
    if (state === SessionState.Established) {
      this.move({ to: 'active' }, { answeredAt: this.clock.now() });
      this.applyMute();
    } else if (state === SessionState.Terminated && !this.accepting) {
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
    if (transition.to === 'ended') next.endReason = transition.reason;
    this.logger.info(`call ${this.id}: ${this.snap.state} -> ${transition.to}${transition.to === 'ended' ? ` (${transition.reason})` : ''}`);
    this.update(next);
  }

  private update(next: CallSnapshot): void {
    this.snap = next;
    this.emit(next);
  }
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

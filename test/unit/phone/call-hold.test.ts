import { EmitterImpl, SessionState, type Invitation, type SessionDelegate, type SessionInviteOptions } from 'sip.js';
import { describe, expect, it, vi } from 'vitest';
import { PhoneCall } from '../../../lib/phone/call';
import type { CallSnapshot } from '../../../lib/phone/types';

/** An answered SIP.js session whose re-INVITEs the test answers by hand. */
class FakeSession {
  delegate: SessionDelegate | undefined;
  stateChange = new EmitterImpl<SessionState>();
  state = SessionState.Established;
  sessionDescriptionHandlerOptionsReInvite: object = {};
  sessionDescriptionHandlerModifiersReInvite: unknown[] = [];
  sessionDescriptionHandler = { sendDtmf: vi.fn(() => true) };
  reinvites: SessionInviteOptions[] = [];
  infos: string[] = [];
  invite = vi.fn(async (options: SessionInviteOptions) => {
    this.reinvites.push(options);
    if (options.sessionDescriptionHandlerModifiers) this.sessionDescriptionHandlerModifiersReInvite = options.sessionDescriptionHandlerModifiers;
    return {} as never;
  });
  info = vi.fn(async (options: { requestOptions?: { body?: { content: string } }; requestDelegate?: { onAccept?: (r: unknown) => void } }) => {
    this.infos.push(options.requestOptions?.body?.content ?? '');
    options.requestDelegate?.onAccept?.({});
    return {} as never;
  });
  accept = vi.fn(async () => undefined);
  bye = vi.fn(async () => this.setState(SessionState.Terminated));
  setState(state: SessionState) {
    this.state = state;
    this.stateChange.emit(state);
  }
  /** Answers the last re-INVITE: 2xx with an SDP direction, or a failure code. */
  answer(outcome: { direction: string } | { code: number; reason: string }) {
    const delegate = this.reinvites.at(-1)!.requestDelegate!;
    if ('direction' in outcome) delegate.onAccept!({ message: { body: `v=0\r\nm=audio 9 RTP/AVP 0\r\na=${outcome.direction}\r\n` } } as never);
    else delegate.onReject!({ message: { statusCode: outcome.code, reasonPhrase: outcome.reason } } as never);
  }
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function activeCall() {
  const session = new FakeSession();
  const snapshots: CallSnapshot[] = [];
  const clock = { now: () => 1_000, setTimeout: () => 0, clearTimeout: () => undefined };
  const call = new PhoneCall('c1', session as unknown as Invitation, {} as never, [], clock, quiet, (s) => snapshots.push(s));
  session.setState(SessionState.Established); // as after accept()
  session.delegate!.onAck!({} as never); // the caller's ACK of our 200 OK
  const holds = () => snapshots.map((s) => s.hold ?? 'talking');
  return { session, call, snapshots, holds, last: () => snapshots.at(-1)! };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PhoneCall hold / resume', () => {
  it('hold: holding until the 2xx, then held; the offer carries the hold option and no SDP modifier', async () => {
    const { session, call, holds, last } = activeCall();
    const done = call.setHold(true);
    await tick();
    expect(last().hold).toBe('holding');
    const offer = session.reinvites[0]!;
    expect(offer.sessionDescriptionHandlerOptions).toMatchObject({ hold: true });
    // A modifier would also rewrite the caller's answer (recvonly -> inactive): none, see hold.ts.
    expect(offer.sessionDescriptionHandlerModifiers).toEqual([]);
    session.answer({ direction: 'recvonly' });
    await done;
    expect(last().hold).toBe('held');
    expect(holds()).toEqual(['talking', 'holding', 'held']);
  });

  it('resume: resuming until the 2xx, then talking (no hold field), offer without modifiers', async () => {
    const { session, call, last } = activeCall();
    const held = call.setHold(true);
    await tick();
    session.answer({ direction: 'recvonly' });
    await held;
    const resumed = call.setHold(false);
    await tick();
    expect(last().hold).toBe('resuming');
    expect(session.reinvites[1]!.sessionDescriptionHandlerOptions).toMatchObject({ hold: false });
    expect(session.reinvites[1]!.sessionDescriptionHandlerModifiers).toEqual([]);
    session.answer({ direction: 'sendrecv' });
    await resumed;
    expect('hold' in last()).toBe(false);
  });

  it("the re-INVITE waits for the caller's ACK of the answer (else it crosses the ACK)", async () => {
    const session = new FakeSession();
    const clock = { now: () => 1_000, setTimeout: () => 0, clearTimeout: () => undefined };
    const call = new PhoneCall('c1', session as unknown as Invitation, {} as never, [], clock, quiet, () => {});
    session.setState(SessionState.Established);
    const done = call.setHold(true);
    await tick();
    expect(session.invite).not.toHaveBeenCalled();
    expect(call.snapshot.hold).toBe('holding');
    session.delegate!.onAck!({} as never);
    await tick();
    expect(session.invite).toHaveBeenCalledTimes(1);
    session.answer({ direction: 'recvonly' });
    await done;
  });

  it('a rejected hold leaves the call talking, says why, and restores the re-INVITE options', async () => {
    const { session, call, last } = activeCall();
    const done = call.setHold(true);
    await tick();
    session.answer({ code: 488, reason: 'Not Acceptable Here' });
    await expect(done).rejects.toThrow('Hold failed: 488 Not Acceptable Here');
    expect(last().hold).toBeUndefined();
    expect(last().holdError).toBe('Hold failed: 488 Not Acceptable Here');
    expect(session.sessionDescriptionHandlerModifiersReInvite).toEqual([]);
  });

  it('a rejected resume leaves the call held; the next try clears the error', async () => {
    const { session, call, last } = activeCall();
    const held = call.setHold(true);
    await tick();
    session.answer({ direction: 'inactive' });
    await held;
    const resume = call.setHold(false);
    await tick();
    session.answer({ code: 408, reason: 'Request Timeout' });
    await expect(resume).rejects.toThrow('Resume failed: 408');
    expect(last()).toMatchObject({ hold: 'held', holdError: 'Resume failed: 408 Request Timeout' });
    const again = call.setHold(false);
    await tick();
    expect(last().holdError).toBeUndefined();
    session.answer({ direction: 'sendrecv' });
    await again;
  });

  it('refuses a second hold or resume while a re-INVITE is pending, and hold on a call that is not active', async () => {
    const { session, call } = activeCall();
    const first = call.setHold(true);
    await expect(call.setHold(true)).rejects.toThrow('cannot hold while holding');
    await expect(call.setHold(false)).rejects.toThrow('cannot resume while holding');
    expect(session.invite).toHaveBeenCalledTimes(1);
    session.answer({ direction: 'recvonly' });
    await first;
    await call.setHold(true); // already held: nothing sent
    expect(session.invite).toHaveBeenCalledTimes(1);
    session.setState(SessionState.Terminated);
    await expect(call.setHold(false)).rejects.toThrow('cannot resume a call that is ended');
  });

  it('an invite() that throws (SIP.js: re-INVITE in progress) is a failed hold', async () => {
    const { session, call, last } = activeCall();
    session.invite.mockRejectedValueOnce(new Error('Reinvite in progress'));
    await expect(call.setHold(true)).rejects.toThrow('Hold failed: Reinvite in progress');
    expect(last().hold).toBeUndefined();
  });

  it('the call ending while held drops the hold state', async () => {
    const { session, call, last } = activeCall();
    const held = call.setHold(true);
    await tick();
    session.answer({ direction: 'recvonly' });
    await held;
    session.setState(SessionState.Terminated);
    expect(last()).toMatchObject({ state: 'ended' });
    expect('hold' in last()).toBe(false);
  });

  it("the caller's re-INVITE offering sendonly marks remoteHold, sendrecv clears it", () => {
    const { session, last } = activeCall();
    const reinvite = (dir: string) => session.delegate!.onInvite!({ body: `v=0\r\nm=audio 9 RTP/AVP 0\r\na=${dir}\r\n` } as never, {} as never, 200);
    reinvite('sendonly');
    expect(last().remoteHold).toBe(true);
    reinvite('sendrecv');
    expect('remoteHold' in last()).toBe(false);
  });
});

describe('PhoneCall DTMF', () => {
  it('rfc4733 goes through the media handler with tone and gap', async () => {
    const { session, call } = activeCall();
    await call.sendDtmf('12#', 'rfc4733');
    expect(session.sessionDescriptionHandler.sendDtmf).toHaveBeenCalledWith('12#', { duration: 160, interToneGap: 100 });
  });

  it('rfc4733 without a DTMF sender is an error', async () => {
    const { session, call } = activeCall();
    session.sessionDescriptionHandler.sendDtmf.mockReturnValueOnce(false);
    await expect(call.sendDtmf('1', 'rfc4733')).rejects.toThrow('cannot send RFC 4733');
  });

  it('info sends one application/dtmf-relay INFO per digit, in order', async () => {
    const { session, call } = activeCall();
    await call.sendDtmf('9*', 'info');
    expect(session.infos).toEqual(['Signal=9\r\nDuration=160\r\n', 'Signal=*\r\nDuration=160\r\n']);
  });

  it('refuses bad digits and calls that are not active', async () => {
    const { session, call } = activeCall();
    await expect(call.sendDtmf('1\r\nX', 'info')).rejects.toThrow('DTMF');
    expect(session.info).not.toHaveBeenCalled();
    session.setState(SessionState.Terminated);
    await expect(call.sendDtmf('1', 'info')).rejects.toThrow('ended');
  });
});

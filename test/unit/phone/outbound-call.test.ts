import { EmitterImpl, SessionState, type SessionDelegate } from 'sip.js';
import { describe, expect, it, vi } from 'vitest';
import { OutboundCall, type InviterLike } from '../../../lib/phone/outbound-call';
import type { CallSnapshot } from '../../../lib/phone/types';

type InviteOptions = { requestDelegate?: { onProgress?(r: unknown): void; onReject?(r: unknown): void } };

/** Stands in for SIP.js's Inviter: the test plays the far end's responses. */
class FakeInviter {
  delegate: SessionDelegate | undefined;
  stateChange = new EmitterImpl<SessionState>();
  state = SessionState.Initial;
  track = { kind: 'audio', enabled: true };
  sessionDescriptionHandler: unknown = { peerConnection: { getSenders: () => [{ track: this.track }] } };
  options: InviteOptions & { sessionDescriptionHandlerOptions?: unknown } = {};
  inviteError: Error | undefined;
  invite = vi.fn(async (options: InviteOptions) => {
    this.options = options;
    if (this.inviteError) throw this.inviteError;
    this.setState(SessionState.Establishing);
    return {} as never;
  });
  cancel = vi.fn(async () => {
    this.respond(487, 'Request Terminated');
  });
  bye = vi.fn(async () => this.setState(SessionState.Terminated));
  dispose = vi.fn(async () => this.setState(SessionState.Terminated));
  setState(state: SessionState) {
    this.state = state;
    this.stateChange.emit(state);
  }
  progress(code: number) {
    this.options.requestDelegate?.onProgress?.({ message: { statusCode: code, reasonPhrase: 'Ringing' } });
  }
  /** In SIP.js's order: the session terminates first, then the request delegate hears why. */
  respond(code: number, phrase: string) {
    this.setState(SessionState.Terminated);
    this.options.requestDelegate?.onReject?.({ message: { statusCode: code, reasonPhrase: phrase } });
  }
  answer() {
    this.setState(SessionState.Established);
  }
  remoteBye() {
    const accept = vi.fn(async () => undefined);
    this.delegate?.onBye?.({ accept } as never);
    this.setState(SessionState.Terminated);
    return accept;
  }
}

function setup() {
  const inviter = new FakeInviter();
  const snapshots: CallSnapshot[] = [];
  let now = 1_000;
  const clock = { now: () => now++, setTimeout: () => 0, clearTimeout: () => undefined };
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const call = new OutboundCall('out-1', '+14155552671', '1001', inviter as unknown as InviterLike, clock, logger, (s) => snapshots.push(s));
  return { inviter, call, snapshots, logger, last: () => snapshots.at(-1)! };
}

describe('OutboundCall', () => {
  it('starts dialing with the number, outbound, audio only', async () => {
    const { call, inviter } = setup();
    expect(call.snapshot).toMatchObject({ id: 'out-1', state: 'dialing', direction: 'outbound', source: 'sip', muted: false });
    expect(call.snapshot.notification).toMatchObject({ number: '+14155552671', direction: 'outbound', ext: '1001', callRef: '' });
    await call.start();
    expect(inviter.options.sessionDescriptionHandlerOptions).toEqual({ constraints: { audio: true, video: false } });
  });

  it('marks the far end ringing on 180, then active on answer, then remote-hung-up on its BYE', async () => {
    const { call, inviter, last } = setup();
    await call.start();
    inviter.progress(180);
    expect(last()).toMatchObject({ state: 'dialing', remoteRinging: true });
    inviter.answer();
    expect(last()).toMatchObject({ state: 'active', remoteRinging: false });
    expect(last().answeredAt).toBeTypeOf('number');
    const accepted = inviter.remoteBye();
    expect(accepted).toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'ended', endReason: 'remote-hung-up' });
    expect(last().remoteRinging).toBeUndefined();
  });

  it.each([
    [486, 'Busy Here', 'busy'],
    [480, 'Temporarily Unavailable', 'no-answer'],
    [487, 'Request Terminated', 'no-answer'],
    [603, 'Decline', 'rejected'],
    [404, 'Not Found', 'rejected'],
    [503, 'Service Unavailable', 'failed'],
  ] as const)('ends a call refused with %i as %s, the code in the detail', async (code, phrase, reason) => {
    const { call, inviter, last } = setup();
    await call.start();
    inviter.respond(code, phrase);
    await Promise.resolve();
    expect(last()).toMatchObject({ state: 'ended', endReason: reason, endDetail: `${code} ${phrase}` });
  });

  it('cleans the far end reason phrase before showing it', async () => {
    const { call, inviter, last } = setup();
    await call.start();
    inviter.respond(603, 'Go\u202eaway\u0000');
    await Promise.resolve();
    expect(last().endDetail).toBe('603 Goaway');
  });

  it('Hang up while dialing sends CANCEL and ends as cancelled, not as no answer (the 487 is ours)', async () => {
    const { call, inviter, last } = setup();
    await call.start();
    await call.hangup();
    expect(inviter.cancel).toHaveBeenCalled();
    expect(inviter.bye).not.toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'ended', endReason: 'cancelled' });
  });

  it('Hang up once answered sends BYE and ends as agent-hung-up', async () => {
    const { call, inviter, last } = setup();
    await call.start();
    inviter.answer();
    await call.hangup();
    expect(inviter.bye).toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'ended', endReason: 'agent-hung-up' });
  });

  it('a 200 crossing our CANCEL is answered and then ended by us: agent-hung-up, never a refused transition', async () => {
    const { call, inviter, last, logger } = setup();
    await call.start();
    inviter.cancel.mockImplementationOnce(async () => {}); // the CANCEL is on its way
    await call.hangup();
    inviter.answer();
    inviter.setState(SessionState.Terminated); // SIP.js sends BYE at once
    expect(last()).toMatchObject({ state: 'ended', endReason: 'agent-hung-up' });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('an INVITE that cannot be sent ends the call as failed with why', async () => {
    const { call, inviter, last } = setup();
    inviter.inviteError = new Error('transport closed');
    await call.start();
    expect(last()).toMatchObject({ state: 'ended', endReason: 'failed', endDetail: 'INVITE not sent: transport closed' });
  });

  it('mutes the audio sender and keeps it muted once answered', async () => {
    const { call, inviter, last } = setup();
    await call.start();
    call.setMuted(true);
    expect(last().muted).toBe(true);
    inviter.track.enabled = true; // media set up again by the answer
    inviter.answer();
    expect(inviter.track.enabled).toBe(false);
  });

  it('cannot be answered or declined; abandon ends it as failed', async () => {
    const { call, last } = setup();
    await call.start();
    await expect(call.accept()).rejects.toThrow(/cannot be answered/);
    await expect(call.reject()).rejects.toThrow(/hang up instead/);
    call.abandon('connection to the PBX lost');
    expect(last()).toMatchObject({ state: 'ended', endReason: 'failed', endDetail: 'connection to the PBX lost' });
  });

  it('a session SIP.js ends with no final answer is failed, and nothing follows ended', async () => {
    const { call, inviter, last, snapshots } = setup();
    await call.start();
    inviter.setState(SessionState.Terminated);
    await Promise.resolve();
    expect(last()).toMatchObject({ state: 'ended', endReason: 'failed' });
    const count = snapshots.length;
    inviter.answer();
    await call.hangup();
    expect(snapshots).toHaveLength(count);
  });
});

import { EmitterImpl, SessionState, type Invitation, type SessionDelegate } from 'sip.js';
import { describe, expect, it, vi } from 'vitest';
import type { CallNotification } from '../../../lib/call-notification';
import { PhoneCall } from '../../../lib/phone/call';
import type { CallSnapshot } from '../../../lib/phone/types';

const notification: CallNotification = {
  number: '07700900123', dialNumber: '02079460000', holdTimeSec: 42, callRef: 'c2d-1', contactRef: '',
  campaignRef: null, direction: 'inbound', ext: '1001', format: 'sip',
};

/** Stands in for SIP.js's Invitation: the test drives its session state. */
class FakeInvitation {
  id = 'call-1';
  delegate: SessionDelegate | undefined;
  stateChange = new EmitterImpl<SessionState>();
  state = SessionState.Initial;
  tracks = { audio: { kind: 'audio', enabled: true }, video: { kind: 'video', enabled: true } };
  sessionDescriptionHandler: unknown;
  acceptError: Error | undefined;
  accept = vi.fn(async () => {
    this.setState(SessionState.Establishing);
    await Promise.resolve(); // the media handler answers asynchronously
    if (this.acceptError) {
      this.setState(SessionState.Terminated); // as SIP.js does, before rejecting
      throw this.acceptError;
    }
    this.sessionDescriptionHandler = { peerConnection: { getSenders: () => [{ track: this.tracks.audio }, { track: this.tracks.video }] } };
    this.setState(SessionState.Established);
  });
  reject = vi.fn(async () => this.setState(SessionState.Terminated));
  bye = vi.fn(async () => this.setState(SessionState.Terminated));
  dispose = vi.fn(async () => this.setState(SessionState.Terminated));
  setState(state: SessionState) {
    this.state = state;
    this.stateChange.emit(state);
  }
  /** A CANCEL or BYE from the caller, as SIP.js hands it to the delegate. */
  cancel(reason?: string) {
    this.delegate?.onCancel?.({ request: { getHeader: (n: string) => (n === 'reason' ? reason : undefined) } } as never);
    this.setState(SessionState.Terminated);
  }
  remoteBye() {
    const accept = vi.fn(async () => undefined);
    this.delegate?.onBye?.({ accept } as never);
    this.setState(SessionState.Terminated);
    return accept;
  }
}

function setup() {
  const invitation = new FakeInvitation();
  const snapshots: CallSnapshot[] = [];
  let now = 1_000;
  const clock = { now: () => now++, setTimeout: () => 0, clearTimeout: () => undefined };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const call = new PhoneCall('call-1', invitation as unknown as Invitation, notification, ['w'], clock, quiet, (s) => snapshots.push(s));
  return { invitation, call, snapshots, last: () => snapshots.at(-1) };
}

describe('PhoneCall', () => {
  it('starts ringing with the notification and warnings', () => {
    const { call } = setup();
    expect(call.snapshot).toEqual({ id: 'call-1', source: 'sip', state: 'ringing', notification, warnings: ['w'], ringingAt: 1_000, muted: false });
  });

  it('accept() asks for audio only and goes active with answeredAt', async () => {
    const { call, invitation, last } = setup();
    await call.accept();
    expect(invitation.accept).toHaveBeenCalledWith({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    expect(last()).toMatchObject({ state: 'active', answeredAt: expect.any(Number) });
  });

  it('a second accept() while the first is under way is refused and changes nothing', async () => {
    const { call, invitation, last } = setup();
    const first = call.accept();
    await expect(call.accept()).rejects.toThrow('already being answered');
    await first;
    expect(invitation.accept).toHaveBeenCalledTimes(1);
    expect(last()).toMatchObject({ state: 'active' });
  });

  it('setMuted disables only the local audio track, and a mute set while ringing applies on answer', async () => {
    const { call, invitation, last } = setup();
    call.setMuted(true);
    await call.accept();
    expect(invitation.tracks.audio.enabled).toBe(false);
    expect(invitation.tracks.video.enabled).toBe(true);
    call.setMuted(false);
    expect(invitation.tracks.audio.enabled).toBe(true);
    expect(last()).toMatchObject({ state: 'active', muted: false });
  });

  it.each([
    ['SIP;cause=200;text="Call completed elsewhere"', 'answered-elsewhere'],
    ['SIP;cause=487;text="Request Terminated"', 'missed'],
    [undefined, 'missed'],
  ])('a CANCEL with Reason %s ends a ringing call as %s', (reason, expected) => {
    const { invitation, last } = setup();
    invitation.cancel(reason);
    expect(last()).toMatchObject({ state: 'ended', endReason: expected, endedAt: expect.any(Number) });
  });

  it('a CANCEL Reason is cleaned and capped before it becomes the end detail', () => {
    const { invitation, last } = setup();
    invitation.cancel(`SIP;cause=480;text="\u202Egone\u200B${'x'.repeat(5_000)}"\r\nInjected: 1`);
    const detail = last()?.endDetail ?? '';
    expect(detail.startsWith('caller cancelled: SIP;cause=480;text="gone')).toBe(true);
    expect(detail).not.toMatch(/[\u0000-\u001F\u200B\u202E]/);
    expect(detail.length).toBeLessThanOrEqual('caller cancelled: '.length + 129);
  });

  it('keeps the id it was given, whatever the SIP Call-ID', () => {
    const { call } = setup();
    expect(call.id).toBe('call-1');
    expect(call.snapshot).toMatchObject({ id: 'call-1' });
  });

  it('a BYE from the caller is answered and ends the call as caller-hung-up', async () => {
    const { call, invitation, last } = setup();
    await call.accept();
    const accepted = invitation.remoteBye();
    expect(accepted).toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'ended', endReason: 'caller-hung-up' });
  });

  it('hangup() sends BYE when active (agent-hung-up) and rejects with 486 while ringing (declined)', async () => {
    const active = setup();
    await active.call.accept();
    await active.call.hangup();
    expect(active.invitation.bye).toHaveBeenCalled();
    expect(active.last()).toMatchObject({ state: 'ended', endReason: 'agent-hung-up' });

    const ringing = setup();
    await ringing.call.hangup();
    expect(ringing.invitation.reject).toHaveBeenCalledWith({ statusCode: 486 });
    expect(ringing.last()).toMatchObject({ state: 'ended', endReason: 'declined', endDetail: '486' });
  });

  it('reject(603) ends the call as declined; a second reject is refused', async () => {
    const { call, invitation, last } = setup();
    await call.reject(603);
    expect(invitation.reject).toHaveBeenCalledWith({ statusCode: 603 });
    expect(last()).toMatchObject({ state: 'ended', endReason: 'declined', endDetail: '603' });
    await expect(call.reject(486)).rejects.toThrow('ended');
  });

  it('a failing accept ends the call as failed with the error, and rethrows it', async () => {
    const { call, invitation, snapshots } = setup();
    invitation.acceptError = new Error('Permission denied');
    await expect(call.accept()).rejects.toThrow('Permission denied');
    expect(snapshots.map((s) => s.state)).toEqual(['ended']);
    expect(snapshots[0]).toMatchObject({ endReason: 'failed', endDetail: 'accept failed: Permission denied' });
  });

  it('a session SIP.js ends on its own is missed while ringing (no answer) and failed when active', async () => {
    const ringing = setup();
    ringing.invitation.setState(SessionState.Terminated);
    expect(ringing.last()).toMatchObject({ endReason: 'missed', endDetail: 'not answered in time' });

    const active = setup();
    await active.call.accept();
    active.invitation.setState(SessionState.Terminated);
    expect(active.last()).toMatchObject({ endReason: 'failed', endDetail: 'session terminated' });
  });

  it('emits exactly one ended snapshot, whatever follows', async () => {
    const { call, invitation, snapshots } = setup();
    invitation.cancel();
    call.abandon('late');
    invitation.setState(SessionState.Terminated);
    call.setMuted(true);
    expect(snapshots.filter((s) => s.state === 'ended')).toHaveLength(1);
    expect(snapshots).toHaveLength(1);
  });
});

import type { SessionDescriptionHandlerFactory } from 'sip.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DUMMY_SDP, fakeSdhFactory } from '../pbx/fake-sdh';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller, type CallerCall, type SipCaller } from '../pbx/sip-caller';
import { startCallee, type SipCallee } from '../pbx/sip-callee';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { makePhone, phoneConfig, waitFor, type TestPhone } from './phone-harness';

/**
 * Transfers through a real Kamailio: the agent (the Phone, 1001) talks to the caller (2001, a
 * SIP.js UA that follows REFERs like a PBX would) and transfers it to a third registered agent
 * (1002, test/pbx/sip-callee.ts), blind or after a consult call.
 */
/** Fake media that offers a=sendonly when SIP.js asks for hold, and records the SDPs it is given. */
function holdAwareSdh(received: string[]): SessionDescriptionHandlerFactory {
  return (session, options) => ({
    ...fakeSdhFactory(session, options),
    getDescription: (opts?: object) =>
      Promise.resolve({ body: (opts as { hold?: boolean } | undefined)?.hold ? DUMMY_SDP.replace('a=sendrecv', 'a=sendonly') : DUMMY_SDP, contentType: 'application/sdp' }),
    setDescription: (sdp: string) => {
      received.push(sdp);
      return Promise.resolve();
    },
  });
}
const direction = (sdp: string | undefined) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp ?? '')?.[1];

describe('Phone transfers against Kamailio', () => {
  /** SDPs the caller (2001) received from the agent, in order. */
  const atCaller: string[] = [];
  let pbx: Pbx;
  let caller: SipCaller;
  let target: SipCallee;
  let t: TestPhone;
  beforeAll(async () => {
    pbx = await startPbx();
    caller = await startCaller(pbx);
    (caller.ua.configuration as { sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory }).sessionDescriptionHandlerFactory = holdAwareSdh(atCaller);
    target = await startCallee(pbx, '1002');
  });
  afterAll(async () => {
    await target?.stop();
    await caller?.stop();
    await pbx?.stop();
  });
  beforeEach(async () => {
    target.mode = 'answer';
    target.sessions.length = 0;
    atCaller.length = 0;
    t = makePhone({ transferTimeoutMs: 8_000, sessionDescriptionHandlerFactory: holdAwareSdh([]) });
    await t.phone.configure(phoneConfig(pbx));
    await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
  });
  afterEach(async () => {
    await t.phone.dispose();
  });

  /** A call from 2001, answered by the agent. */
  async function activeCall(): Promise<{ call: CallerCall; id: string }> {
    const call = await caller.call('1001', platformaHeaderLines());
    const ringing = await waitFor(() => t.lastCall((c) => c.state === 'ringing'), 5_000, 'ringing');
    await t.phone.accept(ringing.id);
    await call.waitEstablished();
    await waitFor(() => t.lastCall((c) => c.id === ringing.id && c.state === 'active'), 5_000, 'active');
    return { call, id: ringing.id };
  }
  const snap = (id: string) => t.lastCall((c) => c.id === id);

  it('blind: REFER to 1002, the caller ends up talking to 1002 and the agent\'s call ends on NOTIFY 200', async () => {
    const { call, id } = await activeCall();
    await t.phone.transfer(id, '1002');
    expect(snap(id)?.transfer).toMatchObject({ mode: 'blind', target: '1002' });
    const ended = await waitFor(() => (snap(id)?.state === 'ended' ? snap(id) : undefined), 10_000, 'the agent call to end');
    expect(ended).toMatchObject({
      endReason: 'agent-hung-up',
      endDetail: 'transferred to 1002',
      transfer: { mode: 'blind', target: '1002', status: 'accepted', phase: 'accepted' },
    });
    // the caller followed the REFER to the target's AOR and is in a call with 1002
    expect(call.referrals).toHaveLength(1);
    expect(call.referrals[0]?.referTo).toBe(`sip:1002@${pbx.domain}`);
    await waitFor(() => call.referrals[0]?.established(), 5_000, 'caller -> 1002 established');
    const atTarget = await waitFor(() => target.sessions.find((s) => s.fromUser === '2001' && s.established()), 5_000, '1002 answered 2001');
    expect(atTarget.replaces).toBeUndefined();
    // the original dialog between the caller and the agent is gone
    await call.waitTerminated();
    expect(call.byeReceived()).toBe(true);
    // the statuses went pending -> accepted, never failed
    const statuses = t.calls.filter((c) => c.id === id && c.transfer).map((c) => c.transfer?.status);
    expect(statuses[0]).toBe('pending');
    expect(statuses).not.toContain('failed');
    await call.referrals[0]?.inviter.bye();
  });

  it('blind to a busy target fails with its answer (486) and the call stays connected', async () => {
    target.mode = 'busy';
    const { call, id } = await activeCall();
    await t.phone.transfer(id, '1002');
    const failed = await waitFor(() => (snap(id)?.transfer?.status === 'failed' ? snap(id) : undefined), 10_000, 'transfer failed');
    expect(failed).toMatchObject({ state: 'active', transfer: { mode: 'blind', phase: 'failed', detail: 'the target answered 486 Busy Here' } });
    expect(call.byeReceived()).toBe(false);
    expect(call.inviter.state).toBe('Established');
    // the call still works: a second transfer can start, and the agent can hang up as usual
    target.mode = 'answer';
    await t.phone.hangup(id);
    await call.waitTerminated();
  });

  it('blind to an unknown extension fails with 404 and the call stays; a bad target is refused before any REFER', async () => {
    const { call, id } = await activeCall();
    const refers = pbx.requests('REFER', '1001');
    await expect(t.phone.transfer(id, '10 02; drop')).rejects.toThrow(/transfer target/);
    await expect(t.phone.transfer(id, 'sip:1002@127.0.0.1?Replaces=x')).rejects.toThrow(/transfer target/);
    expect(pbx.requests('REFER', '1001')).toBe(refers);
    await t.phone.transfer(id, '1009');
    const failed = await waitFor(() => (snap(id)?.transfer?.status === 'failed' ? snap(id) : undefined), 10_000, 'transfer failed');
    expect(failed?.transfer?.detail).toMatch(/^the target answered 404\b/);
    expect(failed?.state).toBe('active');
    expect(pbx.requests('REFER', '1001')).toBe(refers + 1);
    await t.phone.hangup(id);
    await call.waitTerminated();
  });

  it('a ringing call cannot be transferred, and a call id the phone does not know is refused', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const ringing = await waitFor(() => t.lastCall((c) => c.state === 'ringing'), 5_000, 'ringing');
    await expect(t.phone.transfer(ringing.id, '1002')).rejects.toThrow('cannot transfer a call that is ringing');
    await expect(t.phone.consult(ringing.id, '1002')).rejects.toThrow('cannot transfer a call that is ringing');
    await expect(t.phone.transfer('no-such-call', '1002')).rejects.toThrow('no live call');
    expect(snap(ringing.id)?.transfer).toBeUndefined();
    await t.phone.reject(ringing.id);
    await call.waitFinal();
  });

  it('attended: hold + consult 1002, complete with Replaces, the caller talks to 1002, both agent legs end', async () => {
    const { call, id } = await activeCall();
    const reinvites = pbx.requests('INVITE', '1001');
    const { consultCallId } = await t.phone.consult(id, '1002');
    // the hold re-INVITE and the consult INVITE went out from the agent (Kamailio logs them a bit later)
    await waitFor(() => pbx.requests('INVITE', '1001') >= reinvites + 2, 5_000, 're-INVITE + consult INVITE');
    const consulting = await waitFor(() => (snap(id)?.transfer?.phase === 'consulting' ? snap(id) : undefined), 10_000, 'consulting');
    expect(consulting?.transfer).toMatchObject({ mode: 'attended', status: 'pending', consultCallId, consultState: 'active' });
    const consultAtTarget = await waitFor(() => target.sessions.find((s) => s.fromUser === '1001' && s.established()), 5_000, 'consult answered');
    // the caller was put on hold first: the agent's re-INVITE offered sendonly
    expect(atCaller.map(direction)).toEqual(['sendrecv', 'sendonly']);
    await t.phone.completeTransfer(id, consultCallId);
    const ended = await waitFor(() => (snap(id)?.state === 'ended' ? snap(id) : undefined), 10_000, 'the agent call to end');
    expect(ended).toMatchObject({ endReason: 'agent-hung-up', transfer: { mode: 'attended', status: 'accepted' } });
    // the target got an INVITE with Replaces naming the consult dialog, from the caller
    const replaced = await waitFor(() => target.sessions.find((s) => s.replaces !== undefined && s.established()), 5_000, 'INVITE with Replaces');
    expect(replaced.fromUser).toBe('2001');
    expect(replaced.replaces).toContain(consultAtTarget.invitation.request.callId);
    expect(call.referrals[0]?.replaces).toBeDefined();
    await waitFor(() => call.referrals[0]?.established(), 5_000, 'caller -> 1002 established');
    // the consult leg was replaced (the target ended it) and the original leg got the agent's BYE
    await waitFor(() => consultAtTarget.terminated(), 5_000, 'consult ended');
    await call.waitTerminated();
    expect(call.byeReceived()).toBe(true);
    await call.referrals[0]?.inviter.bye();
  });

  it('attended: a busy consult target resumes the caller and says why; cancel during a consult resumes too', async () => {
    const { call, id } = await activeCall();
    target.mode = 'busy';
    await t.phone.consult(id, '1002');
    const failed = await waitFor(() => (snap(id)?.transfer?.phase === 'failed' ? snap(id) : undefined), 10_000, 'consult failed');
    expect(failed).toMatchObject({ state: 'active', transfer: { status: 'failed', detail: 'consult call: the target answered 486 Busy Here' } });
    target.mode = 'answer';
    const { consultCallId } = await t.phone.consult(id, '1002');
    await waitFor(() => snap(id)?.transfer?.phase === 'consulting', 10_000, 'consulting');
    const consultAtTarget = await waitFor(() => target.sessions.find((s) => s.fromUser === '1001' && s.established()), 5_000, 'consult answered');
    await t.phone.cancelTransfer(id);
    await waitFor(() => snap(id)?.transfer === undefined, 10_000, 'transfer dropped after cancel');
    // hold, resume after the busy consult, hold, resume after the cancel: the caller saw each offer
    expect(atCaller.map(direction)).toEqual(['sendrecv', 'sendonly', 'sendrecv', 'sendonly', 'sendrecv']);
    await waitFor(() => consultAtTarget.terminated(), 5_000, 'consult hung up');
    expect(snap(id)?.state).toBe('active');
    await expect(t.phone.completeTransfer(id, consultCallId)).rejects.toThrow(/no consult call/);
    expect(call.byeReceived()).toBe(false);
    await t.phone.hangup(id);
    await call.waitTerminated();
  });
});

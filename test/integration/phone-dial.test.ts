/**
 * Outbound calls through the real PBX: Phone.dial (agent 1001) reaches the SIP UA registered as
 * 2001 through Kamailio, and every way such a call ends is reported as what it was.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { makePhone, phoneConfig, waitFor, type TestPhone } from './phone-harness';

describe('Phone.dial against Kamailio', () => {
  let pbx: Pbx;
  let far: SipCaller;
  let t: TestPhone;
  beforeAll(async () => {
    pbx = await startPbx();
    far = await startCaller(pbx);
  });
  afterAll(async () => {
    await far?.stop();
    await pbx?.stop();
  });
  beforeEach(async () => {
    t = makePhone();
    await t.phone.configure(phoneConfig(pbx));
    await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
  });
  afterEach(async () => { await t.phone.dispose(); });

  const snap = (id: string, state: string) => waitFor(() => t.lastCall((c) => c.id === id && c.state === state), 5_000, `call ${state}`);

  it('reaches the registered UA, rings out, is answered, and the agent hangs up with a BYE', async () => {
    const id = await t.phone.dial('2001');
    expect(t.phone.getCalls()[0]).toMatchObject({ id, state: 'dialing', direction: 'outbound' });
    const callee = await far.nextIncoming();
    expect(callee.dialled).toBe('2001');
    await callee.ring();
    await waitFor(() => t.lastCall((c) => c.id === id && c.remoteRinging === true), 5_000, 'remote ringing');
    await callee.answer();
    const active = await snap(id, 'active');
    expect(active.notification).toMatchObject({ number: '2001', direction: 'outbound', ext: '1001' });
    await t.phone.hangup(id);
    await callee.waitTerminated();
    expect(callee.byeReceived()).toBe(true);
    expect(await snap(id, 'ended')).toMatchObject({ endReason: 'agent-hung-up' });
  });

  it('the far end hangs up: remote-hung-up, and the line is free for the next call', async () => {
    const id = await t.phone.dial('2001');
    const callee = await far.nextIncoming();
    await callee.answer();
    await snap(id, 'active');
    await callee.bye();
    expect(await snap(id, 'ended')).toMatchObject({ endReason: 'remote-hung-up' });
    const next = await t.phone.dial('2001');
    const again = await far.nextIncoming();
    await again.reject(486);
    expect(await snap(next, 'ended')).toMatchObject({ endReason: 'busy', endDetail: expect.stringMatching(/^486/) });
  });

  it('Hang up while it rings out CANCELs it: the callee sees the CANCEL, the call ends as cancelled', async () => {
    const id = await t.phone.dial('2001');
    const callee = await far.nextIncoming();
    await callee.ring();
    await waitFor(() => t.lastCall((c) => c.id === id && c.remoteRinging === true), 5_000, 'remote ringing');
    await t.phone.hangup(id);
    await callee.waitTerminated();
    expect(callee.cancelled()).toBe(true);
    expect(await snap(id, 'ended')).toMatchObject({ endReason: 'cancelled' });
  });

  it.each([[603, 'rejected'], [480, 'no-answer']] as const)('the callee answers %i: %s', async (code, reason) => {
    const id = await t.phone.dial('2001');
    const callee = await far.nextIncoming();
    await callee.reject(code);
    expect(await snap(id, 'ended')).toMatchObject({ endReason: reason });
  });

  it('a number nobody is registered for is refused by the PBX (404): rejected', async () => {
    const id = await t.phone.dial('+14155552671');
    expect(await snap(id, 'ended')).toMatchObject({ endReason: 'rejected', endDetail: expect.stringMatching(/^404/) });
  });

  it('refuses a second call while one is live, and an INVITE while dialing gets 486', async () => {
    const id = await t.phone.dial('2001');
    const callee = await far.nextIncoming();
    await expect(t.phone.dial('2001')).rejects.toThrow(/another call is in progress/);
    const inbound = await far.call('1001', platformaHeaderLines());
    expect(await inbound.waitFinal()).toBe(486);
    await callee.answer();
    await snap(id, 'active');
    await t.phone.hangup(id);
    await snap(id, 'ended');
  });

  it('refuses what is not an E.164 number or an extension before anything is sent', async () => {
    for (const bad of ['2001@evil.example', 'sip:2001', '2001;transport=tcp', '', '+0123', 'abc']) {
      await expect(t.phone.dial(bad)).rejects.toThrow(/not a dialable number/);
    }
    expect(t.phone.getCalls()).toEqual([]);
  });
});

describe('Phone.dial when not registered', () => {
  it('refuses: the phone is unconfigured', async () => {
    const t = makePhone();
    await expect(t.phone.dial('2001')).rejects.toThrow(/cannot dial: the phone is unconfigured/);
    await t.phone.dispose();
  });
});

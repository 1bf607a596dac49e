import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { fakeSdhFactory } from '../pbx/fake-sdh';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { makePhone, phoneConfig, waitFor, type TestPhone } from './phone-harness';

describe('Phone calls against Kamailio', () => {
  let pbx: Pbx;
  let caller: SipCaller;
  let t: TestPhone;
  beforeAll(async () => {
    pbx = await startPbx();
    caller = await startCaller(pbx);
  });
  afterAll(async () => {
    await caller?.stop();
    await pbx?.stop();
  });
  beforeEach(async () => {
    t = makePhone();
    await t.phone.configure(phoneConfig(pbx));
    await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
  });
  afterEach(async () => { await t.phone.dispose(); });

  const ringing = () => waitFor(() => t.lastCall((c) => c.state === 'ringing'), 5_000, 'a ringing call');
  const ended = (id: string) => waitFor(() => t.lastCall((c) => c.id === id && c.state === 'ended'), 5_000, 'the call to end');

  it('an INVITE with the seven X-Platforma headers rings with the CallNotification that was sent', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    expect(snap.notification).toEqual(PLATFORMA_NOTIFICATION);
    expect(snap).toMatchObject({ state: 'ringing', muted: false });
    expect(t.phone.getCalls().map((c) => c.id)).toEqual([snap.id]);
    await t.phone.reject(snap.id);
    expect(await call.waitFinal()).toBe(486);
  });

  it.each([486, 603] as const)('reject(%i) reaches the caller and ends the call as declined', async (code) => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    await t.phone.reject(snap.id, code);
    expect(await call.waitFinal()).toBe(code);
    expect(await ended(snap.id)).toMatchObject({ endReason: 'declined' });
  });

  it('accept reaches established on both sides; the caller\'s BYE ends it as caller-hung-up', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    await t.phone.accept(snap.id);
    await call.waitEstablished();
    expect(await call.waitFinal()).toBe(200);
    const active = await waitFor(() => t.lastCall((c) => c.id === snap.id && c.state === 'active'), 5_000, 'active');
    expect(active.answeredAt).toBeGreaterThanOrEqual(active.ringingAt);
    t.phone.setMuted(snap.id, true);
    expect(t.lastCall()).toMatchObject({ id: snap.id, muted: true, state: 'active' });
    await call.bye();
    expect(await ended(snap.id)).toMatchObject({ endReason: 'caller-hung-up' });
    expect(t.phone.getCalls()[0]).toMatchObject({ id: snap.id, state: 'ended' });
  });

  it('new settings during a call wait for it to end, then apply (the call is not cut)', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    await t.phone.configure({ ...phoneConfig(pbx), displayName: 'Agent renamed' });
    expect(t.phone.hasDeferredConfig()).toBe(true);
    await t.phone.accept(snap.id);
    await call.waitEstablished();
    await t.phone.configure({ ...phoneConfig(pbx, '1002'), displayName: 'Agent 1002' }); // the newest wins
    expect(t.lastCall((c) => c.id === snap.id)).toMatchObject({ state: 'active' });
    expect(t.phone.getStatus()).toMatchObject({ state: 'registered', ext: '1001' });
    const registers = t.statuses.length;
    expect(t.states()).toEqual(['connecting', 'registering', 'registered']);
    await call.bye();
    expect(await ended(snap.id)).toMatchObject({ endReason: 'caller-hung-up' });
    await waitFor(() => t.phone.getStatus().state === 'registered' && t.phone.getStatus().ext === '1002', 5_000, 'registered as 1002');
    // nothing happened to the registration before the call ended; then it started over as 1002
    expect(t.states().slice(registers)).toEqual(expect.arrayContaining(['connecting', 'registering', 'registered']));
    expect(t.phone.hasDeferredConfig()).toBe(false);
  });

  it('hangup() by the agent sends BYE and ends it as agent-hung-up', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    await t.phone.accept(snap.id);
    await call.waitEstablished();
    await t.phone.hangup(snap.id);
    await call.waitTerminated();
    expect(call.byeReceived()).toBe(true);
    expect(await ended(snap.id)).toMatchObject({ endReason: 'agent-hung-up' });
  });

  it('caller CANCEL while ringing ends it as missed', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    await call.cancel();
    expect(await call.waitFinal()).toBe(487);
    expect(await ended(snap.id)).toMatchObject({ endReason: 'missed' });
  });

  it('CANCEL with Reason SIP;cause=200 ends it as answered-elsewhere', async () => {
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    await call.cancel({ answeredElsewhere: true });
    expect(await call.waitFinal()).toBe(487);
    expect(await ended(snap.id)).toMatchObject({ endReason: 'answered-elsewhere' });
  });

  it('a second INVITE while one rings gets 486 and shows as an ended missed call', async () => {
    const first = await caller.call('1001', platformaHeaderLines());
    const snap = await ringing();
    const second = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': '07700900999' }));
    expect(await second.waitFinal()).toBe(486);
    const busy = await waitFor(() => t.lastCall((c) => c.notification.number === '07700900999'), 5_000, 'busy snapshot');
    expect(busy).toMatchObject({ state: 'ended', endReason: 'missed', endDetail: 'busy: another call in progress' });
    // the first call still rings and can be answered
    expect(t.phone.getCalls().find((c) => c.id === snap.id)?.state).toBe('ringing');
    await t.phone.accept(snap.id);
    await first.waitEstablished();
    await t.phone.hangup(snap.id);
  });

  it('keeps the five most recent ended calls in getCalls(), newest first', async () => {
    const numbers = ['1', '2', '3', '4', '5', '6'].map((n) => `0770090000${n}`);
    for (const number of numbers) {
      const call = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': number }));
      const snap = await waitFor(() => t.lastCall((c) => c.notification.number === number && c.state === 'ringing'), 5_000, `call ${number}`);
      await t.phone.reject(snap.id);
      await call.waitFinal();
    }
    const calls = t.phone.getCalls();
    expect(calls.map((c) => c.notification.number)).toEqual([...numbers].reverse().slice(0, 5));
    expect(calls.every((c) => c.state === 'ended' && c.endReason === 'declined')).toBe(true);
  });

  it('a media failure on accept ends the call as failed with the reason, and the caller gets an error', async () => {
    const broken = makePhone({
      sessionDescriptionHandlerFactory: (session, options) => ({
        ...fakeSdhFactory(session, options),
        getDescription: () => Promise.reject(new Error('microphone permission denied')),
      }),
    });
    try {
      await broken.phone.configure(phoneConfig(pbx, '1002'));
      await waitFor(() => broken.phone.getStatus().state === 'registered', 5_000, '1002 registered');
      const call = await caller.call('1002', platformaHeaderLines({ 'X-Platforma-Ref': '1002' }));
      const snap = await waitFor(() => broken.lastCall((c) => c.state === 'ringing'), 5_000, 'ringing on 1002');
      await expect(broken.phone.accept(snap.id)).rejects.toThrow('microphone permission denied');
      expect(broken.lastCall()).toMatchObject({ id: snap.id, state: 'ended', endReason: 'failed', endDetail: expect.stringContaining('microphone permission denied') });
      expect(await call.waitFinal()).toBeGreaterThanOrEqual(400);
    } finally {
      await broken.phone.dispose();
    }
  });
});

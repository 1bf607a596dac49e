/**
 * Hold / resume, SIP INFO DTMF and call waiting against Kamailio, with a caller (SIP.js in Node)
 * whose media handler negotiates directions like a browser (directional-sdh.ts): the SDP on the
 * wire is checked at both ends, and the phone's state must follow the answers, not the requests.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { directionOf } from '../../lib/phone/sdp-direction';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { directionalSdhFactory, type SdpLog } from '../pbx/directional-sdh';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startCaller, type CallerCall, type SipCaller } from '../pbx/sip-caller';
import { makePhone, phoneConfig, sleep, waitFor, type TestPhone } from './phone-harness';

/**
 * Between two re-INVITEs on one dialog: SIP.js answers a re-INVITE 500 (Retry-After) while it
 * still processes the ACK of the previous one (RFC 6337 section 4.3). An agent presses Resume
 * seconds after Hold; the tests wait a little instead. (The 500 itself is a failed resume: the
 * call stays held and says so, which the refused-resume test checks with a 488.)
 */
const AGENT_PAUSE_MS = 300;

describe('hold, DTMF and call waiting against Kamailio', () => {
  let pbx: Pbx;
  let caller: SipCaller;
  let callerSdp: SdpLog;
  let phoneSdp: SdpLog;
  let t: TestPhone;
  beforeAll(async () => {
    pbx = await startPbx();
    const factory = directionalSdhFactory();
    callerSdp = factory.log;
    caller = await startCaller(pbx, '2001', undefined, factory);
  });
  afterAll(async () => {
    await caller?.stop();
    await pbx?.stop();
  });
  beforeEach(async () => {
    callerSdp.refuseOffers = false;
    const factory = directionalSdhFactory();
    phoneSdp = factory.log;
    t = makePhone({ sessionDescriptionHandlerFactory: factory });
    await t.phone.configure(phoneConfig(pbx));
    await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
  });
  afterEach(async () => {
    await t.phone.dispose();
  });

  const latest = (id: string) => t.phone.getCalls().find((c) => c.id === id);
  /** Rings the agent and answers: the caller's leg and the phone's call id. */
  async function answered(number = '07700900001'): Promise<{ leg: CallerCall; id: string }> {
    const seen = t.calls.length;
    const leg = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': number }));
    const ringing = await waitFor(() => t.calls.slice(seen).find((c) => c.state === 'ringing'), 5_000, `call from ${number} ringing`);
    await t.phone.accept(ringing.id);
    await leg.waitEstablished();
    await waitFor(() => latest(ringing.id)?.state === 'active', 5_000, 'active');
    return { leg, id: ringing.id };
  }

  it('hold offers sendonly and is held once the caller answered recvonly; resume offers sendrecv and gets sendrecv', async () => {
    const { leg, id } = await answered();
    const holds: (string | undefined)[] = [];
    t.phone.onCall((c) => { if (c.id === id) holds.push(c.hold); });

    await t.phone.hold(id, true);
    expect(latest(id)).toMatchObject({ state: 'active', hold: 'held' });
    expect(holds).toEqual(['holding', 'held']);
    const [hold] = leg.reinvites();
    expect(hold).toBeDefined();
    expect(directionOf(hold!.offer)).toBe('sendonly');
    expect(directionOf(hold!.answer)).toBe('recvonly');
    expect(hold!.code).toBe(200);
    expect(directionOf(phoneSdp.remote.at(-1)!)).toBe('recvonly');

    await sleep(AGENT_PAUSE_MS);
    await t.phone.hold(id, false);
    expect(latest(id)?.hold).toBeUndefined();
    expect(holds).toEqual(['holding', 'held', 'resuming', undefined]);
    const resume = leg.reinvites()[1]!;
    expect([directionOf(resume.offer), directionOf(resume.answer), resume.code]).toEqual(['sendrecv', 'sendrecv', 200]);
    await leg.bye();
  });

  it('a re-INVITE the caller refuses (488) leaves the call talking, says why, and a later hold works', async () => {
    const { leg, id } = await answered();
    callerSdp.refuseOffers = true;
    await expect(t.phone.hold(id, true)).rejects.toThrow(/Hold failed: 488/);
    expect(latest(id)).toMatchObject({ state: 'active', holdError: expect.stringMatching(/^Hold failed: 488/) });
    expect(latest(id)?.hold).toBeUndefined();
    expect(leg.reinvites().map((r) => r.code)).toEqual([488]);

    callerSdp.refuseOffers = false;
    await sleep(AGENT_PAUSE_MS);
    await t.phone.hold(id, true);
    expect(latest(id)).toMatchObject({ hold: 'held' });
    expect(latest(id)?.holdError).toBeUndefined();
    // and a refused resume leaves it held
    await sleep(AGENT_PAUSE_MS);
    callerSdp.refuseOffers = true;
    await expect(t.phone.hold(id, false)).rejects.toThrow(/Resume failed: 488/);
    expect(latest(id)).toMatchObject({ state: 'active', hold: 'held' });
    callerSdp.refuseOffers = false;
    await leg.bye();
  });

  it('SIP INFO DTMF: each digit reaches the caller as application/dtmf-relay, in order', async () => {
    await t.phone.configure({ ...phoneConfig(pbx), dtmfMode: 'info' });
    expect(t.phone.getStatus().state).toBe('registered'); // a DTMF mode change does not re-register
    const { leg, id } = await answered();
    await t.phone.dtmf(id, '1#9');
    expect(leg.infos().map((i) => i.contentType)).toEqual(['application/dtmf-relay', 'application/dtmf-relay', 'application/dtmf-relay']);
    expect(leg.infos().map((i) => /Signal=(.)/.exec(i.body)?.[1])).toEqual(['1', '#', '9']);
    await expect(t.phone.dtmf(id, '1\r\nSignal=2')).rejects.toThrow('DTMF');
    expect(leg.infos()).toHaveLength(3);
    await leg.bye();
  });

  it('call waiting: a second call rings beside the first; answering it holds the first; resuming the first holds the second', async () => {
    const first = await answered('07700900001');
    const seen = t.calls.length;
    const secondLeg = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': '07700900002' }));
    const second = await waitFor(() => t.calls.slice(seen).find((c) => c.state === 'ringing'), 5_000, 'the second call ringing');
    expect(secondLeg.finalCode()).toBeUndefined(); // not 486: it rings
    expect(latest(first.id)).toMatchObject({ state: 'active' });

    await t.phone.accept(second.id);
    await secondLeg.waitEstablished();
    expect(latest(first.id)).toMatchObject({ state: 'active', hold: 'held' });
    expect(directionOf(first.leg.reinvites()[0]!.offer)).toBe('sendonly');
    await waitFor(() => latest(second.id)?.state === 'active', 5_000, 'second active');
    expect(latest(second.id)?.hold).toBeUndefined();

    await t.phone.hold(first.id, false);
    expect(latest(first.id)?.hold).toBeUndefined();
    expect(latest(second.id)).toMatchObject({ state: 'active', hold: 'held' });
    expect(directionOf(secondLeg.reinvites()[0]!.offer)).toBe('sendonly');
    expect(directionOf(first.leg.reinvites()[1]!.offer)).toBe('sendrecv');

    // a third call while two are live is busy
    const third = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': '07700900003' }));
    expect(await third.waitFinal()).toBe(486);
    await first.leg.bye();
    await secondLeg.bye();
  });

  it('call waiting off (busy): a second call gets 486 as before', async () => {
    await t.phone.configure({ ...phoneConfig(pbx), callWaiting: 'busy' });
    const first = await answered('07700900001');
    const second = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': '07700900002' }));
    expect(await second.waitFinal()).toBe(486);
    expect(latest(first.id)).toMatchObject({ state: 'active' });
    await first.leg.bye();
  });

  it('answering a waiting call is refused when the first cannot be held: the first talks on, the second still rings', async () => {
    const first = await answered('07700900001');
    const seen = t.calls.length;
    const secondLeg = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Number': '07700900002' }));
    const second = await waitFor(() => t.calls.slice(seen).find((c) => c.state === 'ringing'), 5_000, 'the second call ringing');
    callerSdp.refuseOffers = true;
    await expect(t.phone.accept(second.id)).rejects.toThrow(/Cannot answer: the other call could not be held \(Hold failed: 488/);
    expect(latest(first.id)).toMatchObject({ state: 'active' });
    expect(latest(first.id)?.hold).toBeUndefined();
    expect(latest(second.id)).toMatchObject({ state: 'ringing' });
    callerSdp.refuseOffers = false;
    await secondLeg.cancel();
    await first.leg.bye();
  });
});

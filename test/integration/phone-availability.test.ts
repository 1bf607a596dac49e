import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { PhoneHost } from '../../lib/phone-host/phone-host';
import type { PhoneHostConfig, PhoneState } from '../../lib/phone-host/phone-state';
import type { DndMode } from '../../lib/phone/availability';
import { DND_DETAIL } from '../../lib/phone/availability';
import { makePhone, phoneConfig, sleep, waitFor, type TestPhone } from './phone-harness';

/**
 * Availability against Kamailio: a real Phone inside the PhoneHost that applies it (the host's
 * ringtone and audio are the only stand-ins: Node has no audio).
 */
describe('availability against Kamailio', () => {
  let pbx: Pbx;
  let caller: SipCaller;
  let t: TestPhone;
  let host: PhoneHost;
  let states: PhoneState[];
  beforeAll(async () => {
    pbx = await startPbx();
    caller = await startCaller(pbx);
  });
  afterAll(async () => {
    await caller?.stop();
    await pbx?.stop();
  });
  beforeEach(() => {
    t = makePhone();
    states = [];
    host = new PhoneHost({
      phone: t.phone,
      ringtone: { start() {}, stop() {} },
      audio: { attach() {}, detach() {}, detachAll() {} },
      events: { addEventListener() {}, removeEventListener() {} },
      setIce() {},
      onState: (s) => void states.push(s),
    });
  });
  afterEach(async () => {
    await host.dispose();
  });

  const contacts = () => pbx.contacts('1001');
  /** Polls Kamailio's location table (an RPC, so asynchronous) until it holds `n` contacts for 1001. */
  const contactCount = async (n: number, what: string) => {
    const deadline = Date.now() + 5_000;
    while ((await contacts()).length !== n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };

  const start = async (dndMode: DndMode) => {
    const config: PhoneHostConfig = { phone: phoneConfig(pbx), bridge: null, answerInBrowser: true, dndMode };
    await host.configure(config);
    await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
    await contactCount(1, 'one contact');
  };
  it("dnd 'reject': an INVITE is answered 486 and listed as a missed call, never ringing; available rings again", async () => {
    await start('reject');
    await host.setAvailability('dnd');
    const refused = await caller.call('1001', platformaHeaderLines());
    expect(await refused.waitFinal()).toBe(486);
    const missed = await waitFor(() => t.lastCall((c) => c.state === 'ended'), 5_000, 'the missed call');
    expect(missed).toMatchObject({ endReason: 'missed', endDetail: DND_DETAIL });
    expect(t.calls.some((c) => c.state === 'ringing')).toBe(false);
    // Still registered: the PBX keeps the contact.
    expect(await contacts()).toHaveLength(1);
    expect(states.at(-1)).toMatchObject({ availability: 'dnd', registration: { state: 'registered' } });

    await host.setAvailability('available');
    const call = await caller.call('1001', platformaHeaderLines());
    const ringing = await waitFor(() => t.lastCall((c) => c.state === 'ringing'), 5_000, 'a ringing call');
    await t.phone.reject(ringing.id, 603);
    expect(await call.waitFinal()).toBe(603);
  });

  it("dnd 'unregister': REGISTER expires 0 removes the contact, a call finds nobody; available registers again", async () => {
    await start('unregister');
    await host.setAvailability('dnd');
    await contactCount(0, 'the contact removed');
    expect(t.phone.getStatus().state).toBe('unconfigured');
    expect(host.getState().registration.reason).toBe('availability-dnd');
    const call = await caller.call('1001', platformaHeaderLines());
    expect(await call.waitFinal()).toBe(404);
    expect(t.calls).toHaveLength(0);

    await host.setAvailability('available');
    await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered again');
    expect(await contacts()).toHaveLength(1);
  });

  it('offline: unregistered and no reconnect attempt, even after the PBX restarts', async () => {
    await start('reject');
    await host.setAvailability('offline');
    await contactCount(0, 'the contact removed');
    const registers = pbx.requests('REGISTER', '1001');
    await pbx.restart();
    await sleep(3_000);
    expect(pbx.requests('REGISTER', '1001')).toBe(registers);
    expect(await contacts()).toHaveLength(0);
    expect(host.getState()).toMatchObject({ availability: 'offline', registration: { state: 'unconfigured', reason: 'availability-offline' } });
  });
});

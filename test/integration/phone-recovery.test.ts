import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller } from '../pbx/sip-caller';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { makePhone, phoneConfig, waitFor, type TestPhone } from './phone-harness';

/** Register, then prove reachability with a call the phone sees ringing (and rejects). */
async function reachable(pbx: Pbx, t: TestPhone): Promise<void> {
  const caller = await startCaller(pbx);
  try {
    const before = t.calls.length;
    const call = await caller.call('1001', platformaHeaderLines());
    const snap = await waitFor(() => t.calls.slice(before).find((c) => c.state === 'ringing'), 5_000, 'a ringing call');
    await t.phone.reject(snap.id);
    expect(await call.waitFinal()).toBe(486);
  } finally {
    await caller.stop();
  }
}

describe('Phone recovery', () => {
  let pbx: Pbx;
  let t: TestPhone | undefined;
  beforeAll(async () => { pbx = await startPbx(); });
  afterAll(async () => { await pbx?.stop(); });
  afterEach(async () => {
    pbx.resume();
    await t?.phone.dispose();
    t = undefined;
  });

  it('re-registers after Kamailio is restarted, and is reachable by a new INVITE', async () => {
    t = makePhone();
    const phone = t.phone;
    await phone.configure(phoneConfig(pbx));
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered');
    const killedAt = Date.now();
    const restart = pbx.restart();
    await waitFor(() => phone.getStatus().state === 'reconnecting', 5_000, 'reconnecting');
    expect(phone.getStatus().retryAt).toBeGreaterThan(killedAt);
    await restart; // a restart forgets every registration
    const upAt = Date.now();
    await waitFor(() => phone.getStatus().state === 'registered', 10_000, 'registered again');
    const recoveryMs = Date.now() - upAt;
    console.info(`recovery after Kamailio restart: ${recoveryMs} ms after the PBX was up again (${Date.now() - killedAt} ms after the kill)`);
    expect(recoveryMs).toBeLessThan(5_000);
    await reachable(pbx, t);
  });

  it('notices a silently dead PBX (SIGSTOP) by keepalive and registers again after SIGCONT', async () => {
    t = makePhone({ keepaliveIntervalMs: 2_000, keepaliveTimeoutMs: 2_000, connectTimeoutMs: 2_000 });
    const phone = t.phone;
    await phone.configure(phoneConfig(pbx));
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered');
    const options = pbx.requests('OPTIONS', '1001');
    await waitFor(() => pbx.requests('OPTIONS', '1001') > options, 5_000, 'a keepalive OPTIONS');
    const stoppedAt = Date.now();
    pbx.pause();
    // interval + timeout = 4 s at worst; loose bound for a loaded machine
    await waitFor(() => phone.getStatus().state !== 'registered', 15_000, 'leaving registered');
    console.info(`dead PBX noticed by keepalive after ${Date.now() - stoppedAt} ms (interval 2 s, timeout 2 s)`);
    expect(phone.getStatus().state).toBe('reconnecting');
    expect(phone.getStatus().reason).toMatch(/no answer from the PBX/);
    pbx.resume();
    const resumedAt = Date.now();
    await waitFor(() => phone.getStatus().state === 'registered', 30_000, 'registered after SIGCONT');
    console.info(`registered again ${Date.now() - resumedAt} ms after SIGCONT`);
    await reachable(pbx, t);
  });

  it('networkOnline() reconnects at once instead of waiting out the backoff', async () => {
    // A first retry 30 s away, so the PBX restart below (slow on a loaded machine) cannot race it:
    // only networkOnline() can bring the phone back within the test.
    t = makePhone({ reconnectSchedule: { firstMs: 30_000, jitter: 0 } });
    const phone = t.phone;
    await phone.configure(phoneConfig(pbx));
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered');
    await pbx.stop();
    await waitFor(() => phone.getStatus().state === 'reconnecting', 5_000, 'reconnecting');
    const retryAt = phone.getStatus().retryAt ?? 0;
    expect(retryAt - Date.now()).toBeGreaterThan(20_000);
    await pbx.restart();
    phone.networkOnline();
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered after networkOnline()');
    expect(Date.now()).toBeLessThan(retryAt);
  });
});

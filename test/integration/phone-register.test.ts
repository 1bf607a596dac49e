import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { makePhone, phoneConfig, sleep, waitFor, type TestPhone } from './phone-harness';

describe('Phone registration against Kamailio', () => {
  let pbx: Pbx;
  let t: TestPhone | undefined;
  beforeAll(async () => { pbx = await startPbx(); });
  afterAll(async () => { await pbx?.stop(); });
  afterEach(async () => { await t?.phone.dispose(); t = undefined; });

  it('registers, emits connecting -> registering -> registered, and unregisters on configure(null)', async () => {
    t = makePhone();
    expect(t.phone.getStatus().state).toBe('unconfigured');
    await t.phone.configure(phoneConfig(pbx));
    const phone = t.phone;
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered');
    expect(t.states()).toEqual(['connecting', 'registering', 'registered']);
    expect(phone.getStatus().ext).toBe('1001');
    const registers = pbx.requests('REGISTER', '1001');
    await phone.configure(null);
    expect(phone.getStatus().state).toBe('unconfigured');
    // the un-REGISTER (Contact ...;expires=0) reached the PBX; its log line may trail the reply
    await waitFor(() => pbx.requests('REGISTER', '1001') > registers, 5_000, 'un-REGISTER');
    expect(pbx.log.some((l) => l.includes('method=REGISTER user=1001') && /;expires=0\b/.test(l))).toBe(true);
  });

  it('configure() with the same config is a no-op; a changed config starts over', async () => {
    t = makePhone();
    const phone = t.phone;
    await phone.configure(phoneConfig(pbx));
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered');
    const before = t.statuses.length;
    await phone.configure(phoneConfig(pbx));
    await sleep(300);
    expect(t.statuses.length).toBe(before);
    await phone.configure(phoneConfig(pbx, '1002'));
    await waitFor(() => phone.getStatus().state === 'registered' && phone.getStatus().ext === '1002', 5_000, 'registered as 1002');
    expect(t.states().slice(before)).toEqual(['connecting', 'registering', 'registered']);
  });

  it('refreshes the registration before it expires', async () => {
    t = makePhone({ registerExpiresSec: 3 });
    const phone = t.phone;
    await phone.configure(phoneConfig(pbx, '1002'));
    await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered');
    const first = pbx.requests('REGISTER', '1002');
    // 85 % of 3 s: a refresh at ~2.6 s, again at ~5.1 s (SIP.js reuses the digest
    // credentials, so each refresh is one REGISTER)
    await waitFor(() => pbx.requests('REGISTER', '1002') >= first + 2, 8_000, 'two refreshes');
    expect(phone.getStatus().state).toBe('registered');
    expect(t.states()).toEqual(['connecting', 'registering', 'registered']);
  });

  it('reports error for a config SIP.js cannot use, without connecting', async () => {
    t = makePhone();
    await t.phone.configure({ ...phoneConfig(pbx), domain: 'bad domain' });
    expect(t.phone.getStatus()).toMatchObject({ state: 'error', reason: expect.stringContaining('invalid SIP address') });
  });

  it('reports error for a WebSocket URL that is not ws:// or wss://', async () => {
    t = makePhone();
    await t.phone.configure({ ...phoneConfig(pbx), wsUrl: 'http://127.0.0.1/ws' });
    expect(t.phone.getStatus()).toMatchObject({ state: 'error', reason: expect.stringContaining('invalid WebSocket URL') });
    expect(t.states()).toEqual(['error']);
  });
});

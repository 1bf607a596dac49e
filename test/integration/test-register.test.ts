/**
 * The options page's 'Test registration' (lib/phone/test-register.ts) against the real Kamailio:
 * a right password registers and leaves no binding behind; a wrong one is 'auth-failed'; a PBX
 * that is not there is 'unreachable'; a running phone's own binding stays untouched.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRegister } from '../../lib/phone/test-register';
import type { WebSocketConstructor } from '../../lib/phone';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { makePhone, phoneConfig, waitFor } from './phone-harness';

const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const deps = { clock, logger: quiet, WebSocket: WebSocket as unknown as WebSocketConstructor };

describe('test registration against Kamailio', () => {
  let pbx: Pbx;
  beforeAll(async () => {
    pbx = await startPbx();
  });
  afterAll(async () => {
    await pbx?.stop();
  });

  it('registers with the right password, then unregisters: no binding is left', async () => {
    const before = pbx.requests('REGISTER', '1002');
    const result = await testRegister(phoneConfig(pbx, '1002'), deps);
    expect(result).toMatchObject({ ok: true });
    expect(pbx.requests('REGISTER', '1002')).toBeGreaterThan(before);
    expect(await pbx.contacts('1002')).toEqual([]);
  });

  it('says auth-failed for a wrong password, and the message does not carry the password', async () => {
    const result = await testRegister(phoneConfig(pbx, '1002', 'not-the-password'), deps);
    expect(result).toMatchObject({ ok: false, kind: 'auth-failed' });
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });

  it('says unreachable when nothing listens at the URL', async () => {
    const result = await testRegister({ ...phoneConfig(pbx, '1002'), wsUrl: 'ws://127.0.0.1:9/ws', connectTimeoutMs: 1_000 }, deps);
    expect(result).toMatchObject({ ok: false, kind: 'unreachable' });
  });

  it('leaves a registered phone of the same extension registered', async () => {
    const t = makePhone();
    try {
      await t.phone.configure(phoneConfig(pbx, '1001'));
      await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'phone registered');
      const phoneContacts = await pbx.contacts('1001');
      expect(phoneContacts).toHaveLength(1);
      expect(await testRegister(phoneConfig(pbx, '1001'), deps)).toMatchObject({ ok: true });
      expect(await pbx.contacts('1001')).toEqual(phoneContacts);
      expect(t.phone.getStatus().state).toBe('registered');
    } finally {
      await t.phone.dispose();
    }
  });
});

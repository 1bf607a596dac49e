import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signAgentToken, tokenFromAuthorization, tokenFromSubprotocols, verifyAgentToken } from '../../bridge/tokens';

const secret = new TextEncoder().encode('k'.repeat(32));
const NOW = Date.UTC(2026, 11, 1, 12);
const now = () => NOW;

describe('agent tokens', () => {
  it('round-trips: sub is the extension, exp from --days', async () => {
    const token = await signAgentToken('1001', secret, { now: NOW, days: 2 });
    expect(await verifyAgentToken(token, secret, now)).toEqual({ ok: true, ext: '1001', expiresAt: NOW + 2 * 86_400_000 });
    const forever = await signAgentToken('agent.7+x', secret, { now: NOW });
    expect(await verifyAgentToken(forever, secret, now)).toEqual({ ok: true, ext: 'agent.7+x', expiresAt: null });
  });

  it('refuses expired, other-secret, unsigned, wrong-algorithm and malformed tokens', async () => {
    const expired = await signAgentToken('1001', secret, { now: NOW - 3 * 86_400_000, days: 1 });
    expect(await verifyAgentToken(expired, secret, now)).toEqual({ ok: false, reason: 'expired' });
    const other = await signAgentToken('1001', new TextEncoder().encode('o'.repeat(32)), { now: NOW });
    expect(await verifyAgentToken(other, secret, now)).toEqual({ ok: false, reason: 'bad signature' });
    const unsigned = new UnsecuredJWT({ sub: '1001' }).encode();
    expect((await verifyAgentToken(unsigned, secret, now)).ok).toBe(false);
    const hs512 = await new SignJWT({ sub: '1001' }).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode('k'.repeat(64)));
    expect((await verifyAgentToken(hs512, secret, now)).ok).toBe(false);
    for (const bad of ['', 'a.b.c', 'x'.repeat(5000)]) expect((await verifyAgentToken(bad, secret, now)).ok).toBe(false);
  });

  it('refuses a token without a usable sub', async () => {
    const noSub = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    expect(await verifyAgentToken(noSub, secret, now)).toEqual({ ok: false, reason: 'bad sub' });
    const badSub = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('10 01').sign(secret);
    expect(await verifyAgentToken(badSub, secret, now)).toEqual({ ok: false, reason: 'bad sub' });
    await expect(signAgentToken('x'.repeat(33), secret, { now: NOW })).rejects.toThrow(/extension/);
  });

  it('finds the token in the subprotocols and the Authorization header', () => {
    expect(tokenFromSubprotocols('teleforge.v1, teleforge.token.abc.def.ghi')).toEqual({ token: 'abc.def.ghi', v1: true });
    expect(tokenFromSubprotocols('teleforge.token.t')).toEqual({ token: 't', v1: false });
    expect(tokenFromSubprotocols(undefined)).toEqual({ token: null, v1: false });
    expect(tokenFromAuthorization('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromAuthorization('Basic abc')).toBeNull();
    expect(tokenFromAuthorization(undefined)).toBeNull();
  });
});

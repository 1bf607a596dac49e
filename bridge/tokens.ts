import { jwtVerify, SignJWT } from 'jose';

/** An agent's extension, as the token's `sub` and the notification's `ref` (docs/bridge-protocol.md). */
export const EXT_PATTERN = /^[A-Za-z0-9._+-]{1,32}$/;

export type TokenCheck = { ok: true; ext: string; expiresAt: number | null } | { ok: false; reason: string };

/**
 * Verifies an agent token: JWT, HS256 only (an `alg: none` or RS256 token is refused), signed with
 * BRIDGE_SECRET, `sub` a valid extension, `exp` honoured when present. The reason is for logs and
 * metrics only; clients get a plain 401.
 */
export async function verifyAgentToken(token: string, secret: Uint8Array, now: () => number): Promise<TokenCheck> {
  if (token.length === 0 || token.length > 4096) return { ok: false, reason: 'malformed' };
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      currentDate: new Date(now()),
    });
    if (typeof payload.sub !== 'string' || !EXT_PATTERN.test(payload.sub)) return { ok: false, reason: 'bad sub' };
    return { ok: true, ext: payload.sub, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') return { ok: false, reason: 'expired' };
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { ok: false, reason: 'bad signature' };
    return { ok: false, reason: 'malformed' };
  }
}

/** `npm run bridge -- token <ext> [--days N]`: a token for the admin to hand to one agent. */
export async function signAgentToken(ext: string, secret: Uint8Array, opts: { now: number; days?: number }): Promise<string> {
  if (!EXT_PATTERN.test(ext)) throw new Error('the extension must be 1-32 of A-Z a-z 0-9 . _ + -');
  const iat = Math.floor(opts.now / 1000);
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(ext).setIssuedAt(iat);
  if (opts.days !== undefined) jwt.setExpirationTime(iat + Math.round(opts.days * 86_400));
  return jwt.sign(secret);
}

/** The token from the offered subprotocols (`teleforge.token.<JWT>`), or null. */
export function tokenFromSubprotocols(header: string | undefined): { token: string | null; v1: boolean } {
  const offered = (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const prefixed = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return { token: prefixed ? prefixed.slice(TOKEN_PROTOCOL_PREFIX.length) : null, v1: offered.includes(PROTOCOL) };
}

/** `Authorization: Bearer <JWT>` for token-check. */
export function tokenFromAuthorization(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return m ? m[1]! : null;
}

export const PROTOCOL = 'teleforge.v1';
export const TOKEN_PROTOCOL_PREFIX = 'teleforge.token.';

/** Agent tokens for the bridge tests, signed like `npm run bridge -- token` does. */
import { SignJWT } from 'jose';
import { signAgentToken } from '../../bridge/tokens';
import { TEST_SECRET } from './harness';

export const secretBytes = (secret = TEST_SECRET) => new TextEncoder().encode(secret);

export function tokenFor(ext: string, opts: { secret?: string; days?: number } = {}): Promise<string> {
  return signAgentToken(ext, secretBytes(opts.secret), { now: Date.now(), days: opts.days });
}

/** A token whose `exp` is in the past. */
export function expiredToken(ext: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(ext).setIssuedAt(now - 120).setExpirationTime(now - 60).sign(secretBytes());
}

/**
 * The bridge side of an e2e file: a real redis-server and the bundled bridge (test/bridge/harness.ts),
 * and agent tokens signed like `npm run bridge -- token`. The PBX's part is pushAsPbx (RPUSH).
 */
import { startBridge, startRedis, type TestBridge, type TestRedis } from '../../bridge/harness';
import { tokenFor } from '../../bridge/tokens';

export interface BridgeSession {
  redis: TestRedis;
  bridge: TestBridge;
  /** The Bridge URL setting for this bridge (ws:// on loopback). */
  url: string;
  close(): Promise<void>;
}

export async function startBridgeSession(env: Record<string, string> = {}): Promise<BridgeSession> {
  const redis = await startRedis();
  try {
    const bridge = await startBridge({ REDIS_URL: redis.url, BRIDGE_PARK_SECONDS: '60', ...env });
    return {
      redis,
      bridge,
      url: bridge.wsUrl,
      async close() {
        await bridge.stop();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}

/** A token for `ext` signed with another secret: the bridge refuses it. */
export function foreignToken(ext: string): Promise<string> {
  return tokenFor(ext, { secret: 'not-the-bridge-secret-0123456789-abcdefghijkl' });
}

export { tokenFor };

import type { BridgeConfig, BridgeSocketConstructor } from './bridge-client';
import { offeredSubprotocols, parseBridgeFrame, SUBPROTOCOL } from './frames';
import { checkToken, type FetchLike } from './token-check';

/**
 * 'Test bridge connection' on the options page: one WebSocket to the bridge with the token as
 * typed, up to the bridge's `hello` (docs/bridge-protocol.md), then closed. Calls the bridge sends
 * meanwhile are not acked, so they stay in the agent's inbox for the phone. A refused upgrade
 * looks like any failed connect to a browser, so the token-check endpoint tells a wrong token
 * from an unreachable bridge. The token goes only into the subprotocol and the Bearer header.
 */
export type BridgeTestResult =
  | { ok: true; ext: string; ms: number }
  | { ok: false; kind: 'wrong-token' | 'rate-limited' | 'unreachable' | 'protocol' | 'timeout'; detail?: string };

export interface BridgeTestDeps {
  WebSocket: BridgeSocketConstructor;
  fetch: FetchLike;
  now: () => number;
  timeoutMs?: number;
}

export async function testBridgeConnection(config: BridgeConfig, deps: BridgeTestDeps): Promise<BridgeTestResult> {
  const started = deps.now();
  const outcome = await new Promise<BridgeTestResult | 'refused'>((resolve) => {
    let ws: InstanceType<BridgeSocketConstructor>;
    try {
      ws = new deps.WebSocket(config.url, offeredSubprotocols(config.token));
    } catch (e) {
      // A SyntaxError's message can quote the protocols (the token): only its name.
      resolve({ ok: false, kind: 'unreachable', detail: e instanceof Error ? e.name : 'Error' });
      return;
    }
    const timer = setTimeout(() => finish({ ok: false, kind: 'timeout' }), deps.timeoutMs ?? 8_000);
    let opened = false;
    const finish = (result: BridgeTestResult | 'refused') => {
      clearTimeout(timer);
      ws.onopen = ws.onclose = ws.onerror = ws.onmessage = null;
      try {
        ws.close(1000);
      } catch {
        // already closed
      }
      resolve(result);
    };
    ws.onopen = () => {
      opened = true;
      if (ws.protocol !== SUBPROTOCOL) finish({ ok: false, kind: 'protocol', detail: `the server chose "${ws.protocol}", not ${SUBPROTOCOL}` });
    };
    ws.onmessage = ({ data }) => {
      const parsed = parseBridgeFrame(data);
      if (parsed.ok && parsed.frame.type === 'hello') finish({ ok: true, ext: parsed.frame.ext, ms: deps.now() - started });
    };
    // 4401: the token expired while connected (docs/bridge-protocol.md).
    ws.onclose = ({ code }) => finish(code === 4401 ? { ok: false, kind: 'wrong-token' } : opened ? { ok: false, kind: 'protocol', detail: `closed (${code})` } : 'refused');
    ws.onerror = () => {
      if (!opened) finish('refused');
    };
  });
  if (outcome !== 'refused') return outcome;
  switch (await checkToken(deps.fetch, config.url, config.token)) {
    case 'refused':
      return { ok: false, kind: 'wrong-token' };
    case 'rate-limited':
      return { ok: false, kind: 'rate-limited' };
    default:
      return { ok: false, kind: 'unreachable' };
  }
}

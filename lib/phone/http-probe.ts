/**
 * Is anything answering at the PBX's address? A plain HTTP(S) request to the WebSocket URL's
 * origin, used between reconnect tries instead of opening a WebSocket each time.
 *
 * Why not just try the WebSocket every second: browsers throttle failed WebSockets. Chromium
 * delays each new WebSocket of a renderer process by up to 1-5 s once failures outnumber
 * successes over the last 2-4 minutes (services/network/websocket_throttler.cc:
 * rand(1000, 5000) ms * 2^min(pending + failed / (succeeded + 1), 16) / 65536); Firefox delays
 * reconnects to a host that failed (network.websocket.delay-failed-reconnects, growing to 60 s).
 * Measured with the built extension: after a 60 s PBX outage, registered again 5.9 s (median)
 * and up to 27.8 s after the PBX was back, as tries waited in the throttle past the connection
 * timeout. A failed fetch counts for neither throttle, so the phone probes with this about
 * once a second and opens the WebSocket once something answers.
 *
 * Any HTTP answer counts (Kamailio's WebSocket listener answers a plain GET with 404); `no-cors`
 * because the answer is not read, only that there was one. Never rejects.
 */
export type PbxProbe = (wsUrl: string, timeoutMs: number) => Promise<boolean>;

export function httpProbe(fetchImpl: typeof fetch = (...args) => fetch(...args)): PbxProbe {
  return async (wsUrl, timeoutMs) => {
    let url: string;
    try {
      const parsed = new URL(wsUrl);
      parsed.protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:';
      url = parsed.href;
    } catch {
      return false;
    }
    try {
      await fetchImpl(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  };
}

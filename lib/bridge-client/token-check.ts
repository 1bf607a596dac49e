/**
 * A browser cannot read the status of a refused WebSocket upgrade, so after a refused connect the
 * extension asks the bridge's token-check endpoint whether the token was the reason
 * (docs/bridge-protocol.md): `GET <Bridge URL, http(s)>/token-check` with the token as a Bearer
 * header. The token never goes into the URL, a log line or an error text.
 */
export type TokenVerdict = 'valid' | 'refused' | 'rate-limited' | 'unreachable';

export type FetchLike = (url: string, init: { method: 'GET'; headers: Record<string, string>; signal?: AbortSignal }) => Promise<{ status: number }>;

/** wss://host/agent -> https://host/agent/token-check (query and fragment dropped). */
export function tokenCheckUrl(bridgeUrl: string): string {
  const url = new URL(bridgeUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/token-check`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

export async function checkToken(fetch: FetchLike, bridgeUrl: string, token: string, timeoutMs = 5_000): Promise<TokenVerdict> {
  const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => abort?.abort(), timeoutMs);
  try {
    const response = await fetch(tokenCheckUrl(bridgeUrl), {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}` },
      ...(abort && { signal: abort.signal }),
    });
    if (response.status === 204 || response.status === 200) return 'valid';
    if (response.status === 401 || response.status === 403) return 'refused';
    if (response.status === 429) return 'rate-limited';
    return 'unreachable';
  } catch {
    // The error may quote the request; none of it is needed to decide.
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

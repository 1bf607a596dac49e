/**
 * REDIS_URL accepts what operators have at hand: a `redis://` / `rediss://` URL (node-redis's own
 * form), or the Teleforge form `host:port/db` (`our-client.forge-cloud.com:6379/0`) from the PBX's
 * integration document, which is turned into `redis://host:port/db`. Returns an error text (never
 * containing the password) when neither form fits.
 */
export type RedisUrlResult = { ok: true; url: string } | { ok: false; error: string };

const TELEFORGE_FORM = /^(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<port>\d{1,5})(?:\/(?<db>\d{1,2}))?$/;

export function parseRedisUrl(input: string): RedisUrlResult {
  const text = input.trim();
  if (/^rediss?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, error: 'is not a valid redis:// or rediss:// URL' };
    }
    if (!url.hostname) return { ok: false, error: 'has no host' };
    if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) {
      return { ok: false, error: 'database must be a number (redis://host:6379/0)' };
    }
    return { ok: true, url: text };
  }
  const m = TELEFORGE_FORM.exec(text);
  if (!m?.groups) {
    return { ok: false, error: 'must be redis://host:port[/db], rediss://host:port[/db] or host:port/db' };
  }
  const port = Number(m.groups.port);
  if (port < 1 || port > 65535) return { ok: false, error: 'port must be 1-65535' };
  return { ok: true, url: `redis://${m.groups.host}:${port}/${m.groups.db ?? '0'}` };
}

/** For logs: the URL without user name or password. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparsable)';
  }
}

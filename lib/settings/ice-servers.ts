/**
 * ICE (STUN/TURN) server list: schema, and the one-server-per-line text form the popup edits.
 *
 * Text form, one server per line, blank lines and `#` comments ignored:
 *   stun:stun.example.com:3478
 *   turn:turn.example.com:3478?transport=tcp  agent1  s3cret
 * so usernames and credentials cannot contain whitespace (TURN REST credentials never do).
 */
import { z } from 'zod';
import { checkHost } from './host-rules';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

// RFC 7064 (stun:, no query) and RFC 7065 (turn:, optional ?transport=udp|tcp).
const ICE_URL = /^(stuns?|turns?):([^?]+?)(?::(\d{1,5}))?(\?transport=(?:udp|tcp))?$/i;

export function checkIceUrl(url: string): string | null {
  const m = ICE_URL.exec(url);
  if (m === null) return `"${url}" is not a STUN/TURN URL (stun:, stuns:, turn: or turns:host[:port])`;
  const [, scheme = '', host = '', port, query] = m;
  if (query !== undefined && scheme.toLowerCase().startsWith('stun')) return `"${url}": stun: URLs take no ?transport`;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `"${url}": port out of range`;
  const hostError = checkHost(host);
  return hostError === null ? null : `"${url}": ${hostError}`;
}

const isTurn = (url: string): boolean => /^turns?:/i.test(url);
const NO_SPACE = /^[^\s\u0000-\u001f\u007f]{1,256}$/;

export const iceServerSchema = z
  .object({
    urls: z.union([z.string(), z.array(z.string()).min(1, 'At least one URL is needed')]),
    username: z.string().regex(NO_SPACE, 'Username: 1-256 characters, no spaces').optional(),
    credential: z.string().regex(NO_SPACE, 'Credential: 1-256 characters, no spaces').optional(),
  })
  .superRefine((server, ctx) => {
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    for (const url of urls) {
      const error = checkIceUrl(url);
      if (error !== null) ctx.addIssue({ code: 'custom', message: error });
    }
    if ((server.username === undefined) !== (server.credential === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'Give both a username and a credential, or neither' });
    } else if (server.username === undefined && urls.some(isTurn)) {
      // RTCPeerConnection throws InvalidAccessError for a TURN server without credentials.
      ctx.addIssue({ code: 'custom', message: 'A TURN server needs a username and a credential' });
    }
  });

export const iceServersSchema = z.array(iceServerSchema).max(20, 'At most 20 ICE servers');

/** Errors are ready to show, one per bad line: 'Line 3: "stun:" is not a STUN/TURN URL …'. */
export type IceParseResult = { ok: true; servers: IceServer[] } | { ok: false; errors: string[] };

export function parseIceServersText(text: string): IceParseResult {
  const servers: IceServer[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const fail = (message: string) => errors.push(`Line ${line}: ${message}`);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const tokens = trimmed.split(/\s+/);
    if (tokens.length !== 1 && tokens.length !== 3) {
      return fail('expected "URL" or "URL USERNAME CREDENTIAL"');
    }
    const [urls = '', username, credential] = tokens;
    const server: IceServer = username === undefined ? { urls } : { urls, username, credential };
    const parsed = iceServerSchema.safeParse(server);
    if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'invalid server');
    servers.push(parsed.data);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, servers };
}

/** Inverse of parseIceServersText; a server with several URLs becomes one line per URL. */
export function formatIceServersText(list: readonly IceServer[]): string {
  return list
    .flatMap((server) => {
      const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
      const creds = server.username !== undefined && server.credential !== undefined;
      return urls.map((url) => (creds ? `${url} ${server.username} ${server.credential}` : url));
    })
    .join('\n');
}

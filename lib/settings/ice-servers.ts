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

/**
 * The popup's two fields for the ICE list: the servers, one a line (`stun:host:3478` or
 * `turn:host:3478 username`), and the TURN credentials in a masked input of their own (a
 * <textarea> cannot be masked): one credential for every TURN line, or one per TURN line in
 * order, separated by spaces. A credential typed as a third word on a line is refused, so it
 * never sits in plain text on screen.
 */
export type IceFormResult =
  | { ok: true; servers: IceServer[] }
  | { ok: false; serverErrors: string[]; credentialError?: string };

export function parseIceServersForm(text: string, credentialsText: string): IceFormResult {
  const credentials = credentialsText.trim() === '' ? [] : credentialsText.trim().split(/\s+/);
  const lines: { line: number; urls: string; username?: string }[] = [];
  const serverErrors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const tokens = trimmed.split(/\s+/);
    if (tokens.length === 3) {
      serverErrors.push(`Line ${line}: put the credential in the TURN credential field (it is masked there)`);
    } else if (tokens.length > 3) {
      serverErrors.push(`Line ${line}: expected "URL" or "URL USERNAME"`);
    } else {
      lines.push({ line, urls: tokens[0] ?? '', ...(tokens[1] !== undefined && { username: tokens[1] }) });
    }
  });
  const withUser = lines.filter((l) => l.username !== undefined);
  let credentialError: string | undefined;
  if (credentials.length > 1 && credentials.length !== withUser.length) {
    credentialError = `Give one credential for all TURN lines, or one per TURN line (${withUser.length}); got ${credentials.length}`;
  } else if (credentials.length > 0 && withUser.length === 0) {
    credentialError = 'No server line has a username: add "turn:host:3478 username" above, or leave this empty';
  }
  const servers: IceServer[] = [];
  for (const l of lines) {
    let server: IceServer = { urls: l.urls };
    if (l.username !== undefined) {
      const credential = credentials.length === 1 ? credentials[0] : credentials[withUser.indexOf(l)];
      if (credential === undefined) {
        credentialError ??= `Enter the credential for the TURN server on line ${l.line}`;
        continue;
      }
      server = { urls: l.urls, username: l.username, credential };
    }
    const parsed = iceServerSchema.safeParse(server);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'invalid server';
      if (message.startsWith('Credential')) credentialError ??= message;
      else serverErrors.push(`Line ${l.line}: ${message}`);
      continue;
    }
    servers.push(parsed.data);
  }
  if (serverErrors.length > 0 || credentialError !== undefined) {
    return { ok: false, serverErrors, ...(credentialError !== undefined && { credentialError }) };
  }
  return { ok: true, servers };
}

/** Inverse of parseIceServersForm: one line per URL, the credentials apart (one when all are the same). */
export function formatIceServersForm(list: readonly IceServer[]): { text: string; credentials: string } {
  const lines: string[] = [];
  const credentials: string[] = [];
  for (const server of list) {
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    const creds = server.username !== undefined && server.credential !== undefined;
    for (const url of urls) {
      lines.push(creds ? `${url} ${server.username}` : url);
      if (creds) credentials.push(server.credential as string);
    }
  }
  const allSame = credentials.length > 0 && credentials.every((c) => c === credentials[0]);
  return { text: lines.join('\n'), credentials: allSame ? (credentials[0] as string) : credentials.join(' ') };
}

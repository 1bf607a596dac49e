/**
 * Host and PBX-URL rules shared by the settings schema.
 *
 * Each `check*` returns an error message for the popup, or null when the value is acceptable,
 * so the same rule feeds both the zod schema and line-based parsers (ICE servers).
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpv4(host: string): boolean {
  const m = IPV4.exec(host);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

/** Loopback as the URL parser normalises it: 127.0.0.0/8, localhost, [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || (isIpv4(host) && host.startsWith('127.'));
}

/** A DNS name, dotted IPv4 or bracketed IPv6 literal (the form a SIP URI host takes). */
export function checkHost(host: string): string | null {
  if (host.startsWith('[') && host.endsWith(']')) {
    try {
      // The URL parser is the IPv6 grammar we have; it normalises, so only ask whether it parses.
      new URL(`http://${host}/`);
      return null;
    } catch {
      return `"${host}" is not a valid IPv6 address`;
    }
  }
  if (host.includes(':')) return 'Put IPv6 addresses in brackets, e.g. [2001:db8::1], and leave out the port';
  if (host.length > 253) return 'Host name is too long (max 253 characters)';
  const labels = host.split('.');
  // All-numeric names are read as IPv4 by browsers, so "999.1.1.1" must not pass as a hostname.
  if (labels.every((l) => /^\d+$/.test(l))) return isIpv4(host) ? null : `"${host}" is not a valid IPv4 address`;
  if (!labels.every((l) => LABEL.test(l))) return `"${host}" is not a valid host name`;
  return null;
}

export const BRIDGE_URL_EXAMPLE = 'wss://bridge.example.com/agent';
export const PBX_URL_EXAMPLE = 'wss://pbx.example.com:8089/ws';

interface WsUrlRule {
  /** 'PBX URL', 'Bridge URL'. */
  what: string;
  example: string;
  /** Where the credentials go instead of the URL. */
  credentialsIn: string;
  /** The bridge protocol has no query; the PBX's WebSocket may take one. */
  allowQuery: boolean;
}

/** '' (not set), wss://…, or ws://… on a loopback host only (a test server on this machine). */
function checkWsUrl(value: string, rule: WsUrlRule): string | null {
  if (value === '') return null;
  if (value.length > 2048) return 'URL is too long';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Not a valid URL — expected e.g. ${rule.example}`;
  }
  if (url.protocol === 'ws:') {
    if (!isLoopbackHost(url.hostname)) return 'Use wss:// — ws:// is only allowed for localhost';
  } else if (url.protocol !== 'wss:') {
    return `The ${rule.what} must start with wss:// (e.g. ${rule.example})`;
  }
  if (url.username !== '' || url.password !== '') return `Do not put credentials in the URL; use ${rule.credentialsIn}`;
  // The WebSocket constructor throws a SyntaxError for URLs with a fragment.
  if (!rule.allowQuery && (value.includes('#') || url.search !== '')) return `The ${rule.what} must not contain "?" or "#"`;
  if (value.includes('#')) return `The ${rule.what} must not contain "#"`;
  return null;
}

/** Like the PBX URL, and no query (docs/bridge-protocol.md). */
export function checkBridgeUrl(value: string): string | null {
  return checkWsUrl(value, { what: 'Bridge URL', example: BRIDGE_URL_EXAMPLE, credentialsIn: 'the Bridge token field', allowQuery: false });
}

/** '' (not configured), wss://…, or ws://… on a loopback host (test PBX on this machine). */
export function checkPbxUrl(value: string): string | null {
  return checkWsUrl(value, { what: 'PBX URL', example: PBX_URL_EXAMPLE, credentialsIn: 'the extension and password fields', allowQuery: true });
}

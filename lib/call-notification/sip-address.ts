/**
 * User part of a SIP From/To header value, the caller-number fallback when the PBX sends no
 * X-Platforma-Number. Handles the shapes RFC 3261 allows and SIP.js passes through raw:
 *   "Name" <sip:2001@host>;tag=x   -> '2001'
 *   Name <sips:+4477@host;user=phone> -> '+4477'
 *   sip:2001@host;tag=x             -> '2001'
 *   <tel:+4477;phone-context=x>     -> '+4477'
 *   sip:anonymous@anonymous.invalid -> undefined (RFC 3323 withheld caller)
 * Returns undefined for anything else. Never throws.
 */
export function userOfAddress(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const uri = uriOf(header.slice(0, 2048).trim());
  if (uri === undefined) return undefined;
  const match = /^(sips?|tel):([^@>]*)/i.exec(uri.trim());
  if (!match?.[2]) return undefined;
  const scheme = match[1]?.toLowerCase();
  const atSign = uri.indexOf('@');
  // A sip: URI without '@' has a host only, no user (sip:host).
  if (scheme !== 'tel' && atSign < 0) return undefined;
  // Drop user parameters (;npdi, ;phone-context) and, for sip:, the deprecated ':password'.
  let user = match[2].split(';')[0] ?? '';
  if (scheme !== 'tel') user = user.split(':')[0] ?? '';
  user = percentDecode(user);
  if (user === '' || user.toLowerCase() === 'anonymous') return undefined;
  return user;
}

/** The URI inside <...>, or the bare addr-spec before its header parameters. */
function uriOf(value: string): string | undefined {
  let rest = value;
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    if (end < 0) return undefined;
    rest = rest.slice(end + 1);
  }
  const open = rest.indexOf('<');
  if (open >= 0) {
    const close = rest.indexOf('>', open);
    return close < 0 ? undefined : rest.slice(open + 1, close);
  }
  return rest.split(';')[0];
}

// Index of the quote ending a quoted-string that starts at 0, honouring backslash escapes.
function closingQuote(value: string): number {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '"') return i;
  }
  return -1;
}

function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // malformed escapes: keep the text as sent
  }
}

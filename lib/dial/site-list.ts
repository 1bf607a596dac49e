/**
 * The per-site switch of click-to-dial: the origins (one a line, or separated by commas) where
 * it stays off although the caller panel runs there, e.g. a CRM page that shows its own dial
 * buttons. Kept as text in the settings (one field, one textarea); parsed here.
 */
export function parseOriginList(text: string): { origins: string[]; error: string | null } {
  const origins: string[] = [];
  for (const item of text.split(/[\s,]+/)) {
    if (item === '') continue;
    const origin = originOf(item);
    if (origin === null) return { origins: [], error: `Not an http(s) origin: ${JSON.stringify(item.slice(0, 80))} (write e.g. https://crm.example.com)` };
    if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins, error: null };
}

/** The rule for the settings schema: null when the text is a valid list. */
export function checkOriginList(text: string): string | null {
  return parseOriginList(text).error;
}

function originOf(item: string): string | null {
  try {
    const url = new URL(item);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    // An origin, not a page: no path, query or fragment beyond a lone '/'.
    if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

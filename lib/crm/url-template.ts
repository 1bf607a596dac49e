/**
 * CRM URL templates: `https://crm.example.com/contacts/{contact_ref}?from={number}`.
 *
 * A template is parsed into literal and placeholder tokens. Its origin (scheme, host, port) must
 * be spelled out literally before the first placeholder, so call data, which comes from the PBX
 * and ultimately from the caller's keypad, can never choose which site the agent's browser opens.
 */

import { isLoopbackHost } from '../settings/host-rules';

export const PLACEHOLDERS = ['contact_ref', 'number', 'dial_number', 'call_ref', 'campaign_ref', 'ext'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type TemplateToken = { literal: string } | { placeholder: Placeholder };

const MAX_LENGTH = 2048;
// Scheme, '//', then an authority that ends at a path, query or fragment delimiter.
// Backslash counts too: the URL parser treats it as '/' in http(s) URLs.
const FIXED_ORIGIN = /^https?:\/\/[^/?#\\{}]+(?:[/?#\\]|$)/i;

const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);
const allowedList = PLACEHOLDERS.map((p) => `{${p}}`).join(' ');

export function parseTemplate(template: string): { ok: true; tokens: TemplateToken[] } | { ok: false; error: string } {
  const tokens: TemplateToken[] = [];
  let rest = template;
  while (rest !== '') {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (close !== -1 && (open === -1 || close < open)) return { ok: false, error: 'Unmatched "}" in the template' };
    if (open === -1) {
      tokens.push({ literal: rest });
      break;
    }
    const end = rest.indexOf('}', open);
    if (end === -1) return { ok: false, error: 'Unclosed "{" in the template' };
    const name = rest.slice(open + 1, end);
    if (!isPlaceholder(name)) {
      return { ok: false, error: `Unknown placeholder {${name}} — allowed: ${allowedList}` };
    }
    if (open > 0) tokens.push({ literal: rest.slice(0, open) });
    tokens.push({ placeholder: name });
    rest = rest.slice(end + 1);
  }
  return { ok: true, tokens };
}

/** Join tokens, mapping each placeholder through `value` (which must do any encoding). */
export function joinTokens(tokens: readonly TemplateToken[], value: (p: Placeholder) => string): string {
  return tokens.map((t) => ('literal' in t ? t.literal : value(t.placeholder))).join('');
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Whether the path of a URL string, before parsing, has a '.' or '..' segment (which the parser
 * would resolve away, moving up the path). Segments split at '/' and '\\' as the parser does.
 */
export function hasDotSegment(url: string): boolean {
  const afterScheme = url.slice(url.indexOf('//') + 2);
  const pathStart = afterScheme.search(/[/\\?#]/);
  if (pathStart === -1) return false;
  const path = afterScheme.slice(pathStart).split(/[?#]/)[0] ?? '';
  return path.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment));
}

/** '' is allowed (template not set). Returns an error message or null. */
export function checkUrlTemplate(template: string): string | null {
  if (template === '') return null;
  if (template.length > MAX_LENGTH) return `Template is too long (max ${MAX_LENGTH} characters)`;
  if (/\s/.test(template)) return 'Template must not contain spaces';
  const parsed = parseTemplate(template);
  if (!parsed.ok) return parsed.error;
  if (!/^https?:\/\//i.test(template)) return 'Template must start with https:// or http://';
  if (!FIXED_ORIGIN.test(template)) {
    return 'The CRM address (scheme, host and port) must be fixed: put placeholders only in the path or query';
  }
  const sample = joinTokens(parsed.tokens, () => 'x');
  if (hasDotSegment(sample)) return 'Template path must not contain "." or ".." segments';
  let url: URL;
  try {
    url = new URL(sample);
  } catch {
    return 'Template is not a valid URL';
  }
  if (url.username !== '' || url.password !== '') return 'Do not put credentials in the template URL';
  // As for the PBX URL: call data and the CRM session must not travel in clear text, except to a
  // CRM on this machine (a development or test CRM).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'Use https:// — http:// is only allowed for localhost';
  }
  return null;
}

/** Origin of a valid template ('https://crm.example.com'), or null for '' or an invalid one. */
export function templateOrigin(template: string): string | null {
  if (template === '' || checkUrlTemplate(template) !== null) return null;
  const parsed = parseTemplate(template);
  return parsed.ok ? new URL(joinTokens(parsed.tokens, () => 'x')).origin : null;
}

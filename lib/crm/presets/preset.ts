/**
 * A CRM preset: the URL shapes of one vendor's web app, so the admin types only what differs per
 * organisation (its host, a portal or org id) and gets the record template, the search template
 * and the lookup selector filled in.
 *
 * A preset's templates are written with `[slot]` markers for what the admin types, next to the
 * call placeholders (`{contact_ref}` ...). Filling replaces the markers only; the result must pass
 * the same rules as a hand-written template (lib/crm/url-template.ts: https, fixed origin), and
 * the same marker form lets a filled template be recognised again (recognisePreset) so the
 * chooser shows what is set.
 *
 * Every vendor file cites the vendor's own documentation for each URL shape, or says that the
 * shape is only observed (not a documented contract). Where a vendor documents no URL (a search
 * by number, mostly), the preset leaves that template empty instead of guessing: a call without a
 * contact reference then pops nothing, and the lookup prefill (the field the picker learns) finds
 * the caller in the CRM's own search box.
 */

export type PresetId = 'generic' | 'salesforce' | 'hubspot' | 'zoho' | 'dynamics' | 'pipedrive' | 'zendesk' | 'freshdesk';

export interface PresetField {
  /** The slot name in the templates: `[host]`. */
  key: string;
  label: string;
  placeholder: string;
  hint?: string;
  /** A fixed list (a select) instead of free text; `check` still runs. */
  options?: readonly string[];
  /** Prefilled value ('' = none). */
  initial?: string;
  /** Normalises what was typed (trim, lower case, a pasted URL cut to its host). */
  normalise?: (value: string) => string;
  /** Error message, or null. Runs on the normalised value. */
  check: (value: string) => string | null;
}

export interface DocRef {
  url: string;
  /** What the page says that the preset relies on. */
  says: string;
}

export interface CrmPreset {
  id: PresetId;
  name: string;
  /** What the admin types; empty for the generic preset (the templates are typed by hand). */
  fields: readonly PresetField[];
  /** With `[slot]` markers; '' = this preset fills nothing there. */
  recordTemplate: string;
  searchTemplate: string;
  lookupSelector: string;
  /** Shown under the chooser: what the preset does not cover and why. */
  note: string;
  docs: readonly DocRef[];
}

export interface PresetTemplates {
  recordUrlTemplate: string;
  searchUrlTemplate: string;
  lookupSelector: string;
}

// One DNS label (RFC 1123), as host-rules.ts checks them.
export const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

/**
 * What the admin typed or pasted, as a bare host: trimmed, lower case, and a pasted address
 * (`https://acme.pipedrive.com/deal/12`) cut to its host. A port or credentials stay in, so the
 * vendor's host rule refuses them.
 */
export function normaliseHost(value: string): string {
  const v = value.trim().toLowerCase();
  const url = /^[a-z][a-z0-9+.-]*:\/\//.exec(v) ? safeUrl(v) : null;
  if (url === null) return v.replace(/\/+$/, '');
  if (url.protocol !== 'https:') return v; // refused by the rule below with the scheme in view
  return url.username !== '' || url.password !== '' ? v : url.host;
}

function safeUrl(v: string): URL | null {
  try {
    return new URL(v);
  } catch {
    return null;
  }
}

/**
 * A host rule for a vendor whose organisations live on subdomains of fixed domains:
 * `suffixes` are regular-expression sources of what follows the organisation's label(s).
 */
export function vendorHostRule(example: string, suffix: RegExp, what: string): (host: string) => string | null {
  return (host) => {
    if (host === '') return `Type your ${what}, e.g. ${example}`;
    if (host.includes('://')) return `Only https:// addresses: type the host, e.g. ${example}`;
    if (host.includes(':')) return `Leave out the port: ${example}`;
    if (!suffix.test(host)) return `Not a ${what}: expected e.g. ${example}`;
    return null;
  };
}

/** `[host]` -> value for every field; markers of unknown slots are left (and then refused). */
export function fillSlots(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\[([a-z]+)\]/g, (marker, key: string) => (Object.hasOwn(values, key) ? (values[key] as string) : marker));
}

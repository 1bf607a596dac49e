/**
 * Turns a call into the CRM page to pop: the record page when the caller keyed in a contact
 * reference, else a search by caller number.
 *
 * Every value is encoded with encodeURIComponent, which leaves '.' alone; and the URL parser
 * treats '.', '..', '%2e' and '%2e%2e' path segments alike, so encoding dots would not help.
 * A value that would make a whole path segment '.' or '..' (moving to a parent page) is therefore
 * refused, and the result must parse as an http(s) URL on the template's own origin. A record
 * page refused for the call's values falls back to the search by number (`fallback` says so).
 */
import type { CallNotification } from '../call-notification';
import { checkUrlTemplate, hasDotSegment, joinTokens, parseTemplate, templateOrigin, type Placeholder } from './url-template';

export interface RecordUrlSettings {
  recordUrlTemplate: string;
  searchUrlTemplate: string;
}

/**
 * `fallback`: set when the record page was refused as unsafe for this call's values and the
 * search by number was opened instead; says why, for the panel.
 */
export type RecordUrlResult =
  | { ok: true; url: string; kind: 'record' | 'search'; fallback?: string }
  | { ok: false; error: string };

type Kind = 'record' | 'search';
/** `unsafe`: refused because of the call's values (not the template): the search may still do. */
type Built = { ok: true; url: string } | { ok: false; error: string; unsafe: boolean };

function placeholderValues(call: CallNotification): Record<Placeholder, string> {
  return {
    contact_ref: call.contactRef.trim(),
    number: call.number,
    dial_number: call.dialNumber,
    call_ref: call.callRef,
    campaign_ref: call.campaignRef ?? '',
    ext: call.ext,
  };
}

export function buildRecordUrl(settings: RecordUrlSettings, call: CallNotification): RecordUrlResult {
  const values = placeholderValues(call);
  const kind: Kind = values.contact_ref !== '' ? 'record' : 'search';
  const first = build(settings, kind, values);
  if (first.ok) return { ok: true, url: first.url, kind };
  if (kind === 'search' || !first.unsafe) return { ok: false, error: first.error };
  // A contact reference that cannot be opened safely ('..', say) is the caller's keypad input,
  // not a reason to pop nothing: the search by number finds the contact another way.
  const search = build(settings, 'search', values);
  if (!search.ok) return { ok: false, error: first.error };
  return { ok: true, url: search.url, kind: 'search', fallback: `${first.error}; searched by number instead` };
}

function build(settings: RecordUrlSettings, kind: Kind, values: Record<Placeholder, string>): Built {
  const template = kind === 'record' ? settings.recordUrlTemplate : settings.searchUrlTemplate;
  const label = kind === 'record' ? 'CRM record URL template' : 'CRM search URL template';
  if (template === '') {
    return {
      ok: false,
      unsafe: false,
      error:
        kind === 'record'
          ? 'No CRM record URL template is set, so the contact reference cannot be opened'
          : 'The call has no contact reference and no CRM search URL template is set',
    };
  }
  return fillTemplate(template, label, values);
}

/**
 * A call's values put into any URL template with the record template's rules (each value
 * encoded, no '.'/'..' segment, the template's own origin): the record and search pops, and the
 * disposition webhook (lib/wrap-up/). `label` names the template in the errors.
 */
export function fillUrlTemplate(template: string, label: string, call: CallNotification): { ok: true; url: string } | { ok: false; error: string } {
  if (template === '') return { ok: false, error: `No ${label} is set` };
  const built = fillTemplate(template, label, placeholderValues(call));
  return built.ok ? built : { ok: false, error: built.error };
}

function fillTemplate(template: string, label: string, values: Record<Placeholder, string>): Built {
  const invalid = checkUrlTemplate(template);
  const parsed = parseTemplate(template);
  const origin = templateOrigin(template);
  if (invalid !== null || !parsed.ok || origin === null) {
    return { ok: false, unsafe: false, error: `The ${label} is invalid: ${invalid ?? 'cannot parse it'}` };
  }

  let built: string;
  try {
    built = joinTokens(parsed.tokens, (p) => encodeURIComponent(values[p]));
  } catch {
    // encodeURIComponent throws URIError on a lone UTF-16 surrogate.
    return { ok: false, unsafe: true, error: 'The call data contains text that cannot be put in a URL' };
  }
  if (hasDotSegment(built)) {
    return { ok: false, unsafe: true, error: `Refusing to open ${built}: a call value would form a "." or ".." path segment` };
  }
  let url: URL;
  try {
    url = new URL(built);
  } catch {
    return { ok: false, unsafe: true, error: `The call data makes an invalid URL: ${built}` };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin) {
    return { ok: false, unsafe: true, error: `Refusing to open ${url.href}: it leaves the CRM site ${origin}` };
  }
  return { ok: true, url: url.href };
}

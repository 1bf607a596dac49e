import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { FALLBACK_COUNTRY } from './default-country';

/**
 * Turning what the agent typed or clicked into what the phone dials (lib/phone/dial-target.ts):
 * E.164 for a phone number, digits (and * #) for an extension of the PBX.
 *
 * libphonenumber-js with its 'min' metadata (about 80 kB): it validates numbers by their
 * national patterns, which is all detection and E.164 formatting need. 'max' adds the number
 * type (mobile, fixed line) we never use for twice the size; 'mobile' validates mobile numbers
 * only, and CRM contacts are as often office lines.
 */
/** A default country as libphonenumber-js takes it: one it has metadata for, else US. */
export function supportedCountry(code: string | undefined): CountryCode {
  return code !== undefined && isSupportedCountry(code) ? code : FALLBACK_COUNTRY;
}

/** What the phone dials for what was asked ('phone/dial'): E.164 or an extension; throws otherwise. */
export function dialTargetFor(number: string, defaultCountry: string | undefined): string {
  const result = normalizeDialInput(number, supportedCountry(defaultCountry));
  if (!result.ok) throw new Error(result.error);
  return result.number;
}

export type DialNumber = { ok: true; number: string } | { ok: false; error: string };

/** Up to 6 digits (and * #): the PBX's own extensions and feature codes, dialled as they are. */
const EXTENSION = /^[0-9*#]{1,6}$/;
/** Spaces, dots, dashes, slashes and brackets people write numbers with. */
const SEPARATORS = /[\s.\-/()\u00a0]/g;

export function normalizeDialInput(raw: string, defaultCountry: CountryCode): DialNumber {
  const input = raw.trim();
  const compact = input.replace(SEPARATORS, '');
  if (EXTENSION.test(compact)) return { ok: true, number: compact };
  const parsed = parsePhoneNumberFromString(input, { defaultCountry, extract: false });
  // Possible, not valid: the agent chose this number (a new range may fail the patterns), and the
  // PBX is the judge of it; detection in page text asks for valid numbers (find-numbers.ts).
  if (parsed === undefined || !parsed.isPossible()) {
    return { ok: false, error: `not a phone number or extension: ${JSON.stringify(input.slice(0, 32))}` };
  }
  return { ok: true, number: parsed.number };
}

/**
 * The number of a `tel:` link (RFC 3966): `tel:+1-415-555-2671`, `tel:0301234567;phone-context=+49`,
 * `tel:1002`. Parameters (`;ext=`, `;isub=`) are dropped; null when it is not a number.
 */
export function telHrefNumber(href: string, defaultCountry: CountryCode): string | null {
  if (!/^tel:/i.test(href)) return null;
  let body: string;
  try {
    body = decodeURIComponent(href.slice(4));
  } catch {
    return null;
  }
  const [number = '', ...params] = body.split(';');
  const context = params.find((p) => /^phone-context=\+/i.test(p))?.slice('phone-context='.length);
  const local = number.replace(SEPARATORS, '');
  if (local.length > 32) return null;
  const full = context !== undefined && !local.startsWith('+') ? `${context.replace(SEPARATORS, '')}${local}` : local;
  const result = normalizeDialInput(full, defaultCountry);
  return result.ok ? result.number : null;
}

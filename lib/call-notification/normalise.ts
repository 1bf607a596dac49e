import { callNotificationSchema, type CallNotification, type DecodeResult } from './schema';
import { readHoldTime, readProblem, readText, type TextRead } from './read-field';

/**
 * The one step both channels share: raw field record -> CallNotification + warnings.
 *
 * Fallbacks (each one named in a warning):
 * - required text (number, dialNumber, callRef, ext): missing/empty/non-text -> the channel's
 *   fallback if it has one (SIP: the From / To user part), else ''.
 * - contactRef: '' (the PBX's documented default; no warning when absent or empty).
 * - campaignRef: null when absent or empty (no warning by itself).
 * - holdTimeSec: null (see readHoldTime).
 *
 * Direction:
 * - campaign ref 'inbound' (any case) -> 'inbound'; any other campaign ref is a dialler campaign
 *   (including 'outbound' and 'click2dial') -> 'outbound'. Same rule for SIP and legacy Redis.
 * - sip: no campaign ref -> 'inbound' (an INVITE to the agent's extension is an incoming call).
 * - redis-v3: call_dir 'inbound' / 'outbound' (any case) decides; an unusable call_dir falls back
 *   to the campaign rule, else 'unknown'.
 * - redis-legacy: no campaign ref -> 'unknown' (the dialler shares the shape, so we cannot tell).
 */
export type RawField = 'number' | 'dialNumber' | 'holdTime' | 'callRef' | 'contactRef' | 'campaignRef' | 'callDir' | 'ext';
export type RawFields = Partial<Record<RawField, unknown>>;

export interface NormaliseSource {
  format: CallNotification['format'];
  /** Where each field came from, for warnings: 'X-Platforma-Number', 'payload.number'. */
  labels: Partial<Record<RawField, string>>;
  /** Second choice for a required field that gave no text. */
  fallbacks?: Partial<Record<'number' | 'ext', { value: unknown; label: string }>>;
}

type Direction = CallNotification['direction'];

export function normalise(raw: RawFields, source: NormaliseSource, warnings: string[]): CallNotification {
  const label = (field: RawField) => `${field} (${source.labels[field] ?? field})`;
  const read = (field: RawField) => readText(raw[field], label(field), warnings);

  const required = (field: 'number' | 'dialNumber' | 'callRef' | 'ext'): string => {
    const first = read(field);
    if (first.kind === 'text') return first.text;
    const fallback = field === 'number' || field === 'ext' ? source.fallbacks?.[field] : undefined;
    if (fallback) {
      const second = readText(fallback.value, `${field} (${fallback.label})`, warnings);
      if (second.kind === 'text') {
        warnings.push(`${label(field)}: ${readProblem(first)}; used ${fallback.label}`);
        return second.text;
      }
      warnings.push(`${label(field)}: ${readProblem(first)}, and ${fallback.label} is ${readProblem(second)}; used ''`);
      return '';
    }
    warnings.push(`${label(field)}: ${readProblem(first)}; used ''`);
    return '';
  };

  const optional = (field: 'contactRef' | 'campaignRef'): string | null => {
    const result = read(field);
    if (result.kind === 'text') return result.text;
    if (result.kind === 'unusable') warnings.push(`${label(field)}: ${readProblem(result)}; ignored`);
    return null;
  };

  const campaignRef = optional('campaignRef');
  return {
    number: required('number'),
    dialNumber: required('dialNumber'),
    holdTimeSec: readHoldTime(raw.holdTime, label('holdTime'), warnings),
    callRef: required('callRef'),
    contactRef: optional('contactRef') ?? '',
    campaignRef,
    direction: direction(source.format, campaignRef, () => read('callDir'), label('callDir'), warnings),
    ext: required('ext'),
    format: source.format,
  };
}

function direction(
  format: CallNotification['format'],
  campaignRef: string | null,
  readCallDir: () => TextRead,
  callDirLabel: string,
  warnings: string[],
): Direction {
  const fromCampaign: Direction | null =
    campaignRef === null ? null : campaignRef.toLowerCase() === 'inbound' ? 'inbound' : 'outbound';
  if (format === 'sip') return fromCampaign ?? 'inbound';
  if (format === 'redis-v3') {
    const callDir = readCallDir();
    const value = callDir.kind === 'text' ? callDir.text.toLowerCase() : '';
    if (value === 'inbound' || value === 'outbound') return value;
    const problem = callDir.kind === 'text' ? 'neither "inbound" nor "outbound"' : readProblem(callDir);
    warnings.push(`${callDirLabel}: ${problem}; direction ${fromCampaign ? 'taken from the campaign' : 'unknown'}`);
    return fromCampaign ?? 'unknown';
  }
  if (fromCampaign === null) warnings.push('direction: no campaign_ref in a legacy notification; direction unknown');
  return fromCampaign ?? 'unknown';
}

/** Final gate for both channels: the output must pass the shared schema. */
export function checked(call: CallNotification, warnings: string[]): DecodeResult {
  const parsed = callNotificationSchema.safeParse(call);
  if (parsed.success) return { ok: true, call: parsed.data, warnings };
  return { ok: false, error: `decoder produced an invalid notification: ${parsed.error.issues[0]?.message ?? 'unknown'}` };
}

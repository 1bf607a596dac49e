/**
 * The seven X-Platforma headers of the PBX's document, as its queue sends them to extension 1001,
 * and the CallNotification the phone must make of them. One fixture for every test that calls
 * through the test PBX: the Phone in Node (test/integration), the hostile cases
 * (test/pbx/hostile-invites.ts) and the built extension (test/e2e).
 */
import type { CallNotification } from '../../lib/call-notification';

export const PLATFORMA_HEADERS: Readonly<Record<string, string>> = {
  'X-Platforma-Number': '07700900123',
  'X-Platforma-Dial-Number': '02079460000',
  'X-Platforma-Hold-Time': '42',
  'X-Platforma-Call-Ref': 'c2d-981234',
  'X-Platforma-Contact-Ref': 'ACC-5567',
  'X-Platforma-Campaign-Ref': 'inbound',
  'X-Platforma-Ref': '1001',
};

/** What the phone decodes from PLATFORMA_HEADERS. */
export const PLATFORMA_NOTIFICATION: Readonly<CallNotification> = {
  number: '07700900123',
  dialNumber: '02079460000',
  holdTimeSec: 42,
  callRef: 'c2d-981234',
  contactRef: 'ACC-5567',
  campaignRef: 'inbound',
  direction: 'inbound',
  ext: '1001',
  format: 'sip',
};

/**
 * PLATFORMA_HEADERS as lines for a caller's extraHeaders, with some replaced or added (in the
 * order of PLATFORMA_HEADERS, new ones last). An array value repeats the header, one line each.
 */
export function platformaHeaderLines(overrides: Record<string, string | string[]> = {}): string[] {
  const all: Record<string, string | string[]> = { ...PLATFORMA_HEADERS, ...overrides };
  return Object.entries(all).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`));
}

/** PLATFORMA_NOTIFICATION with the fields that headers replaced by platformaHeaderLines() change. */
export function platformaNotification(overrides: Partial<CallNotification> = {}): CallNotification {
  return { ...PLATFORMA_NOTIFICATION, ...overrides };
}

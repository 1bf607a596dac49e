/**
 * Hostile X-Platforma header sets and what the phone must make of them, shared by the Kamailio
 * integration test (test/integration/hostile-invite.test.ts) and the Chromium one
 * (test/e2e/hostile-call.test.ts). Every case was checked to pass through Kamailio 5.6 unchanged:
 * it relays NUL, BEL, DEL, bidi characters, folded lines and UTF-8 as they are.
 */
import type { CallNotification } from '../../lib/call-notification';
import { PLATFORMA_HEADERS, platformaHeaderLines } from './platforma-headers';

export interface HostileCase {
  name: string;
  /** Header lines for the caller's extraHeaders. */
  headers: string[];
  /** Fields that differ from PLATFORMA_NOTIFICATION (test/pbx/platforma-headers.ts). */
  expected: Partial<CallNotification>;
  /** One pattern per warning, in any order; no other warning may appear. */
  warnings: RegExp[];
}

const removed = (field: string, header: string, count: number) =>
  new RegExp(`^${field} \\(X-Platforma-${header}\\): removed or replaced ${count} control or invisible character\\(s\\)$`);
const cut = (field: string, header: string, was = 2048) =>
  new RegExp(`^${field} \\(X-Platforma-${header}\\): cut to 256 characters \\(was ${was}\\)$`);
const missing = (field: string, header: string, fallback: string) =>
  new RegExp(`^${field} \\(X-Platforma-${header}\\): missing; ${fallback}$`);

// 2048 UTF-16 units whose 256th unit is the first half of an emoji: the cut must not split the pair.
const EMOJI_2K = `x${'😀'.repeat(1023)}x`;
export const SCRIPT = '"><script>alert(1)</script>';
export const IMG = '<img src=x onerror=alert(1)>';

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'HTML and script markup is kept as text',
    headers: platformaHeaderLines({ 'X-Platforma-Number': IMG, 'X-Platforma-Contact-Ref': SCRIPT }),
    expected: { number: IMG, contactRef: SCRIPT },
    warnings: [],
  },
  {
    name: 'path traversal and URL query characters are kept as text',
    headers: platformaHeaderLines({ 'X-Platforma-Contact-Ref': '../../admin', 'X-Platforma-Call-Ref': '?a=1&b=2#frag' }),
    expected: { contactRef: '../../admin', callRef: '?a=1&b=2#frag' },
    warnings: [],
  },
  {
    name: '2 KB values (ASCII, CJK, emoji) are cut to 256, never inside a surrogate pair',
    headers: platformaHeaderLines({
      'X-Platforma-Contact-Ref': 'A'.repeat(2048),
      'X-Platforma-Campaign-Ref': '客'.repeat(2048),
      'X-Platforma-Dial-Number': EMOJI_2K,
    }),
    expected: { contactRef: 'A'.repeat(256), campaignRef: '客'.repeat(256), direction: 'outbound', dialNumber: `x${'😀'.repeat(127)}` },
    warnings: [cut('contactRef', 'Contact-Ref'), cut('campaignRef', 'Campaign-Ref'), cut('dialNumber', 'Dial-Number')],
  },
  {
    // Kamailio reads a WebSocket frame into 16383 bytes: about the largest value it relays.
    name: 'a 15 000-character value is cut to 256',
    headers: platformaHeaderLines({ 'X-Platforma-Contact-Ref': '7'.repeat(15_000) }),
    expected: { contactRef: '7'.repeat(256) },
    warnings: [cut('contactRef', 'Contact-Ref', 15_000)],
  },
  {
    name: 'header names in other cases are read the same',
    headers: Object.entries(PLATFORMA_HEADERS).map(([name, value], i) => `${i % 2 ? name.toLowerCase() : name.toUpperCase()}: ${value}`),
    expected: {},
    warnings: [],
  },
  {
    name: 'unicode (Arabic-Indic digits, RTL Arabic, CJK, emoji with ZWJ) is kept exactly',
    headers: platformaHeaderLines({
      'X-Platforma-Number': '٠٧٧٠٠٩٠٠١٢٣',
      'X-Platforma-Contact-Ref': 'مركز الاتصال',
      'X-Platforma-Call-Ref': '客服中心-42',
      'X-Platforma-Campaign-Ref': '👩‍💻 Support 👨‍👩‍👧',
    }),
    expected: {
      number: '٠٧٧٠٠٩٠٠١٢٣',
      contactRef: 'مركز الاتصال',
      callRef: '客服中心-42',
      campaignRef: '👩‍💻 Support 👨‍👩‍👧',
      direction: 'outbound',
    },
    warnings: [],
  },
  {
    name: 'bidi overrides, isolates, marks and zero-width characters are removed with a warning',
    headers: platformaHeaderLines({
      'X-Platforma-Number': '\u202E07700\u2066900123\u2069',
      'X-Platforma-Contact-Ref': 'ACC\u200B-\uFEFF5567',
      'X-Platforma-Dial-Number': '\u200E02079460000\u200F',
    }),
    expected: {},
    warnings: [removed('number', 'Number', 3), removed('contactRef', 'Contact-Ref', 2), removed('dialNumber', 'Dial-Number', 2)],
  },
  {
    name: 'tabs, NUL/BEL/DEL and a folded header line are cleaned with a warning',
    headers: platformaHeaderLines({
      'X-Platforma-Call-Ref': 'CR\t1\t\t2',
      'X-Platforma-Dial-Number': '0207\u0007946\u007F0000',
      'X-Platforma-Number': '07700\u0000900123',
      'X-Platforma-Contact-Ref': 'ACC-\r\n\t5567',
    }),
    expected: { callRef: 'CR 1 2', contactRef: 'ACC- 5567' },
    warnings: [
      removed('callRef', 'Call-Ref', 3),
      removed('dialNumber', 'Dial-Number', 2),
      removed('number', 'Number', 1),
      removed('contactRef', 'Contact-Ref', 3),
    ],
  },
  {
    name: 'repeated headers: the first line wins, with a warning; a comma is data, never a separator',
    headers: platformaHeaderLines({
      'X-Platforma-Number': ['07700900111', '07700900222'],
      'X-Platforma-Call-Ref': 'CR-A, CR-B',
      'X-Platforma-Contact-Ref': 'Smith, J',
      'X-Platforma-Dial-Number': '0800123,,42',
      'X-Platforma-Campaign-Ref': 'Sales, North',
    }),
    expected: {
      number: '07700900111', callRef: 'CR-A, CR-B', contactRef: 'Smith, J', dialNumber: '0800123,,42',
      campaignRef: 'Sales, North', direction: 'outbound',
    },
    warnings: [/^X-Platforma-Number: repeated 2 times; used the first$/],
  },
  {
    name: 'every format character (ZWNJ, stray ZWJ, word joiner, tags, soft hyphen) is removed; an emoji ZWJ is kept',
    headers: platformaHeaderLines({
      'X-Platforma-Contact-Ref': 'ACC\u200C-\u200D55\u206067\u00AD',
      'X-Platforma-Call-Ref': 'c2d\u{E0041}\u{E007F}-7',
      'X-Platforma-Campaign-Ref': 'Team 👩‍💻\u180E',
    }),
    expected: { contactRef: 'ACC-5567', callRef: 'c2d-7', campaignRef: 'Team 👩‍💻', direction: 'outbound' },
    warnings: [removed('contactRef', 'Contact-Ref', 4), removed('callRef', 'Call-Ref', 2), removed('campaignRef', 'Campaign-Ref', 1)],
  },
  {
    name: 'no X-Platforma headers at all: number from the From user, extension from the To user, each fallback named',
    headers: [],
    expected: { number: '2001', dialNumber: '', holdTimeSec: null, callRef: '', contactRef: '', campaignRef: null, direction: 'inbound', ext: '1001' },
    warnings: [
      missing('number', 'Number', "used the From header's user part"),
      missing('dialNumber', 'Dial-Number', "used ''"),
      /^holdTime \(X-Platforma-Hold-Time\): missing; hold time unknown$/,
      missing('callRef', 'Call-Ref', "used ''"),
      missing('ext', 'Ref', "used the To header's user part"),
    ],
  },
  {
    name: 'a caller number of invisible characters only falls back to the From user',
    headers: platformaHeaderLines({ 'X-Platforma-Number': '\u200B\u202E' }),
    expected: { number: '2001' },
    warnings: [removed('number', 'Number', 2), /^number \(X-Platforma-Number\): empty; used the From header's user part$/],
  },
  ...['-5', 'forty-two', '0x2A', '1e3'].map(
    (holdTime): HostileCase => ({
      name: `hold time ${JSON.stringify(holdTime)} gives an unknown hold time`,
      headers: platformaHeaderLines({ 'X-Platforma-Hold-Time': holdTime }),
      expected: { holdTimeSec: null },
      warnings: [/^holdTime \(X-Platforma-Hold-Time\): not a number of seconds; hold time unknown$/],
    }),
  ),
];

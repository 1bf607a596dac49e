import { durationSec, type HistoryEntry } from './history-entry';

/**
 * The history as CSV (RFC 4180: comma separated, CRLF line ends, a field with a comma, quote or
 * line break in double quotes, quotes doubled), for a spreadsheet.
 *
 * Every value here came from the PBX or the caller's keypad, and spreadsheets run a cell that
 * starts with = + - @ (or a tab / carriage return before one) as a formula: `=HYPERLINK(...)` in
 * a contact reference would become a live link in the agent's Excel (CSV injection, OWASP). Such a
 * value gets a leading apostrophe, which spreadsheets show as text. So does a phone number like
 * '+4930…': the apostrophe keeps it a number as typed, not a formula.
 */
export const CSV_COLUMNS = [
  'started',
  'source',
  'direction',
  'number',
  'dial_number',
  'contact_ref',
  'campaign',
  'call_ref',
  'outcome',
  'answered',
  'ended',
  'duration_sec',
  'disposition',
  'note',
  'webhook',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const time = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

function row(entry: HistoryEntry): string[] {
  const n = entry.notification;
  const duration = durationSec(entry);
  return [
    time(entry.startedAt),
    entry.source,
    entry.direction,
    n.number,
    n.dialNumber,
    n.contactRef,
    n.campaignRef ?? '',
    n.callRef,
    entry.outcome ?? 'live',
    time(entry.answeredAt),
    time(entry.endedAt),
    duration === null ? '' : String(duration),
    entry.wrapUp?.disposition ?? '',
    entry.wrapUp?.note ?? '',
    entry.wrapUp?.webhook?.state ?? '',
  ];
}

/** Header and one line per entry, each line ending in CRLF. */
export function historyCsv(entries: readonly HistoryEntry[]): string {
  return [[...CSV_COLUMNS], ...entries.map(row)].map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
}

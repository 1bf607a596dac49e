import { describe, expect, it } from 'vitest';
import { historyCsv, csvCell, CSV_COLUMNS } from '@/lib/history/csv';
import type { HistoryData, HistoryEntry } from '@/lib/history/history-entry';
import { applyRetention } from '@/lib/history/retention';
import { makeCall } from './phone-host-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_800_000_000_000;

function entry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 'e1',
    callId: 'c1',
    source: 'sip',
    direction: 'inbound',
    notification: makeCall().notification,
    outcome: 'answered',
    startedAt: NOW - 1_000,
    ...overrides,
  };
}
const history = (entries: HistoryEntry[]): HistoryData => ({ entries, seenAt: 0 });

describe('applyRetention', () => {
  it('drops calls that started more than `days` ago, keeps the rest', () => {
    const data = history([
      entry({ id: 'new', startedAt: NOW - 1_000 }),
      entry({ id: 'edge', startedAt: NOW - 7 * DAY }),
      entry({ id: 'old', startedAt: NOW - 7 * DAY - 1 }),
    ]);
    expect(applyRetention(data, { days: 7, maxCalls: 200 }, NOW).entries.map((e) => e.id)).toEqual(['new', 'edge']);
  });

  it('keeps at most `maxCalls`, the newest', () => {
    const data = history(Array.from({ length: 250 }, (_, i) => entry({ id: `e${i}`, startedAt: NOW - i * 1_000 })));
    const kept = applyRetention(data, { days: 7, maxCalls: 200 }, NOW).entries;
    expect(kept).toHaveLength(200);
    expect(kept.at(0)?.id).toBe('e0');
    expect(kept.at(-1)?.id).toBe('e199');
  });

  it('never drops a live call or a wrap-up still to be delivered, and returns the same object when nothing goes', () => {
    const pending = entry({ id: 'pending', startedAt: NOW - 30 * DAY, wrapUp: { disposition: '', note: '', savedAt: 0, webhook: { state: 'pending', attempts: 2, nextAt: NOW } } });
    const live = entry({ id: 'live', outcome: null, startedAt: NOW - 30 * DAY });
    const data = history([live, pending, entry({ id: 'x', startedAt: NOW - 30 * DAY })]);
    expect(applyRetention(data, { days: 1, maxCalls: 10 }, NOW).entries.map((e) => e.id)).toEqual(['live', 'pending']);
    const fine = history([entry()]);
    expect(applyRetention(fine, { days: 7, maxCalls: 200 }, NOW)).toBe(fine);
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180), lines end in CRLF', () => {
    expect(csvCell('Smith, J')).toBe('"Smith, J"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    const csv = historyCsv([entry({ wrapUp: { disposition: 'Resolved', note: 'called, "fine"', savedAt: 0 } })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3); // header, one row, '' after the last CRLF
    expect(lines[1]).toContain(',Resolved,"called, ""fine""",');
  });

  it('neutralises values a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    // A number starting with + is kept as typed, behind the apostrophe.
    expect(csvCell('+4930123456')).toBe("'+4930123456");
    const notification = { ...makeCall().notification, contactRef: '=cmd|\'/C calc\'!A0', number: '+441234' };
    const row = historyCsv([entry({ notification })]).split('\r\n')[1]!;
    expect(row).toContain(`'=cmd|'/C calc'!A0`);
    expect(row).toContain(`'+441234`);
    expect(row).not.toMatch(/(^|,)[=+\-@]/);
  });

  it('writes times as ISO, the duration in seconds, live calls as live', () => {
    const row = historyCsv([entry({ startedAt: Date.UTC(2026, 0, 2, 3, 4, 5), answeredAt: 1_000, endedAt: 61_000 })]).split('\r\n')[1]!.split(',');
    expect(row[0]).toBe('2026-01-02T03:04:05.000Z');
    expect(row[CSV_COLUMNS.indexOf('duration_sec')]).toBe('60');
    expect(historyCsv([entry({ outcome: null })]).split('\r\n')[1]!.split(',')[CSV_COLUMNS.indexOf('outcome')]).toBe('live');
  });
});

import { describe, expect, it } from 'vitest';
import { fieldText, outcomeText, timerText, waitedText } from '@/lib/content/panel-text';
import { nextCorner, placeStyle, snapPlace } from '@/lib/content/panel-place';
import { pickCall } from '@/lib/content/pick-call';
import { OUTCOME_CASES, makePanelCall, makeView } from './panel-fixtures';

describe('panel wording', () => {
  it.each([
    [null, '—'],
    [0, 'waited 0 s'],
    [42, 'waited 42 s'],
    [59, 'waited 59 s'],
    [60, 'waited 1 min'],
    [125, 'waited 2 min 5 s'],
    [3600, 'waited 60 min'],
  ] as const)('hold time %s reads %s', (sec, text) => expect(waitedText(sec)).toBe(text));

  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [5_000, '0:05'],
    [65_400, '1:05'],
    [3_723_000, '62:03'],
    [-500, '0:00'],
  ])('timer at %i ms reads %s', (ms, text) => expect(timerText(ms)).toBe(text));

  it.each([
    ...OUTCOME_CASES,
    ['failed', undefined, 'Call failed'],
    [undefined, undefined, 'Call ended'],
  ] as const)('outcome %s (%s) reads %s', (endReason, endDetail, text) => {
    expect(outcomeText({ endReason, endDetail })).toBe(text);
  });

  it('shows a dash for empty values', () => {
    expect(fieldText('')).toBe('—');
    expect(fieldText(null)).toBe('—');
    expect(fieldText('ACC-1')).toBe('ACC-1');
  });
});

describe('panel place', () => {
  const viewport = { width: 1200, height: 800 };
  it('snaps to the nearest corner and keeps the dropped offset', () => {
    expect(snapPlace({ left: 100, top: 50, width: 300, height: 200 }, viewport)).toEqual({ dock: 'top-left', dx: 100, dy: 50 });
    expect(snapPlace({ left: 860, top: 560, width: 300, height: 200 }, viewport)).toEqual({ dock: 'bottom-right', dx: 40, dy: 40 });
    expect(snapPlace({ left: 10, top: 590, width: 300, height: 200 }, viewport)).toEqual({ dock: 'bottom-left', dx: 10, dy: 10 });
  });

  it('keeps the panel inside the viewport when dropped past an edge', () => {
    expect(snapPlace({ left: -200, top: -50, width: 300, height: 200 }, viewport)).toEqual({ dock: 'top-left', dx: 8, dy: 8 });
    expect(snapPlace({ left: 1100, top: 700, width: 300, height: 200 }, viewport)).toEqual({ dock: 'bottom-right', dx: 8, dy: 8 });
  });

  it('turns a place into CSS offsets', () => {
    expect(placeStyle({ dock: 'bottom-right', dx: 16, dy: 24 })).toEqual({ '--dx': '16px', '--dy': '24px' });
  });

  it('cycles the corners for keyboard users', () => {
    let place = { dock: 'bottom-right', dx: 16, dy: 16 } as const;
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push((place = { ...nextCorner(place) } as typeof place).dock);
    expect(seen).toEqual(['bottom-left', 'top-left', 'top-right', 'bottom-right']);
  });
});

describe('which call a tab shows', () => {
  it('shows the first panel call, else a ringing strip, else nothing', () => {
    const ended = makePanelCall({ id: 'old', state: 'ended', endReason: 'missed' });
    const strip = makePanelCall({ id: 'strip', role: 'strip' });
    expect(pickCall(makeView({ calls: [strip, ended] }))).toEqual({ kind: 'panel', call: ended });
    expect(pickCall(makeView({ calls: [strip] }))).toEqual({ kind: 'strip', call: strip });
    expect(pickCall(makeView({ calls: [makePanelCall({ role: 'strip', state: 'active' })] }))).toBeNull();
    expect(pickCall(makeView({ calls: [] }))).toBeNull();
  });

  it('skips dismissed calls', () => {
    const a = makePanelCall({ id: 'a', state: 'ended', endReason: 'agent-hung-up' });
    const b = makePanelCall({ id: 'b', state: 'ended', endReason: 'missed' });
    expect(pickCall(makeView({ calls: [a, b] }), new Set(['a']))).toEqual({ kind: 'panel', call: b });
    expect(pickCall(makeView({ calls: [a] }), new Set(['a']))).toBeNull();
  });
});

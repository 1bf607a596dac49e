import { describe, expect, it } from 'vitest';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import { EMPTY_PANEL_VIEW } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

describe('panel view schema', () => {
  it('accepts a valid view and returns it unchanged', () => {
    const view = makeView({
      calls: [
        makePanelCall({ state: 'ended', endReason: 'failed', endDetail: 'ICE failed', answeredAt: 1, endedAt: 2, record: { ok: false, error: 'no template' } }),
        makePanelCall({ id: 'call-2', role: 'strip' }),
      ],
      prefill: { callId: 'call-1', selector: '#q', value: 'ACC-42', submit: true },
      place: { dock: 'top-left', dx: 20, dy: 30 },
    });
    expect(parsePanelView(view)).toEqual({ ok: true, view });
    expect(parsePanelView(EMPTY_PANEL_VIEW)).toEqual({ ok: true, view: EMPTY_PANEL_VIEW });
  });

  it('accepts 2 KB values (the panel wraps them)', () => {
    const call = makePanelCall({ notification: { ...makePanelCall().notification, contactRef: 'x'.repeat(2048) } });
    expect(parsePanelView(makeView({ calls: [call] })).ok).toBe(true);
  });

  const bad: [string, unknown][] = [
    ['not an object', 'hello'],
    ['null', null],
    ['missing calls', { prefill: null, place: EMPTY_PANEL_VIEW.place }],
    ['unknown state', makeView({ calls: [makePanelCall({ state: 'held' as never })] })],
    ['unknown role', makeView({ calls: [makePanelCall({ role: 'popup' as never })] })],
    ['empty call id', makeView({ calls: [makePanelCall({ id: '' })] })],
    ['record ok without url', makeView({ calls: [makePanelCall({ record: { ok: true } as never })] })],
    ['number as a number', makeView({ calls: [makePanelCall({ notification: { ...makePanelCall().notification, number: 7 as never } })] })],
    ['negative offset', makeView({ place: { dock: 'top-left', dx: -5, dy: 0 } })],
    ['unknown dock', makeView({ place: { dock: 'middle' as never, dx: 0, dy: 0 } })],
    ['prefill without selector', makeView({ prefill: { callId: 'call-1', selector: '', value: 'x', submit: false } })],
    ['too many calls', makeView({ calls: Array.from({ length: 21 }, (_, i) => makePanelCall({ id: `c${i}` })) })],
    ['a huge value', makeView({ calls: [makePanelCall({ endDetail: 'x'.repeat(20_000) })] })],
  ];
  it.each(bad)('rejects %s, naming the field', (_, raw) => {
    const result = parsePanelView(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/\S/);
  });

  it('names the offending path', () => {
    const result = parsePanelView(makeView({ place: { dock: 'top-left', dx: -5, dy: 0 } }));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('place.dx') });
  });
});

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
    expect(parsePanelView(view)).toEqual({ ok: true, view, dropped: [] });
    expect(parsePanelView(EMPTY_PANEL_VIEW)).toEqual({ ok: true, view: EMPTY_PANEL_VIEW, dropped: [] });
  });

  it('accepts 2 KB values (the panel wraps them)', () => {
    const call = makePanelCall({ notification: { ...makePanelCall().notification, contactRef: 'x'.repeat(2048) } });
    expect(parsePanelView(makeView({ calls: [call] })).ok).toBe(true);
  });

  const bad: [string, unknown][] = [
    ['not an object', 'hello'],
    ['null', null],
    ['missing calls', { prefill: null, place: EMPTY_PANEL_VIEW.place }],
    ['calls not a list', makeView({ calls: {} as never })],
    ['negative offset', makeView({ place: { dock: 'top-left', dx: -5, dy: 0 } })],
    ['unknown dock', makeView({ place: { dock: 'middle' as never, dx: 0, dy: 0 } })],
    ['prefill without selector', makeView({ prefill: { callId: 'call-1', selector: '', value: 'x', submit: false } })],
    ['too many calls', makeView({ calls: Array.from({ length: 21 }, (_, i) => makePanelCall({ id: `c${i}` })) })],
  ];
  it.each(bad)('rejects %s, naming the field', (_, raw) => {
    const result = parsePanelView(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/\S/);
  });

  const badCalls: [string, unknown, string][] = [
    ['unknown state', makePanelCall({ state: 'held' as never }), 'calls.1.state'],
    ['unknown role', makePanelCall({ role: 'popup' as never }), 'calls.1.role'],
    ['empty call id', makePanelCall({ id: '' }), 'calls.1.id'],
    ['record ok without url', makePanelCall({ record: { ok: true } as never }), 'calls.1.record.url'],
    ['number as a number', makePanelCall({ notification: { ...makePanelCall().notification, number: 7 as never } }), 'calls.1.notification.number'],
    ['a huge value', makePanelCall({ endDetail: 'x'.repeat(20_000) }), 'calls.1.endDetail'],
    ['not an object', 'call', 'calls.1'],
  ];
  it.each(badCalls)('a call with %s is dropped, the other calls stay', (_, bad, path) => {
    const good = [makePanelCall({ id: 'call-a' }), makePanelCall({ id: 'call-b', role: 'strip' })];
    const result = parsePanelView(makeView({ calls: [good[0]!, bad as never, good[1]!], prefill: { callId: 'call-a', selector: '#q', value: 'v', submit: false } }));
    expect(result).toMatchObject({ ok: true, view: { calls: good, prefill: { callId: 'call-a' } } });
    expect(result.ok && result.dropped).toEqual([expect.stringMatching(new RegExp(`^${path.replace(/\./g, '\\.')}: `))]);
  });

  it('names the offending path', () => {
    const result = parsePanelView(makeView({ place: { dock: 'top-left', dx: -5, dy: 0 } }));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('place.dx') });
  });
});

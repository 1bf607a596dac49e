import { describe, expect, it } from 'vitest';
import { callHops, INVITE_MARK, type TraceEvent } from '../../bench/trace-hops';

const EXT = 'chrome-extension://abc';
const fn = (ts: number, pid: number, tid: number, url: string, dur = 500): TraceEvent => ({ name: 'FunctionCall', ph: 'X', ts, dur, pid, tid, args: { data: { url } } });
const mark = (ts: number): TraceEvent => ({ name: INVITE_MARK, ph: 'R', ts, pid: 1, tid: 1 });

describe('bench trace hops', () => {
  it('follows each forwarded INVITE through the offscreen document, the content script and the paint', () => {
    const events: TraceEvent[] = [
      mark(1_000_000), // challenged with 407
      mark(1_004_000), // the INVITE the PBX forwards: time 0
      fn(1_000_500, 2, 20, `${EXT}/chunks/offscreen-x.js`), // before the forwarded INVITE: not it
      fn(1_006_000, 2, 20, `${EXT}/chunks/offscreen-x.js`), // +2 ms
      fn(1_009_000, 3, 30, `${EXT}/background.js`), // the worker: not a hop of its own
      fn(1_014_000, 5, 50, `${EXT}/crm-panel.js`), // +10 ms
      { name: 'Paint', ph: 'X', ts: 1_013_000, pid: 5, tid: 50 }, // before the content script ran
      { name: 'Paint', ph: 'X', ts: 1_016_000, pid: 6, tid: 60 }, // another renderer
      { name: 'Paint', ph: 'X', ts: 1_020_000, pid: 5, tid: 50 }, // +16 ms
    ];
    expect(callHops(events)).toEqual([{ offscreen: 2, content: 10, paint: 16 }]);
  });

  it('skips a call whose chain is incomplete', () => {
    expect(callHops([mark(1_000_000), fn(1_001_000, 2, 20, `${EXT}/chunks/offscreen-x.js`)])).toEqual([]);
  });
});

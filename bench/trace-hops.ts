/**
 * Where the time of a call goes, read from a CDP trace of the whole browser (BENCH_TRACE=1): for each
 * INVITE the caller page marked ('caller: INVITE sent'), the first script run that follows it in the
 * offscreen document (SIP.js receiving it), the CRM tab's next content-script run (the view arriving
 * down the panel's port from the offscreen document, issue 14; before, it came through the service
 * worker), and that tab's next paint. "The first after the previous hop" is an approximation that
 * holds on a quiet browser (calls are placed one at a time); a timer in the same context could come first.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

export interface CallHops {
  /** ms after the INVITE left the caller page. */
  offscreen: number;
  content: number;
  paint: number;
}

export const INVITE_MARK = 'caller: INVITE sent';
/** A 407-challenged INVITE is sent twice within a few ms; the last of a burst is the one forwarded. */
const BURST_MS = 300;

export function callHops(events: readonly TraceEvent[]): CallHops[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  const calls = (url: (u: string) => boolean) => sorted.filter((e) => e.name === 'FunctionCall' && url(e.args?.data?.url ?? ''));
  const offscreen = calls((u) => u.startsWith('chrome-extension://') && u.includes('/chunks/offscreen'));
  const content = calls((u) => u.startsWith('chrome-extension://') && u.endsWith('/crm-panel.js'));
  const marks = sorted.filter((e) => e.name === INVITE_MARK);
  const invites = marks.filter((m, i) => {
    const next = marks[i + 1];
    return next === undefined || next.ts - m.ts > BURST_MS * 1000;
  });
  const after = (xs: TraceEvent[], ts: number) => xs.find((e) => e.ts >= ts);
  const out: CallHops[] = [];
  for (const invite of invites) {
    const o = after(offscreen, invite.ts);
    const c = o && after(content, o.ts + (o.dur ?? 0));
    if (!o || !c) continue;
    const paint = sorted.find((e) => e.name === 'Paint' && e.pid === c.pid && e.ts >= c.ts + (c.dur ?? 0));
    if (!paint) continue;
    const ms = (e: TraceEvent) => (e.ts - invite.ts) / 1000;
    out.push({ offscreen: ms(o), content: ms(c), paint: ms(paint) });
  }
  return out;
}

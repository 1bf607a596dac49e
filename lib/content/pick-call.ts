import type { PanelCall, PanelView } from '@/lib/screen-pop/panel-view';

/** `others`: this tab's other live calls (call waiting: the held one, or the one waiting), each with its controls. */
export type PanelShape = { kind: 'panel'; call: PanelCall; others?: PanelCall[] } | { kind: 'strip'; call: PanelCall } | null;

/**
 * Which of the tab's panel calls is the main one: a ringing call first (it needs the agent now),
 * then the one talking, then a held one, a bridge call, a wrap-up.
 */
function rank(call: PanelCall): number {
  if (call.state === 'ringing') return 0;
  if (call.state === 'active') return call.hold === undefined || call.hold === 'resuming' ? 1 : 2;
  return call.state === 'connected' ? 3 : 4;
}

/**
 * What this tab shows: the first call meant for a full panel here, else a ringing strip, else
 * nothing. `dismissed` hides calls the agent dismissed before the worker's next view arrives.
 */
export function pickCall(view: PanelView, dismissed: ReadonlySet<string> = new Set()): PanelShape {
  const visible = view.calls.filter((call) => !dismissed.has(call.id));
  // Stable sort: the worker's order (newest first) within a rank.
  const panels = visible.filter((call) => call.role === 'panel').sort((a, b) => rank(a) - rank(b));
  const panel = panels[0];
  if (panel) {
    const others = panels.slice(1).filter((call) => call.state === 'ringing' || call.state === 'active');
    return others.length > 0 ? { kind: 'panel', call: panel, others } : { kind: 'panel', call: panel };
  }
  // A strip only makes sense while the call can still be taken.
  const strip = visible.find((call) => call.role === 'strip' && call.state === 'ringing');
  return strip ? { kind: 'strip', call: strip } : null;
}

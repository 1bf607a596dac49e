import type { PanelCall, PanelView } from '@/lib/screen-pop/panel-view';

export type PanelShape = { kind: 'panel'; call: PanelCall } | { kind: 'strip'; call: PanelCall } | null;

/**
 * What this tab shows: the first call meant for a full panel here, else a ringing strip, else
 * nothing. `dismissed` hides calls the agent dismissed before the worker's next view arrives.
 */
export function pickCall(view: PanelView, dismissed: ReadonlySet<string> = new Set()): PanelShape {
  const visible = view.calls.filter((call) => !dismissed.has(call.id));
  const panel = visible.find((call) => call.role === 'panel');
  if (panel) return { kind: 'panel', call: panel };
  // A strip only makes sense while the call can still be taken.
  const strip = visible.find((call) => call.role === 'strip' && call.state === 'ringing');
  return strip ? { kind: 'strip', call: strip } : null;
}

import type { PanelView } from './panel-view';

/**
 * The caller panel's port to the page that hosts the phone (Chrome: the offscreen document;
 * Firefox: the background page). Each CRM tab's content script opens one with
 * `runtime.connect({name: PANEL_PORT})`; the host checks the port's sender (exact CRM origin),
 * answers with the tab's view and pushes every later view down the same port, so a ringing call
 * reaches the page in one hop, with the worker asleep or awake (issue 14).
 *
 *   content ──connect──▶ host: sender checked ──▶ {t:'view'} (or {t:'refused'})
 *   host ──{t:'view', seq}──▶ content ──{t:'drawn', seq} once on screen──▶ host
 *   host ──{t:'navigate', url}──▶ content: location.assign after its own same-origin check
 *   content ──{t:'hello'} (tab shown again) / {t:'act', id, name, payload}──▶ host ──{t:'reply', id}
 *
 * Types only here: the content script must not pull zod or the message contract in.
 */
export const PANEL_PORT = 'teleforge-panel';

export type HostToPanel =
  | { t: 'view'; seq: number; view: PanelView }
  | { t: 'navigate'; url: string }
  | { t: 'refused' }
  | { t: 'reply'; id: number; reply: unknown };

export type PanelToHost = { t: 'hello' } | { t: 'drawn'; seq: number } | { t: 'act'; id: number; name: string; payload: unknown };

/** The panel's actions that go down its port; anything else goes to the worker by message. */
export const PORT_ACTIONS = [
  'call/accept',
  'call/reject',
  'call/hangup',
  'call/mute',
  'panel/dismiss',
  'panel/open-record',
  'panel/prefilled',
  'panel/place',
] as const;
export type PortAction = (typeof PORT_ACTIONS)[number];

import type { WrapUp, WrapUpStatus } from '@/lib/history/history-entry';
import type { PanelPlace } from '@/lib/screen-pop/panel-view';

/** What the panel's controls do; each rejects with the reason when the worker refuses. */
export interface PanelActions {
  accept(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  mute(callId: string, muted: boolean): Promise<void>;
  dismiss(callId: string): Promise<void>;
  openRecord(callId: string): Promise<void>;
  place(place: PanelPlace): Promise<void>;
  /** The wrap-up (wrap-up-box.tsx); absent: the panel offers none. */
  wrapUp?(callId: string, disposition: string, note: string): Promise<WrapUp>;
  wrapUpStatus?(callId: string): Promise<WrapUpStatus>;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text === '' ? 'Something went wrong' : text;
}

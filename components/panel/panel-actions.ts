import { msg } from '@/lib/content/panel-i18n';
import type { WrapUp, WrapUpStatus } from '@/lib/history/history-entry';
import type { PanelPlace } from '@/lib/screen-pop/panel-view';

/** What the panel's controls do; each rejects with the reason when the worker refuses. */
export interface PanelActions {
  accept(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  mute(callId: string, muted: boolean): Promise<void>;
  /** Blind transfer; the outcome arrives in the call's `transfer`. */
  transfer(callId: string, target: string): Promise<void>;
  /** Attended: hold the caller and call the target. */
  consult(callId: string, target: string): Promise<void>;
  completeTransfer(callId: string, consultCallId: string): Promise<void>;
  cancelTransfer(callId: string): Promise<void>;
  /** Resolves once the far end accepted the hold or resume; rejects with why it did not. */
  hold(callId: string, held: boolean): Promise<void>;
  dtmf(callId: string, digits: string): Promise<void>;
  dismiss(callId: string): Promise<void>;
  openRecord(callId: string): Promise<void>;
  place(place: PanelPlace): Promise<void>;
  /** The wrap-up (wrap-up-box.tsx); absent: the panel offers none. */
  wrapUp?(callId: string, disposition: string, note: string): Promise<WrapUp>;
  wrapUpStatus?(callId: string): Promise<WrapUpStatus>;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text === '' ? msg('panel.somethingWrong') : text;
}

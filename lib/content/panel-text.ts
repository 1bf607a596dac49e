import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { formatCount } from '@/lib/i18n/format';
import { msg, panelLocale } from './panel-i18n';
import { OUTCOME_KEYS } from '@/lib/i18n/outcome-keys';

/**
 * The caller panel's wording, kept apart from the components so the e2e tests, the demo and the
 * unit tests agree on one set of strings.
 */

/** Queue wait as the agent reads it: 'waited 42 s', 'waited 2 min 5 s', '—' when unknown; numbers per locale. */
export function waitedText(holdTimeSec: number | null, locale = panelLocale()): string {
  if (holdTimeSec === null || !Number.isFinite(holdTimeSec) || holdTimeSec < 0) return '—';
  const sec = Math.floor(holdTimeSec);
  const n = (value: number) => formatCount(value, locale);
  if (sec < 60) return msg('panel.waitedSec', [n(sec)]);
  const min = Math.floor(sec / 60);
  const rest = sec % 60;
  return rest === 0 ? msg('panel.waitedMin', [n(min)]) : msg('panel.waitedMinSec', [n(min), n(rest)]);
}

/** Talk time as m:ss (minutes keep counting past 59: a call-centre call rarely lasts an hour). */
export function timerText(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1000));
  const sec = total % 60;
  return `${Math.floor(total / 60)}:${sec < 10 ? '0' : ''}${sec}`;
}


/** The title of an outbound call still dialing: 'Ringing…' once the far end alerts. */
export function dialingText(call: Pick<PanelCall, 'remoteRinging'>): string {
  return call.remoteRinging === true ? msg('panel.remoteRinging') : msg('panel.calling');
}

/** The wrap-up status line of an ended call. */
export function outcomeText(call: Pick<PanelCall, 'endReason' | 'endDetail'>): string {
  if (call.endReason === undefined) return msg('outcome.ended');
  const text = msg(OUTCOME_KEYS[call.endReason]);
  const detailed = call.endReason === 'failed' || call.endReason === 'rejected';
  return detailed && call.endDetail ? `${text}: ${call.endDetail}` : text;
}

/** A field value for display: empty values show a dash so the row does not collapse. */
export function fieldText(value: string | null): string {
  return value === null || value === '' ? '—' : value;
}

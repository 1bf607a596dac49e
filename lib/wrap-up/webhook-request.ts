import { fillUrlTemplate } from '@/lib/crm/build-record-url';
import { durationSec, type HistoryEntry } from '@/lib/history/history-entry';

/**
 * The disposition webhook's request for one wrap-up: POST, JSON
 * `{call_ref, contact_ref, number, disposition, note, duration, ext}` (duration in whole seconds,
 * null when the call was not talked here), to the URL template filled like the CRM record URL.
 * The token, when set, goes in `Authorization: Bearer`, never in the URL.
 */
export interface WebhookBody {
  call_ref: string;
  contact_ref: string;
  number: string;
  disposition: string;
  note: string;
  duration: number | null;
  ext: string;
}

export interface WebhookRequest {
  url: string;
  init: { method: 'POST'; headers: Record<string, string>; body: string };
}

export function webhookBody(entry: HistoryEntry): WebhookBody {
  const n = entry.notification;
  return {
    call_ref: n.callRef,
    contact_ref: n.contactRef,
    number: n.number,
    disposition: entry.wrapUp?.disposition ?? '',
    note: entry.wrapUp?.note ?? '',
    duration: durationSec(entry),
    ext: n.ext,
  };
}

export function webhookRequest(
  entry: HistoryEntry,
  settings: { wrapUpWebhookUrl: string; wrapUpWebhookToken: string },
): { ok: true; request: WebhookRequest } | { ok: false; error: string } {
  const url = fillUrlTemplate(settings.wrapUpWebhookUrl, 'webhook URL', entry.notification);
  if (!url.ok) return url;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.wrapUpWebhookToken !== '') headers.authorization = `Bearer ${settings.wrapUpWebhookToken}`;
  return { ok: true, request: { url: url.url, init: { method: 'POST', headers, body: JSON.stringify(webhookBody(entry)) } } };
}

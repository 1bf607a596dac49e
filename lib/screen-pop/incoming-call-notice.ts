import type { CallNotification } from '@/lib/call-notification';
import { t } from '@/lib/i18n';
import type { Logger } from '@/lib/phone-host/logger';
import type { NoticeOptions, NotificationsApi } from './platform';

/**
 * The desktop notification for a call ringing while no CRM tab is open. Its id carries the call
 * id, so a click that wakes a stopped worker can be handled without any other state.
 */
const PREFIX = 'teleforge-call:';

export const ANSWER_BUTTON = 0;
export const DECLINE_BUTTON = 1;

export function noticeIdFor(callId: string): string {
  return `${PREFIX}${callId}`;
}

/** The call id of one of our notifications; null for anyone else's. */
export function callIdOfNotice(noticeId: string): string | null {
  return noticeId.startsWith(PREFIX) && noticeId.length > PREFIX.length ? noticeId.slice(PREFIX.length) : null;
}

type NoticeKey = 'notice.title' | 'notice.unknownNumber' | 'notice.contact' | 'notice.noContact' | 'notice.campaign' | 'notice.answer' | 'notice.decline';

/**
 * English, as in locales/en.yml, for a context without the i18n API: Chrome's offscreen document
 * (where the screen pop runs) has chrome.runtime only, so there the notice is in English.
 */
const ENGLISH: Record<NoticeKey, string> = {
  'notice.title': 'Incoming call from $1',
  'notice.unknownNumber': 'an unknown number',
  'notice.contact': 'Contact $1',
  'notice.noContact': 'No contact reference',
  'notice.campaign': 'Campaign $1',
  'notice.answer': 'Answer',
  'notice.decline': 'Decline',
};

function text(key: NoticeKey, subs?: string[]): string {
  const i18n = (globalThis as { chrome?: { i18n?: { getMessage?: unknown } } }).chrome?.i18n;
  if (typeof i18n?.getMessage === 'function') {
    try {
      // The typed wrapper's overloads are per key; the keys here are all in en.yml (NoticeKey).
      const translated = (t as unknown as (k: string, s?: string[]) => string)(key, subs);
      if (translated !== '') return translated;
    } catch {
      // fall through to English
    }
  }
  return (subs ?? []).reduce((out, sub, i) => out.split(`$${i + 1}`).join(sub), ENGLISH[key]);
}

/** Plain text: the OS renders notification strings as text, never markup. In the browser's language (notice.*) where it can be read. */
export function noticeOptions(call: CallNotification, iconUrl: string): NoticeOptions {
  const lines = [
    call.contactRef !== '' ? text('notice.contact', [call.contactRef]) : text('notice.noContact'),
    ...(call.campaignRef !== null && call.campaignRef !== '' ? [text('notice.campaign', [call.campaignRef])] : []),
  ];
  return {
    type: 'basic',
    iconUrl,
    title: text('notice.title', [call.number || text('notice.unknownNumber')]),
    message: lines.join(' · '),
    buttons: [{ title: text('notice.answer') }, { title: text('notice.decline') }],
    requireInteraction: true,
  };
}

/**
 * Shows the notification; returns its id, or null when it could not be shown. Firefox has no
 * notification buttons or requireInteraction and may refuse options carrying them: then it is
 * shown again without (clicking it still pops the record).
 */
export async function showNotice(api: NotificationsApi, callId: string, options: NoticeOptions, logger: Logger): Promise<string | null> {
  const id = noticeIdFor(callId);
  try {
    return await api.create(id, options);
  } catch (first) {
    const { buttons: _buttons, requireInteraction: _sticky, ...plain } = options;
    try {
      const shown = await api.create(id, plain);
      logger.debug('notification shown without buttons', first);
      return shown;
    } catch (e) {
      logger.error('could not show the incoming call notification', e);
      return null;
    }
  }
}

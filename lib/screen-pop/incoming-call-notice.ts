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

/** Plain text: the OS renders notification strings as text, never markup. In the browser's language (notice.*). */
export function noticeOptions(call: CallNotification, iconUrl: string): NoticeOptions {
  const lines = [
    call.contactRef !== '' ? t('notice.contact', [call.contactRef]) : t('notice.noContact'),
    ...(call.campaignRef !== null && call.campaignRef !== '' ? [t('notice.campaign', [call.campaignRef])] : []),
  ];
  return {
    type: 'basic',
    iconUrl,
    title: t('notice.title', [call.number || t('notice.unknownNumber')]),
    message: lines.join(' · '),
    buttons: [{ title: t('notice.answer') }, { title: t('notice.decline') }],
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

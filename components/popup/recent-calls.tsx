import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { formatDuration, formatTimeOfDay, t, uiLocale } from '@/lib/i18n';
import { outcomeKey } from './outcome';

const SHOWN = 5;

/**
 * The last calls of this browser session: the ended calls the phone still holds, newest first.
 * (Call history proper, kept across sessions, replaces this list's source.) Values are the PBX's
 * untrusted text: rendered as text only.
 */
export function RecentCalls({ state }: { state: PhoneState | null }) {
  const ended = (state?.calls ?? [])
    .filter((c) => c.state === 'ended')
    .sort((a, b) => (b.endedAt ?? b.ringingAt) - (a.endedAt ?? a.ringingAt))
    .slice(0, SHOWN);
  const locale = uiLocale();
  return (
    <section class="recent" aria-labelledby="recent-title">
      <h2 id="recent-title" class="section-title">
        {t('recent.title')}
      </h2>
      {ended.length === 0 ? (
        <p class="recent__none">{t('recent.none')}</p>
      ) : (
        <ul class="recent__list">
          {ended.map((call) => (
            <li key={call.id} class={`recent__call recent__call--${call.endReason ?? 'ended'}`} data-call-id={call.id}>
              <span class="recent__number" data-field="number">
                {call.notification.number || t('call.unknownNumber')}
              </span>
              <span class="recent__outcome" data-field="outcome">
                {t(outcomeKey(call.endReason))}
              </span>
              <span class="recent__when">
                <time dateTime={new Date(call.ringingAt).toISOString()}>{formatTimeOfDay(call.ringingAt, locale)}</time>
                {' · '}
                <span data-field="duration">{durationText(call, locale)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function durationText(call: CallSnapshot, locale: string): string {
  if (call.answeredAt === undefined || call.endedAt === undefined) return t('recent.notAnswered');
  return formatDuration((call.endedAt - call.answeredAt) / 1000, locale);
}

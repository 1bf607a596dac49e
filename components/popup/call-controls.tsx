import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messages';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { dialingText } from '@/lib/content/panel-text';
import { t } from '@/lib/i18n';
import { TransferControls } from './transfer-controls';

type Action = 'answer' | 'decline' | 'mute' | 'hangup' | 'open-record' | 'dismiss';

/**
 * The current call, from the popup: who calls and the buttons to take it, for an agent with no CRM
 * tab open (or one who reached for the toolbar). Shown only while a call rings or talks, or while a
 * bridge call (on another device) is shown: Open record / Dismiss, nothing to answer. Values are
 * the PBX's untrusted header text: rendered as text only.
 */
export function CallControls({ state }: { state: PhoneState | null }) {
  const call =
    state?.calls.find((c) => c.state === 'ringing' || c.state === 'dialing' || c.state === 'active') ??
    state?.calls.find((c) => c.state === 'connected');
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const callId = call?.id;
  // A new call (or none) starts clean: an error belongs to the call it happened on.
  useEffect(() => {
    setError(null);
    setPending(null);
  }, [callId]);
  if (!call) return null;

  const act = (action: Action) => {
    setPending(action);
    setError(null);
    send(action, call)
      .catch((e: unknown) => setError(t(FAILED[action], [e instanceof Error ? e.message : String(e)])))
      .finally(() => setPending(null));
  };
  const ringing = call.state === 'ringing';
  const connected = call.state === 'connected';
  // Outbound mode: the agent dialled; Hang up cancels while it still rings out.
  const outbound = call.direction === 'outbound';
  const dialing = call.state === 'dialing';
  const { number, contactRef, campaignRef } = call.notification;
  const button = (action: Action, label: string, extra: Record<string, unknown> = {}) => (
    <button type="button" class={`call__button call__button--${action}`} disabled={pending !== null} onClick={() => act(action)} {...extra}>
      {label}
    </button>
  );

  return (
    <section
      class={`call call--${call.state}`}
      aria-label={t('call.current')}
      data-call-id={call.id}
      data-state={call.state}
      data-direction={call.direction ?? 'inbound'}
    >
      <p class="call__state">
        {ringing
          ? t('call.incoming')
          : dialing
            ? dialingText(call)
            : connected
              ? t('call.connectedElsewhere')
              : call.muted
                ? t('call.onCallMuted')
                : t('call.onCall')}
      </p>
      {outbound ? (
        <dl class="call__fields">
          <dt>{t('call.calling')}</dt>
          <dd data-field="number">{number}</dd>
        </dl>
      ) : (
        <dl class="call__fields">
          <dt>{t('call.caller')}</dt>
          <dd data-field="number">{number || t('call.unknownNumber')}</dd>
          <dt>{t('call.contactRef')}</dt>
          <dd data-field="contactRef">{contactRef || '—'}</dd>
          <dt>{t('call.campaign')}</dt>
          <dd data-field="campaignRef">{campaignRef ?? '—'}</dd>
        </dl>
      )}
      <div class="call__buttons">
        {ringing ? (
          <>
            {button('answer', t('call.answer'))}
            {button('decline', t('call.decline'))}
          </>
        ) : dialing ? (
          <>
            {button('hangup', 'Hang up')}
            {button('open-record', 'Open record')}
          </>
        ) : connected ? (
          <>
            {button('open-record', t('call.openRecord'))}
            {button('dismiss', t('call.dismiss'))}
          </>
        ) : (
          <>
            {button('mute', call.muted ? t('call.unmute') : t('call.mute'), { 'aria-pressed': call.muted })}
            {button('hangup', t('call.hangUp'))}
            {outbound && button('open-record', t('call.openRecord'))}
          </>
        )}
      </div>
      {call.state === 'active' && call.source === 'sip' && call.direction !== 'outbound' && <TransferControls call={call} />}
      {error && (
        <p class="call__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

const FAILED = {
  answer: 'call.failed.answer', decline: 'call.failed.decline', mute: 'call.failed.mute', hangup: 'call.failed.hangup', 'open-record': 'call.failed.openRecord', dismiss: 'call.failed.dismiss',
} as const satisfies Record<Action, string>;

function send(action: Action, call: CallSnapshot): Promise<void> {
  const callId = call.id;
  switch (action) {
    case 'answer':
      return sendMessage('call/accept', { callId });
    case 'decline':
      // 603 Decline: the agent refused this call (486 Busy Here is the phone's own answer to a second call).
      return sendMessage('call/reject', { callId, code: 603 });
    case 'mute':
      return sendMessage('call/mute', { callId, muted: !call.muted });
    case 'hangup':
      return sendMessage('call/hangup', { callId });
    case 'open-record':
      return sendMessage('panel/open-record', { callId });
    case 'dismiss':
      return sendMessage('panel/dismiss', { callId });
  }
}

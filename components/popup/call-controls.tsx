import { useEffect, useState } from 'preact/hooks';
import { HOLD_TEXT, holdButtonText, holdPending } from '@/components/panel/hold-text';
import { Keypad } from '@/components/panel/keypad';
import { dialingText } from '@/lib/content/panel-text';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messages';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { TransferControls } from './transfer-controls';
import { QualityIndicator } from '@/components/panel/quality-indicator';

type Action = 'answer' | 'decline' | 'mute' | 'hold' | 'hangup' | 'open-record' | 'dismiss';

/** Which call is the main one: a ringing call first, then the one talking (or dialing), a held one, a bridge call. */
function rank(call: CallSnapshot): number {
  if (call.state === 'ringing') return 0;
  if (call.state === 'dialing') return 1;
  if (call.state === 'active') return call.hold === undefined || call.hold === 'resuming' ? 1 : 2;
  return 3;
}

/**
 * The current calls, from the popup: who calls and the buttons to take them, for an agent with no
 * CRM tab open (or one who reached for the toolbar). Shown while calls ring, dial out or talk (call
 * waiting: the second call and the held one each with their own controls, the main one first), or
 * while a bridge call (on another device) is shown: Open record / Dismiss, nothing to answer.
 * Values are the PBX's untrusted header text: rendered as text only.
 */
export function CallControls({ state }: { state: PhoneState | null }) {
  const live = (state?.calls ?? []).filter((c) => c.state === 'ringing' || c.state === 'dialing' || c.state === 'active');
  const shown = live.length > 0 ? [...live].sort((a, b) => rank(a) - rank(b)) : (state?.calls ?? []).filter((c) => c.state === 'connected').slice(0, 1);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((call, i) => (
        <CallCard key={call.id} call={call} main={i === 0} />
      ))}
    </>
  );
}

function CallCard({ call, main }: { call: CallSnapshot; main: boolean }) {
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const callId = call.id;
  // A new call (or none) starts clean: an error belongs to the call it happened on.
  useEffect(() => {
    setError(null);
    setPending(null);
  }, [callId]);

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
  const held = call.state === 'active' && call.hold === 'held';
  const { number, contactRef, campaignRef } = call.notification;
  const button = (action: Action, label: string, extra: Record<string, unknown> = {}) => (
    <button type="button" class={`call__button call__button--${action}`} disabled={pending !== null} onClick={() => act(action)} {...extra}>
      {label}
    </button>
  );
  const stateText = ringing
    ? t('call.incoming')
    : dialing
      ? dialingText(call)
      : connected
        ? t('call.connectedElsewhere')
        : held
          ? HOLD_TEXT.onHold
          : call.muted
            ? t('call.onCallMuted')
            : t('call.onCall');
  const shownError = error ?? (call.state === 'active' ? call.holdError : undefined);
  // Hold, keypad and transfer work on answered inbound calls (the phone's Invitation dialog).
  const inboundActive = call.state === 'active' && call.source === 'sip' && !outbound;

  return (
    <section
      class={`call call--${call.state}`}
      aria-label={main ? t('call.current') : t('call.other')}
      data-call-id={call.id}
      data-state={call.state}
      data-direction={call.direction ?? 'inbound'}
      data-hold={call.state === 'active' ? call.hold : undefined}
    >
      <p class="call__state">
        {stateText}
        {call.state === 'active' && call.remoteHold === true && ` · ${HOLD_TEXT.callerHolds}`}
      </p>
      {call.state === 'active' && <QualityIndicator quality={call.quality} />}
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
            {button('hangup', t('call.hangUp'))}
            {button('open-record', t('call.openRecord'))}
          </>
        ) : connected ? (
          <>
            {button('open-record', t('call.openRecord'))}
            {button('dismiss', t('call.dismiss'))}
          </>
        ) : (
          <>
            {button('mute', call.muted ? t('call.unmute') : t('call.mute'), { 'aria-pressed': call.muted })}
            {inboundActive && button('hold', holdButtonText(call.hold), holdPending(call.hold) ? { disabled: true } : {})}
            {inboundActive && !held && (
              <button type="button" class="call__button" aria-expanded={keypadOpen} onClick={() => setKeypadOpen(!keypadOpen)}>
                {HOLD_TEXT.keypad}
              </button>
            )}
            {button('hangup', t('call.hangUp'))}
            {outbound && button('open-record', t('call.openRecord'))}
          </>
        )}
      </div>
      {inboundActive && keypadOpen && !held && (
        <Keypad
          callId={callId}
          send={(id, digits) => sendMessage('call/dtmf', { callId: id, digits })}
          run={(action) => () => {
            setError(null);
            action().catch((e: unknown) => setError(t('call.failed.tone', [e instanceof Error ? e.message : String(e)])));
          }}
        />
      )}
      {inboundActive && <TransferControls call={call} />}
      {shownError !== undefined && shownError !== null && (
        <p class="call__error" role="alert">
          {shownError}
        </p>
      )}
    </section>
  );
}

const FAILED = {
  answer: 'call.failed.answer',
  decline: 'call.failed.decline',
  mute: 'call.failed.mute',
  hold: 'call.failed.hold',
  hangup: 'call.failed.hangup',
  'open-record': 'call.failed.openRecord',
  dismiss: 'call.failed.dismiss',
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
    case 'hold':
      // Held or not is what the phone reports once the far end answered, not this click.
      return sendMessage('call/hold', { callId, held: call.hold !== 'held' });
    case 'hangup':
      return sendMessage('call/hangup', { callId });
    case 'open-record':
      return sendMessage('panel/open-record', { callId });
    case 'dismiss':
      return sendMessage('panel/dismiss', { callId });
  }
}

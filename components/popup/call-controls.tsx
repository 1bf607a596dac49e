import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messages';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { QualityIndicator } from '@/components/panel/quality-indicator';

type Action = 'answer' | 'decline' | 'mute' | 'hangup' | 'open-record' | 'dismiss';

/**
 * The current call, from the popup: who calls and the buttons to take it, for an agent with no CRM
 * tab open (or one who reached for the toolbar). Shown only while a call rings or talks, or while a
 * bridge call (on another device) is shown: Open record / Dismiss, nothing to answer. Values are
 * the PBX's untrusted header text: rendered as text only.
 */
export function CallControls({ state }: { state: PhoneState | null }) {
  const call =
    state?.calls.find((c) => c.state === 'ringing' || c.state === 'active') ?? state?.calls.find((c) => c.state === 'connected');
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
      .catch((e: unknown) => setError(`Could not ${VERBS[action]}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setPending(null));
  };
  const ringing = call.state === 'ringing';
  const connected = call.state === 'connected';
  const { number, contactRef, campaignRef } = call.notification;
  const button = (action: Action, label: string, extra: Record<string, unknown> = {}) => (
    <button type="button" class={`call__button call__button--${action}`} disabled={pending !== null} onClick={() => act(action)} {...extra}>
      {label}
    </button>
  );

  return (
    <section class={`call call--${call.state}`} aria-label="Current call" data-call-id={call.id} data-state={call.state}>
      <p class="call__state">
        {ringing ? 'Incoming call' : connected ? 'Connected call (on another device)' : call.muted ? 'On call (muted)' : 'On call'}
      </p>
      {call.state === 'active' && <QualityIndicator quality={call.quality} />}
      <dl class="call__fields">
        <dt>Caller</dt>
        <dd data-field="number">{number || 'Unknown number'}</dd>
        <dt>Contact ref</dt>
        <dd data-field="contactRef">{contactRef || '—'}</dd>
        <dt>Campaign</dt>
        <dd data-field="campaignRef">{campaignRef ?? '—'}</dd>
      </dl>
      <div class="call__buttons">
        {ringing ? (
          <>
            {button('answer', 'Answer')}
            {button('decline', 'Decline')}
          </>
        ) : connected ? (
          <>
            {button('open-record', 'Open record')}
            {button('dismiss', 'Dismiss')}
          </>
        ) : (
          <>
            {button('mute', call.muted ? 'Unmute' : 'Mute', { 'aria-pressed': call.muted })}
            {button('hangup', 'Hang up')}
          </>
        )}
      </div>
      {error && (
        <p class="call__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

const VERBS: Record<Action, string> = {
  answer: 'answer', decline: 'decline', mute: 'change mute', hangup: 'hang up', 'open-record': 'open the record', dismiss: 'dismiss',
};

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

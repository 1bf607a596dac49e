import { useEffect, useState } from 'preact/hooks';
import { HOLD_TEXT, holdButtonText, holdPending } from '@/components/panel/hold-text';
import { Keypad } from '@/components/panel/keypad';
import { sendMessage } from '@/lib/messages';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';

type Action = 'answer' | 'decline' | 'mute' | 'hold' | 'hangup' | 'open-record' | 'dismiss';

/** Which call is the main one: a ringing call first, then the one talking, a held one, a bridge call. */
function rank(call: CallSnapshot): number {
  if (call.state === 'ringing') return 0;
  if (call.state === 'active') return call.hold === undefined || call.hold === 'resuming' ? 1 : 2;
  return 3;
}

/**
 * The current calls, from the popup: who calls and the buttons to take them, for an agent with no
 * CRM tab open (or one who reached for the toolbar). Shown while calls ring or talk (call waiting:
 * the second call and the held one each with their own controls, the main one first), or while a
 * bridge call (on another device) is shown: Open record / Dismiss, nothing to answer. Values are
 * the PBX's untrusted header text: rendered as text only.
 */
export function CallControls({ state }: { state: PhoneState | null }) {
  const live = (state?.calls ?? []).filter((c) => c.state === 'ringing' || c.state === 'active');
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
      .catch((e: unknown) => setError(`Could not ${VERBS[action]}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setPending(null));
  };
  const ringing = call.state === 'ringing';
  const connected = call.state === 'connected';
  const held = call.state === 'active' && call.hold === 'held';
  const { number, contactRef, campaignRef } = call.notification;
  const button = (action: Action, label: string, extra: Record<string, unknown> = {}) => (
    <button type="button" class={`call__button call__button--${action}`} disabled={pending !== null} onClick={() => act(action)} {...extra}>
      {label}
    </button>
  );
  const stateText = ringing
    ? 'Incoming call'
    : connected
      ? 'Connected call (on another device)'
      : held
        ? HOLD_TEXT.onHold
        : call.muted
          ? 'On call (muted)'
          : 'On call';
  const shownError = error ?? (call.state === 'active' ? call.holdError : undefined);

  return (
    <section
      class={`call call--${call.state}`}
      aria-label={main ? 'Current call' : 'Other call'}
      data-call-id={call.id}
      data-state={call.state}
      data-hold={call.state === 'active' ? call.hold : undefined}
    >
      <p class="call__state">
        {stateText}
        {call.state === 'active' && call.remoteHold === true && ` · ${HOLD_TEXT.callerHolds}`}
      </p>
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
            {button('hold', holdButtonText(call.hold), holdPending(call.hold) ? { disabled: true } : {})}
            {!held && (
              <button type="button" class="call__button" aria-expanded={keypadOpen} onClick={() => setKeypadOpen(!keypadOpen)}>
                {HOLD_TEXT.keypad}
              </button>
            )}
            {button('hangup', 'Hang up')}
          </>
        )}
      </div>
      {call.state === 'active' && keypadOpen && !held && (
        <Keypad
          callId={callId}
          send={(id, digits) => sendMessage('call/dtmf', { callId: id, digits })}
          run={(action) => () => {
            setError(null);
            action().catch((e: unknown) => setError(`Could not send the tone: ${e instanceof Error ? e.message : String(e)}`));
          }}
        />
      )}
      {shownError !== undefined && shownError !== null && (
        <p class="call__error" role="alert">
          {shownError}
        </p>
      )}
    </section>
  );
}

const VERBS: Record<Action, string> = {
  answer: 'answer', decline: 'decline', mute: 'change mute', hold: 'change hold', hangup: 'hang up', 'open-record': 'open the record', dismiss: 'dismiss',
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

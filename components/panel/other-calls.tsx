import { msg } from '@/lib/content/panel-i18n';
import { fieldText } from '@/lib/content/panel-text';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { HOLD_TEXT, holdButtonText, holdPending } from './hold-text';
import type { PanelActions } from './panel-actions';
import { useAction } from './use-action';

/**
 * Call waiting: the tab's other live calls under the main one (the held call while the agent
 * talks on the second, or the second while it rings), each with its own controls.
 */
export function OtherCalls({ calls, actions }: { calls: PanelCall[]; actions: PanelActions }) {
  return (
    <section class="others" data-part="other-calls" aria-label={HOLD_TEXT.otherCalls}>
      {calls.map((call) => (
        <OtherCall key={call.id} call={call} actions={actions} />
      ))}
    </section>
  );
}

function OtherCall({ call, actions }: { call: PanelCall; actions: PanelActions }) {
  const { busy, error, run } = useAction();
  const id = call.id;
  const shown = error ?? call.holdError;
  const label = call.state === 'ringing' ? HOLD_TEXT.ringing : call.hold === 'held' ? HOLD_TEXT.onHold : HOLD_TEXT.onCall;
  return (
    <div class="other" data-part="other-call" data-call-id={id} data-state={call.state} data-hold={call.hold}>
      <span class="other__label">{label}</span>
      <span class="other__number" data-field="number">
        {fieldText(call.notification.number)}
      </span>
      {call.state === 'ringing' ? (
        <>
          <button type="button" class="primary" disabled={busy} onClick={run(() => actions.accept(id))}>
            {msg('panel.answer')}
          </button>
          <button type="button" class="danger" disabled={busy} onClick={run(() => actions.decline(id))}>
            {msg('panel.decline')}
          </button>
        </>
      ) : (
        <>
          <button type="button" disabled={busy || holdPending(call.hold)} onClick={run(() => actions.hold(id, call.hold !== 'held'))}>
            {holdButtonText(call.hold)}
          </button>
          <button type="button" class="danger" disabled={busy} onClick={run(() => actions.hangup(id))}>
            {msg('panel.hangUp')}
          </button>
        </>
      )}
      {shown !== undefined && (
        <p data-field="action-error" class="error" role="alert">
          {shown}
        </p>
      )}
    </div>
  );
}

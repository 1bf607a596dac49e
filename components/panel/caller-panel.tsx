import { useRef, useState } from 'preact/hooks';
import { nextCorner } from '@/lib/content/panel-place';
import { msg } from '@/lib/content/panel-i18n';
import { dialingText, outcomeText, timerText } from '@/lib/content/panel-text';
import { transferText } from '@/lib/content/transfer-text';
import type { PanelCall, PanelPlace } from '@/lib/screen-pop/panel-view';
import { CallFields } from './call-fields';
import { CopyButton } from './copy-button';
import { OutboundFields } from './outbound-fields';
import { HOLD_TEXT, holdButtonText, holdPending } from './hold-text';
import { Keypad } from './keypad';
import { OtherCalls } from './other-calls';
import { QualityIndicator } from './quality-indicator';
import { useFocusOnRing } from './focus-answer';
import type { PanelActions } from './panel-actions';
import { useAction } from './use-action';
import { useDrag } from './use-drag';
import { useNow } from './use-now';
import { TransferControls } from './transfer-controls';
import { WrapUpBox } from './wrap-up-box';

const TITLES = {
  ringing: 'panel.incoming',
  // An outbound call (the agent dialled): the header says 'Calling…' / 'Ringing…' (dialingText).
  dialing: 'panel.calling',
  active: 'panel.onCall',
  // A bridge call: the agent talks on another device (desk phone), this panel only shows it.
  connected: 'panel.connected',
  ended: 'panel.wrapUp',
} as const satisfies Record<PanelCall['state'], string>;

/**
 * The full caller panel: ringing (Answer / Decline), active (timer, Mute / Hang up) and the
 * wrap-up after the call (outcome, Open record / Dismiss), and connected (a bridge call on another
 * device: timer since connect, Open record / Dismiss, nothing to answer). Docked to a corner, dragged by its
 * header. Data attributes are the contract the e2e tests and the demo read.
 */
export function CallerPanel({ call, place, actions, others = [] }: { call: PanelCall; place: PanelPlace; actions: PanelActions; others?: PanelCall[] }) {
  const { busy, error, run } = useAction();
  const [keypadOpen, setKeypadOpen] = useState(false);
  const held = call.state === 'active' && call.hold === 'held';
  const drag = useDrag(place, (next) => void actions.place(next).catch(() => {}));
  const answer = useRef<HTMLButtonElement>(null);
  const callRefEl = useRef<HTMLElement>(null);
  const timed = call.state === 'active' || call.state === 'connected';
  const now = useNow(timed);
  useFocusOnRing(answer, call.state === 'ringing', call.id);

  const id = call.id;
  return (
    <section
      ref={drag.ref}
      data-part="panel"
      data-call-id={id}
      data-state={call.state}
      data-hold={call.state === 'active' ? call.hold : undefined}
      data-source={call.source}
      data-direction={call.direction ?? 'inbound'}
      data-end-reason={call.state === 'ended' ? call.endReason : undefined}
      data-dock={drag.dock}
      class={`panel panel--${call.state}${drag.dragging ? ' panel--dragging' : ''}`}
      style={drag.style}
      aria-label={msg('panel.label')}
    >
      <header data-part="handle" class="handle" title={msg('panel.drag')} {...drag.handleProps}>
        <span class="handle__title">{held ? HOLD_TEXT.onHold : call.state === 'dialing' ? dialingText(call) : msg(TITLES[call.state])}</span>
        {timed && (
          <span data-field="timer" class="timer" aria-label={msg('panel.callTime')}>
            {timerText(now - (call.answeredAt ?? call.ringingAt))}
          </span>
        )}
        {call.state === 'active' && call.muted && <span class="badge">{msg('panel.muted')}</span>}
        {call.state === 'active' && call.remoteHold === true && (
          <span class="badge" data-field="remote-hold">
            {HOLD_TEXT.callerHolds}
          </span>
        )}
        {/* The keyboard alternative to dragging (WCAG 2.5.7). */}
        <button type="button" class="move" aria-label={msg('panel.move')} onClick={(e) => drag.setPlace(e, nextCorner(drag.place))}>
          ⇲
        </button>
      </header>
      {call.state === 'ended' && (
        <p data-field="outcome" class={`outcome outcome--${call.endReason ?? 'unknown'}`}>
          {outcomeText(call)}
        </p>
      )}
      {call.state === 'active' && <QualityIndicator quality={call.quality} />}
      {call.direction === 'outbound' ? (
        <OutboundFields call={call.notification} />
      ) : (
        <>
          <CallFields call={call.notification} callRefEl={callRefEl} />
          <CopyButton value={call.notification.callRef} source={callRefEl} />
        </>
      )}
      {call.popNote !== undefined && (
        <p data-field="pop-note" class="note">
          {call.popNote}
        </p>
      )}
      {!call.record.ok && (
        <p data-field="record-error" class="error">
          {call.record.error}
        </p>
      )}
      {call.record.ok && call.record.fallback !== undefined && (
        <p data-field="record-fallback" class="note">
          {call.record.fallback}
        </p>
      )}
      {error !== null && (
        <p data-field="action-error" class="error" role="alert">
          {error}
        </p>
      )}
      {error === null && call.state === 'active' && call.holdError !== undefined && (
        <p data-field="hold-error" class="error" role="alert">
          {call.holdError}
        </p>
      )}
      {(call.state === 'ended' || call.state === 'connected') && actions.wrapUpStatus && <WrapUpBox call={call} actions={actions} />}
      <div class="actions">
        {call.state === 'ringing' && (
          <>
            <button type="button" ref={answer} class="primary" disabled={busy} onClick={run(() => actions.accept(id))}>
              {msg('panel.answer')}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={run(() => actions.decline(id))}>
              {msg('panel.decline')}
            </button>
          </>
        )}
        {call.state === 'dialing' && (
          <button type="button" class="danger" disabled={busy} onClick={run(() => actions.hangup(id))}>
            {msg('panel.hangUp')}
          </button>
        )}
        {call.state === 'active' && (
          <>
            <button type="button" aria-pressed={call.muted} disabled={busy} onClick={run(() => actions.mute(id, !call.muted))}>
              {call.muted ? msg('panel.unmute') : msg('panel.mute')}
            </button>
            {call.direction !== 'outbound' && (
              <>
                <button type="button" disabled={busy || holdPending(call.hold)} onClick={run(() => actions.hold(id, !held))}>
                  {holdButtonText(call.hold)}
                </button>
                <button type="button" aria-expanded={keypadOpen} onClick={() => setKeypadOpen(!keypadOpen)}>
                  {HOLD_TEXT.keypad}
                </button>
              </>
            )}
            <button type="button" class="danger" disabled={busy} onClick={run(() => actions.hangup(id))}>
              {msg('panel.hangUp')}
            </button>
          </>
        )}
        {(call.state === 'ended' || call.state === 'connected') && (
          <>
            <button type="button" class="primary" disabled={busy || !call.record.ok} onClick={run(() => actions.openRecord(id))}>
              {msg('panel.openRecord')}
            </button>
            <button type="button" disabled={busy} onClick={run(() => actions.dismiss(id))}>
              {msg('panel.dismiss')}
            </button>
          </>
        )}
      </div>
      {call.state === 'active' && call.source === 'sip' && call.direction !== 'outbound' && <TransferControls call={call} actions={actions} />}
      {call.state === 'ended' && call.transfer?.status === 'accepted' && (
        <p data-field="transfer" data-transfer-phase="accepted" class="note">
          {transferText(call.transfer)}
        </p>
      )}
      {call.state === 'active' && call.direction !== 'outbound' && keypadOpen && <Keypad callId={id} send={(callId, digit) => actions.dtmf(callId, digit)} run={run} />}
      {others.length > 0 && <OtherCalls calls={others} actions={actions} />}
    </section>
  );
}

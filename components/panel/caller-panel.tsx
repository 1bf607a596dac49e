import { useRef } from 'preact/hooks';
import { nextCorner } from '@/lib/content/panel-place';
import { outcomeText, timerText } from '@/lib/content/panel-text';
import type { PanelCall, PanelPlace } from '@/lib/screen-pop/panel-view';
import { CallFields } from './call-fields';
import { CopyButton } from './copy-button';
import { useFocusOnRing } from './focus-answer';
import type { PanelActions } from './panel-actions';
import { useAction } from './use-action';
import { useDrag } from './use-drag';
import { useNow } from './use-now';
import { WrapUpBox } from './wrap-up-box';

const TITLES: Record<PanelCall['state'], string> = {
  ringing: 'Incoming call',
  active: 'On call',
  // A bridge call: the agent talks on another device (desk phone), this panel only shows it.
  connected: 'Connected call',
  ended: 'Wrap-up',
};

/**
 * The full caller panel: ringing (Answer / Decline), active (timer, Mute / Hang up) and the
 * wrap-up after the call (outcome, Open record / Dismiss), and connected (a bridge call on another
 * device: timer since connect, Open record / Dismiss, nothing to answer). Docked to a corner, dragged by its
 * header. Data attributes are the contract the e2e tests and the demo read.
 */
export function CallerPanel({ call, place, actions }: { call: PanelCall; place: PanelPlace; actions: PanelActions }) {
  const { busy, error, run } = useAction();
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
      data-source={call.source}
      data-end-reason={call.state === 'ended' ? call.endReason : undefined}
      data-dock={drag.dock}
      class={`panel panel--${call.state}${drag.dragging ? ' panel--dragging' : ''}`}
      style={drag.style}
      aria-label="Teleforge caller panel"
    >
      <header data-part="handle" class="handle" title="Drag to move" {...drag.handleProps}>
        <span class="handle__title">{TITLES[call.state]}</span>
        {timed && (
          <span data-field="timer" class="timer" aria-label="Call time">
            {timerText(now - (call.answeredAt ?? call.ringingAt))}
          </span>
        )}
        {call.state === 'active' && call.muted && <span class="badge">Muted</span>}
        {/* The keyboard alternative to dragging (WCAG 2.5.7). */}
        <button type="button" class="move" aria-label="Move panel to the next corner" onClick={(e) => drag.setPlace(e, nextCorner(drag.place))}>
          ⇲
        </button>
      </header>
      {call.state === 'ended' && (
        <p data-field="outcome" class={`outcome outcome--${call.endReason ?? 'unknown'}`}>
          {outcomeText(call)}
        </p>
      )}
      <CallFields call={call.notification} callRefEl={callRefEl} />
      <CopyButton value={call.notification.callRef} source={callRefEl} />
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
      {(call.state === 'ended' || call.state === 'connected') && actions.wrapUpStatus && <WrapUpBox call={call} actions={actions} />}
      <div class="actions">
        {call.state === 'ringing' && (
          <>
            <button type="button" ref={answer} class="primary" disabled={busy} onClick={run(() => actions.accept(id))}>
              Answer
            </button>
            <button type="button" class="danger" disabled={busy} onClick={run(() => actions.decline(id))}>
              Decline
            </button>
          </>
        )}
        {call.state === 'active' && (
          <>
            <button type="button" aria-pressed={call.muted} disabled={busy} onClick={run(() => actions.mute(id, !call.muted))}>
              {call.muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={run(() => actions.hangup(id))}>
              Hang up
            </button>
          </>
        )}
        {(call.state === 'ended' || call.state === 'connected') && (
          <>
            <button type="button" class="primary" disabled={busy || !call.record.ok} onClick={run(() => actions.openRecord(id))}>
              Open record
            </button>
            <button type="button" disabled={busy} onClick={run(() => actions.dismiss(id))}>
              Dismiss
            </button>
          </>
        )}
      </div>
    </section>
  );
}

import { placeStyle } from '@/lib/content/panel-place';
import { msg } from '@/lib/content/panel-i18n';
import { fieldText } from '@/lib/content/panel-text';
import type { PanelCall, PanelPlace } from '@/lib/screen-pop/panel-view';
import type { PanelActions } from './panel-actions';
import { useAction } from './use-action';

/**
 * The compact strip in the other CRM tabs while a call rings there too: who is calling and the
 * two buttons, so the agent can take the call from whichever tab is in front.
 */
export function RingingStrip({ call, place, actions }: { call: PanelCall; place: PanelPlace; actions: PanelActions }) {
  const { busy, error, run } = useAction();
  return (
    <div data-part="strip" data-call-id={call.id} class="strip" data-dock={place.dock} style={placeStyle(place)} aria-label={msg('panel.incoming')}>
      <span class="strip__label">{msg('panel.ringing')}</span>
      <span data-field="number" class="strip__number">
        {fieldText(call.notification.number)}
      </span>
      <button type="button" class="primary" disabled={busy} onClick={run(() => actions.accept(call.id))}>
        {msg('panel.answer')}
      </button>
      <button type="button" class="danger" disabled={busy} onClick={run(() => actions.decline(call.id))}>
        {msg('panel.decline')}
      </button>
      {error !== null && (
        <p data-field="action-error" class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

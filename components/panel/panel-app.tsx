import { useEffect, useState } from 'preact/hooks';
import type { PanelShape } from '@/lib/content/pick-call';
import type { PanelPlace } from '@/lib/screen-pop/panel-view';
import { msg, panelDir, panelLocale } from '@/lib/content/panel-i18n';
import { CallerPanel } from './caller-panel';
import { InputGateContext, type InputGate } from './input-gate';
import type { PanelActions } from './panel-actions';
import { RingingStrip } from './ringing-strip';

export interface PanelAppProps {
  shape: PanelShape;
  place: PanelPlace;
  actions: PanelActions;
  /** Which events are the agent's own input (input-gate.ts): the content script passes isRealInput. */
  isRealInput: InputGate;
}

/** The shadow root's content: the full panel or the strip, and the incoming-call announcement. */
export function PanelApp({ shape, place, actions, isRealInput }: PanelAppProps) {
  const ringing = shape?.call.state === 'ringing' ? shape.call : null;
  const announcement = useAnnouncement(ringing ? msg('panel.announceFrom', [ringing.notification.number || msg('panel.unknownNumber')]) : '');
  return (
    <InputGateContext.Provider value={isRealInput}>
      {/* The panel speaks the browser's language, not the CRM page's: its own lang and direction. */}
      <div data-part="root" class="root" lang={panelLocale()} dir={panelDir()}>
        <div aria-live="assertive" aria-atomic="true" class="visually-hidden" data-field="announcement">
          {announcement}
        </div>
        {shape?.kind === 'panel' && <CallerPanel key={shape.call.id} call={shape.call} place={place} actions={actions} others={shape.others ?? []} />}
        {shape?.kind === 'strip' && <RingingStrip key={shape.call.id} call={shape.call} place={place} actions={actions} />}
      </div>
    </InputGateContext.Provider>
  );
}

/**
 * Screen readers announce changes to a live region that already exists; text rendered together
 * with the region itself is often skipped. So the text follows one tick after the region.
 */
function useAnnouncement(text: string): string {
  const [shown, setShown] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setShown(text), 50);
    return () => clearTimeout(timer);
  }, [text]);
  return shown;
}

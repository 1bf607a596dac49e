import type { RefObject } from 'preact';
import { msg } from '@/lib/content/panel-i18n';
import { fieldText, waitedText } from '@/lib/content/panel-text';
import type { CallNotification } from '@/lib/call-notification';

/** The call's details as a definition list; every value is a text node (Preact escapes it). */
export function CallFields({ call, callRefEl }: { call: CallNotification; callRefEl: RefObject<HTMLElement | null> }) {
  return (
    <dl class="fields">
      <dt>{msg('panel.caller')}</dt>
      <dd data-field="number" class="strong">{fieldText(call.number)}</dd>
      <dt>{msg('panel.dialled')}</dt>
      <dd data-field="dialNumber">{fieldText(call.dialNumber)}</dd>
      <dt>{msg('panel.waited')}</dt>
      <dd data-field="holdTime">{waitedText(call.holdTimeSec)}</dd>
      <dt>{msg('panel.campaign')}</dt>
      <dd data-field="campaignRef">{fieldText(call.campaignRef)}</dd>
      <dt>{msg('panel.contactRef')}</dt>
      <dd data-field="contactRef">{fieldText(call.contactRef)}</dd>
      <dt>{msg('panel.callRef')}</dt>
      <dd data-field="callRef" ref={callRefEl}>{fieldText(call.callRef)}</dd>
    </dl>
  );
}

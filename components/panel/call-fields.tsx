import type { RefObject } from 'preact';
import { fieldText, waitedText } from '@/lib/content/panel-text';
import type { CallNotification } from '@/lib/call-notification';

/** The call's details as a definition list; every value is a text node (Preact escapes it). */
export function CallFields({ call, callRefEl }: { call: CallNotification; callRefEl: RefObject<HTMLElement | null> }) {
  return (
    <dl class="fields">
      <dt>Caller</dt>
      <dd data-field="number" class="strong">{fieldText(call.number)}</dd>
      <dt>Dialled</dt>
      <dd data-field="dialNumber">{fieldText(call.dialNumber)}</dd>
      <dt>Waited</dt>
      <dd data-field="holdTime">{waitedText(call.holdTimeSec)}</dd>
      <dt>Campaign</dt>
      <dd data-field="campaignRef">{fieldText(call.campaignRef)}</dd>
      <dt>Contact ref</dt>
      <dd data-field="contactRef">{fieldText(call.contactRef)}</dd>
      <dt>Call ref</dt>
      <dd data-field="callRef" ref={callRefEl}>{fieldText(call.callRef)}</dd>
    </dl>
  );
}

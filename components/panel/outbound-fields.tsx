import { msg } from '@/lib/content/panel-i18n';
import { fieldText } from '@/lib/content/panel-text';
import type { CallNotification } from '@/lib/call-notification';

/**
 * An outbound call's details: only the number the agent dialled is known (no queue, campaign or
 * call ref comes with a call we place), so the inbound rows would all be dashes.
 */
export function OutboundFields({ call }: { call: CallNotification }) {
  return (
    <dl class="fields">
      <dt>{msg('panel.callingLabel')}</dt>
      <dd data-field="number" class="strong">{fieldText(call.number)}</dd>
    </dl>
  );
}

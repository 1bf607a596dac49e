import { t } from '@/lib/i18n';
import { CheckField } from './fields';

/** Privacy: what the extension reveals about the agent's machine (history retention mounts here too). */
export function PrivacyGroup() {
  return (
    <fieldset id="group-privacy">
      <legend>{t('settings.group.privacy')}</legend>
      <CheckField field="iceRelayOnly" label={t('field.iceRelayOnly.label')} hint={t('field.iceRelayOnly.hint')} />
    </fieldset>
  );
}

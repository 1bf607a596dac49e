import { t } from '@/lib/i18n';
import { SecretField, TextAreaField } from './fields';
import { AudioSettings } from './audio-settings';
import { useSettingsFormContext } from './use-settings-form';

/** Audio: the media path of a call (STUN/TURN). Audio devices and the ringtone mount here too. */
export function AudioGroup() {
  const { draft, isLocked, update } = useSettingsFormContext();
  return (
    <fieldset id="group-audio">
      <legend>{t('settings.group.audio')}</legend>
      <AudioSettings values={draft} locked={isLocked} onChange={update} />
      <TextAreaField field="iceServersText" label={t('field.iceServersText.label')} hint={t('field.iceServersText.hint')} />
      <SecretField field="turnCredentials" label={t('field.turnCredentials.label')} what={t('settings.secret.turnCredential')} hint={t('field.turnCredentials.hint')} />
    </fieldset>
  );
}

import { t } from '@/lib/i18n';
import { SecretField, TextAreaField } from './fields';

/** Audio: the media path of a call (STUN/TURN). Audio devices and the ringtone mount here too. */
export function AudioGroup() {
  return (
    <fieldset id="group-audio">
      <legend>{t('settings.group.audio')}</legend>
      <TextAreaField field="iceServersText" label={t('field.iceServersText.label')} hint={t('field.iceServersText.hint')} />
      <SecretField field="turnCredentials" label={t('field.turnCredentials.label')} what={t('settings.secret.turnCredential')} hint={t('field.turnCredentials.hint')} />
    </fieldset>
  );
}

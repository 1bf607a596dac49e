import { t } from '@/lib/i18n';
import { CONNECT_TIMEOUT_DEFAULT_SEC } from '@/lib/settings/schema';
import { CheckField, ChoiceField, SecretField, TextField } from './fields';
import { PhoneTest } from './phone-test';
import { useSettingsFormContext } from './use-settings-form';

/** Seconds; a choice rather than free text: the useful values are few. */
const CONNECT_TIMEOUTS = [1, 2, 3, 5, 10, 20, 30] as const;

/** Phone: the SIP account the browser registers with. */
export function PhoneGroup({ tests }: { tests: boolean }) {
  const { draft } = useSettingsFormContext();
  // A value outside the list (set by an older version or by hand) still shows.
  const timeouts = [...new Set([...CONNECT_TIMEOUTS, draft.connectTimeoutSec])].sort((a, b) => a - b);
  return (
    <fieldset id="group-phone">
      <legend>{t('settings.group.phone')}</legend>
      <CheckField field="answerInBrowser" label={t('field.answerInBrowser.label')} hint={t('field.answerInBrowser.hint')} />
      <TextField field="pbxUrl" label={t('field.pbxUrl.label')} placeholder="wss://pbx.example.com:8089/ws" inputMode="url" />
      <TextField field="sipDomain" label={t('field.sipDomain.label')} hint={t('field.sipDomain.hint')} />
      <TextField field="extension" label={t('field.extension.label')} placeholder="1001" />
      <SecretField field="password" label={t('field.password.label')} what={t('settings.secret.password')} autocomplete="current-password" />
      <TextField field="displayName" label={t('field.displayName.label')} placeholder="Alex (Support)" />
      <ChoiceField
        field="connectTimeoutSec"
        label={t('field.connectTimeoutSec.label')}
        hint={t('field.connectTimeoutSec.hint')}
        options={timeouts.map((sec) => [sec, t(sec === CONNECT_TIMEOUT_DEFAULT_SEC ? 'settings.secondsDefault' : 'settings.seconds', [String(sec)])] as const)}
      />
      {tests && <PhoneTest />}
    </fieldset>
  );
}

import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import type { Settings } from '@/lib/settings';
import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';
import { AudioGroup } from '@/components/settings/audio-group';
import { BridgeGroup } from '@/components/settings/bridge-group';
import { CallGroup } from '@/components/settings/call-group';
import { ClickToDialGroup, CrmGroup } from '@/components/settings/crm-group';
import { PhoneGroup } from '@/components/settings/phone-group';
import { PrivacyGroup } from '@/components/settings/privacy-group';
import { ScreenPopGroup } from '@/components/settings/screen-pop-group';
import { WrapUpGroup } from '@/components/settings/wrap-up-group';
import { SettingsFormContext, useSettingsForm } from '@/components/settings/use-settings-form';

interface SettingsFormProps {
  onSaved?: (settings: Settings) => void;
  /** With the first settings loaded, in the same update that shows the form. */
  onLoaded?: (settings: Settings) => void;
  /** browser.permissions; tests pass a fake. */
  permissions?: PermissionsApi;
  /** The options page: a Test button per group (REGISTER, bridge connection, sample record). */
  tests?: boolean;
}

/**
 * The settings form, in the popup and on the options page alike: one group component per area
 * (components/settings/*-group.tsx; a feature's inputs mount in its group), one draft, one Save.
 * Every input has a visible label and its own inline validation message. Saving also asks for
 * access to the CRM origins (optional host permissions), see useSettingsForm.
 */
export function SettingsForm({ onSaved, onLoaded, permissions = browser.permissions, tests = false }: SettingsFormProps) {
  const form = useSettingsForm(permissions, onSaved, onLoaded);
  if (!form) return <p class="loading">{t('settings.loading')}</p>;
  const { policyErrors, accessError, errors, save } = form;
  return (
    <SettingsFormContext.Provider value={form}>
      <form class="settings" onSubmit={form.submit} noValidate>
        {policyErrors.length > 0 && (
          <section class="policy-problems" role="alert" aria-labelledby="policy-problems-title">
            <p id="policy-problems-title">{t('settings.policyProblems')}</p>
            <ul>
              {policyErrors.map((e, i) => (
                <li key={i} data-policy-key={e.key}>
                  {e.key === '_root' ? e.message : `${e.key}: ${e.message}`}
                </li>
              ))}
            </ul>
          </section>
        )}
        <PhoneGroup tests={tests} />
        <CallGroup />
        <BridgeGroup tests={tests} />
        <CrmGroup tests={tests} />
        <ClickToDialGroup />
        <ScreenPopGroup />
        <WrapUpGroup />
        <AudioGroup />
        <PrivacyGroup />
        {accessError && (
          <p class="field__error" data-field="crm-access" role="alert">
            {accessError}
          </p>
        )}
        {errors._root && (
          <p class="field__error" role="alert">
            {errors._root}
          </p>
        )}
        <div class="actions">
          <button type="submit">{t('settings.save')}</button>
          <span class="save-state" aria-live="polite">
            {save.kind === 'saved' && t('settings.saved')}
            {save.kind === 'invalid' && t('settings.notSavedInvalid')}
            {save.kind === 'failed' && t('settings.notSavedFailed', [save.message])}
          </span>
        </div>
      </form>
    </SettingsFormContext.Provider>
  );
}

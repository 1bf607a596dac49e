import { t } from '@/lib/i18n';
import { SettingsForm } from '@/components/popup/settings-form';
import { StatusLine } from '@/components/popup/status-line';
import { usePhoneState } from '@/components/popup/use-phone-state';

/**
 * The options page: the settings grouped (Phone, Bridge, CRM, Screen-pop, Audio, Privacy), the
 * same group components and validation as the popup's form, plus a Test button per group.
 */
export function OptionsApp() {
  const state = usePhoneState();
  return (
    <main class="options">
      <header>
        <h1>{t('options.title')}</h1>
        <p class="options__intro">{t('options.intro')}</p>
        <StatusLine state={state} />
      </header>
      <SettingsForm tests />
    </main>
  );
}

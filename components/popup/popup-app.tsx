import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { CallHistory } from '@/components/history/call-history';
import { ANSWER_IN_BROWSER_OFF } from '@/lib/phone-host/phone-state';
import { isConfigured, type Settings } from '@/lib/settings';
import { AvailabilityPicker } from './availability-picker';
import { CallControls } from './call-controls';
import { DialPad } from './dial-pad';
import { MicPermissionOffer } from './mic-permission-offer';
import { RecentCalls } from './recent-calls';
import { SettingsForm } from './settings-form';
import { ShortcutList } from './shortcut-list';
import { StatusLine } from './status-line';
import { usePhoneState } from './use-phone-state';

/** Set up enough to work: a phone to register, or (desk-phone agents) a bridge to listen to. */
export function hasWorkingSetup(s: Settings): boolean {
  return isConfigured(s) || (s.bridgeUrl !== '' && s.bridgeToken !== '');
}

/**
 * The toolbar popup is the phone: status first (what the agent checks most), the current call's
 * controls, the dial pad and the last calls. The settings form stays here too (same labels as the
 * options page, which renders the same groups): open on first run, behind 'Settings' after. The
 * choice is made once per popup, from the settings as loaded, so saving does not fold the form away.
 */
export function PopupApp() {
  const state = usePhoneState();
  /** null until the settings are loaded; then whether the form is shown. */
  const [settingsOpen, setSettingsOpen] = useState<boolean | null>(null);
  return (
    <main class="popup">
      <header class="popup__header">
        <h1>{t('app.name')}</h1>
        <StatusLine state={state} />
        {state?.audioNote && <p role="status" class="status-line status-line--audio" data-field="audio-note">{state.audioNote}</p>}
      </header>
      <CallControls state={state} />
      <AvailabilityPicker state={state} />
      <DialPad />
      <RecentCalls state={state} />
      {/* A desk-phone agent (Answer calls in the browser off) needs no microphone. */}
      {state?.registration.reason !== ANSWER_IN_BROWSER_OFF && <MicPermissionOffer />}
      <CallHistory />
      <ShortcutList />
      <nav class="popup__nav">
        <button
          type="button"
          class="link-button"
          data-action="toggle-settings"
          aria-expanded={settingsOpen === true}
          aria-controls="popup-settings"
          hidden={settingsOpen === null}
          onClick={() => setSettingsOpen(!settingsOpen)}
        >
          {settingsOpen ? t('popup.hideSettings') : t('popup.settings')}
        </button>
        <button type="button" class="link-button" data-action="options" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popup.options')}
        </button>
      </nav>
      <div id="popup-settings" hidden={settingsOpen !== true}>
        <SettingsForm onLoaded={(s) => setSettingsOpen((open) => open ?? !hasWorkingSetup(s))} />
      </div>
    </main>
  );
}

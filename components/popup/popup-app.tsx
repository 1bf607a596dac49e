import { CallHistory } from '@/components/history/call-history';
import { ANSWER_IN_BROWSER_OFF } from '@/lib/phone-host/phone-state';
import { CallControls } from './call-controls';
import { MicPermissionOffer } from './mic-permission-offer';
import { SettingsForm } from './settings-form';
import { StatusLine } from './status-line';
import { usePhoneState } from './use-phone-state';

/**
 * The toolbar popup: live phone status first (what the agent checks most), the current call's
 * controls when one rings or talks, then the settings form.
 */
export function PopupApp() {
  const state = usePhoneState();
  return (
    <main class="popup">
      <header class="popup__header">
        <h1>Teleforge Screen-Pop</h1>
        <StatusLine state={state} />
      </header>
      <CallControls state={state} />
      {/* A desk-phone agent (Answer calls in the browser off) needs no microphone. */}
      {state?.registration.reason !== ANSWER_IN_BROWSER_OFF && <MicPermissionOffer />}
      <CallHistory />
      <SettingsForm />
    </main>
  );
}

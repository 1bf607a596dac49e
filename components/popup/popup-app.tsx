import { ANSWER_IN_BROWSER_OFF } from '@/lib/phone-host/phone-state';
import { AvailabilityPicker } from './availability-picker';
import { CallControls } from './call-controls';
import { MicPermissionOffer } from './mic-permission-offer';
import { SettingsForm } from './settings-form';
import { ShortcutList } from './shortcut-list';
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
        {state?.audioNote && <p role="status" class="status-line status-line--audio" data-field="audio-note">{state.audioNote}</p>}
      </header>
      <CallControls state={state} />
      <AvailabilityPicker state={state} />
      {/* A desk-phone agent (Answer calls in the browser off) needs no microphone. */}
      {state?.registration.reason !== ANSWER_IN_BROWSER_OFF && <MicPermissionOffer />}
      <ShortcutList />
      <SettingsForm />
    </main>
  );
}

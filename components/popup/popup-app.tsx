import { MicPermissionOffer } from './mic-permission-offer';
import { SettingsForm } from './settings-form';
import { StatusLine } from './status-line';

/** The toolbar popup: live phone status first (what the agent checks most), then the settings form. */
export function PopupApp() {
  return (
    <main class="popup">
      <header class="popup__header">
        <h1>Teleforge Screen-Pop</h1>
        <StatusLine />
      </header>
      <MicPermissionOffer />
      <SettingsForm />
    </main>
  );
}

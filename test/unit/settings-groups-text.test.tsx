// @vitest-environment happy-dom
/**
 * The settings groups added after the first locale files read their labels from locales/en.yml
 * now: the form still names every control as before (the e2e tests pick them by these words).
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsForm } from '@/components/popup/settings-form';
import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';

const permissions: PermissionsApi = { request: async () => true, contains: async () => true };

const LABELS = [
  'A second call during a call',
  'Keypad tones (DTMF)',
  'Do not disturb',
  'Microphone',
  'Call speaker',
  'Ringtone device',
  'Call buttons beside phone numbers on CRM pages',
  'Default country',
  'Off on these CRM sites',
  'Keep calls for (days)',
  'Calls kept at most',
  'Dispositions',
  'Disposition webhook URL',
  'Webhook token',
  'Close the wrap-up after',
  'CRM',
];

describe('settings groups, English', () => {
  afterEach(cleanup);

  it('labels every control and button as before', async () => {
    render(<SettingsForm permissions={permissions} />);
    await screen.findByLabelText('PBX WebSocket URL');
    for (const label of LABELS) expect(screen.getByLabelText(label), label).toBeTruthy();
    for (const name of ['Test call speaker', 'Test ringtone device', 'Pick the lookup field', 'Test fill', 'Show webhook token']) {
      expect(screen.getByRole('button', { name }), name).toBeTruthy();
    }
    for (const legend of ['Calls', 'Audio devices', 'Click-to-dial', 'History and wrap-up']) expect(screen.getByText(legend, { selector: 'legend' }), legend).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Ring softly (call waiting)' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'In the audio (RFC 4733)' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Refuse calls (the caller hears busy; listed as missed)' })).toBeTruthy();
    expect(within(screen.getByLabelText('Close the wrap-up after')).getByRole('option', { name: '30 s' })).toBeTruthy();
    expect(within(screen.getByLabelText('Close the wrap-up after')).getByRole('option', { name: 'Never' })).toBeTruthy();
    expect(screen.getAllByRole('option', { name: 'System default' })).toHaveLength(3);
    expect(screen.getByText('The history stays on this computer only.')).toBeTruthy();
  });
});

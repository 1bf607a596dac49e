// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SettingsForm } from '@/components/popup/settings-form';
import { loadSettings, saveSettings } from '@/lib/settings';
import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';

function fakePermissions(answer = true) {
  return {
    request: vi.fn(async (_: { origins: string[] }) => answer),
    contains: vi.fn(async (_: { origins: string[] }) => false),
  } satisfies PermissionsApi;
}

async function renderForm(permissions: PermissionsApi = fakePermissions()) {
  render(<SettingsForm permissions={permissions} />);
  await screen.findByLabelText('PBX WebSocket URL');
}
const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('CRM preset chooser in the settings form', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  it('fills the record and search templates and the lookup selector from the host, and asks for that origin in the click', async () => {
    const permissions = fakePermissions();
    await renderForm(permissions);
    fireEvent.input(screen.getByLabelText('Contact lookup field (CSS selector)'), { target: { value: '#old-crm-box' } });
    fireEvent.change(screen.getByLabelText('CRM'), { target: { value: 'pipedrive' } });
    fireEvent.input(screen.getByLabelText('Pipedrive host'), { target: { value: 'acme.pipedrive.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Fill in the CRM settings' }));
    expect(value('CRM record URL template')).toBe('https://acme.pipedrive.com/person/{contact_ref}');
    expect(value('CRM search URL template')).toBe('');
    expect(value('Contact lookup field (CSS selector)')).toBe('');
    // In the same turn as the click (the prompt needs the user gesture).
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://acme.pipedrive.com/*'] });
    await screen.findByText('Filled in for https://acme.pipedrive.com. Press Save to keep it.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect((await loadSettings()).settings.recordUrlTemplate).toBe('https://acme.pipedrive.com/person/{contact_ref}');
  });

  it('refuses a host that is not the vendor’s and changes nothing', async () => {
    const permissions = fakePermissions();
    await renderForm(permissions);
    fireEvent.change(screen.getByLabelText('CRM'), { target: { value: 'salesforce' } });
    fireEvent.input(screen.getByLabelText('Salesforce My Domain host'), { target: { value: 'acme.lightning.force.com.evil.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Fill in the CRM settings' }));
    expect(await screen.findByText(/Not a Salesforce Lightning host/)).toBeTruthy();
    expect(value('CRM record URL template')).toBe('');
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('takes two fields where the vendor needs them (HubSpot data centre and portal id)', async () => {
    await renderForm();
    fireEvent.change(screen.getByLabelText('CRM'), { target: { value: 'hubspot' } });
    fireEvent.change(screen.getByLabelText('HubSpot data centre'), { target: { value: 'app-eu1.hubspot.com' } });
    fireEvent.input(screen.getByLabelText('HubSpot account (portal) id'), { target: { value: '26541234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Fill in the CRM settings' }));
    expect(value('CRM record URL template')).toBe('https://app-eu1.hubspot.com/contacts/26541234/record/0-1/{contact_ref}');
  });

  it('shows the preset the saved templates came from, with its host', async () => {
    await saveSettings({ recordUrlTemplate: 'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=%7B{contact_ref}%7D' });
    await renderForm();
    await waitFor(() => expect((screen.getByLabelText('CRM') as HTMLSelectElement).value).toBe('dynamics'));
    expect(value('Dynamics 365 host')).toBe('contoso.crm4.dynamics.com');
  });

  it('the generic choice fills nothing and says to type the templates', async () => {
    await renderForm();
    expect((screen.getByLabelText('CRM') as HTMLSelectElement).value).toBe('generic');
    expect(screen.queryByRole('button', { name: 'Fill in the CRM settings' })).toBeNull();
    expect(screen.getByText(/Type the record and search URL templates below/)).toBeTruthy();
  });

  it('offers the picker and Test fill next to the lookup field', async () => {
    await renderForm();
    expect(screen.getByRole('button', { name: 'Pick the lookup field' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Test fill' }));
    expect(await screen.findByText('Pick or type a lookup field first')).toBeTruthy();
  });

  it('Pick asks the worker and says where to click; the worker’s result puts the saved selector into the form', async () => {
    // The worker's side: answers picker/start like the router does.
    fakeBrowser.runtime.onMessage.addListener((raw: unknown) => {
      const msg = raw as { to?: string; name?: string };
      if (msg.to === 'bg' && msg.name === 'picker/start') return Promise.resolve({ ok: true, value: { origin: 'https://crm.example.com' } });
      return undefined;
    });
    await renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Pick the lookup field' }));
    await screen.findByText('Click the contact lookup field in your CRM tab (https://crm.example.com). Esc there cancels.');
    expect(screen.getByRole('button', { name: 'Cancel picking' })).toBeTruthy();
    const fromWorker = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/background.js') };
    await fakeBrowser.runtime.onMessage.trigger(
      { to: 'popup', name: 'picker/result', payload: { outcome: 'picked', selector: 'input[name="q"]', origin: 'https://crm.example.com' } },
      fromWorker,
    );
    await screen.findByText('Lookup field saved: input[name="q"] (on https://crm.example.com)');
    expect(value('Contact lookup field (CSS selector)')).toBe('input[name="q"]');
    // A web page cannot claim a result (lib/messages checks the sender).
    await fakeBrowser.runtime.onMessage.trigger(
      { to: 'popup', name: 'picker/result', payload: { outcome: 'picked', selector: '#evil', origin: 'https://evil.example' } },
      { id: fakeBrowser.runtime.id, url: 'https://evil.example/', tab: { id: 3 } as never },
    );
    expect(value('Contact lookup field (CSS selector)')).toBe('input[name="q"]');
  });
});

import { describe, expect, it } from 'vitest';
import { buildRecordUrl, checkUrlTemplate, templateOrigin } from '../../lib/crm';
import { applyPreset, initialValues, presetById, PRESETS, recognisePreset, type CrmPreset } from '../../lib/crm/presets';
import { validateSettings } from '../../lib/settings';
import { makeCall } from './fixtures/call';

function preset(id: string): CrmPreset {
  const found = presetById(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

/** Per vendor: what an admin types, and the record page a call with contact ref `ref` must open. */
const SAMPLES = [
  {
    id: 'salesforce',
    typed: { host: 'acme.lightning.force.com', object: 'Contact' },
    ref: '003Dn00000AbCdEIAV',
    url: 'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000AbCdEIAV/view',
  },
  {
    id: 'salesforce',
    typed: { host: 'acme--uat.sandbox.lightning.force.com', object: 'Caller__c' },
    ref: 'a0B5e00000XyZ12',
    url: 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Caller__c/a0B5e00000XyZ12/view',
  },
  { id: 'hubspot', typed: { host: 'app-eu1.hubspot.com', portal: '26541234' }, ref: '51', url: 'https://app-eu1.hubspot.com/contacts/26541234/record/0-1/51' },
  { id: 'zoho', typed: { host: 'crm.zoho.com.au', org: '60001234' }, ref: '4876876000000123', url: 'https://crm.zoho.com.au/crm/org60001234/tab/Contacts/4876876000000123' },
  {
    id: 'dynamics',
    typed: { host: 'contoso.crm4.dynamics.com' },
    ref: '7d577253-3ef0-4a0a-bb7f-8335c2596e70',
    url: 'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=%7B7d577253-3ef0-4a0a-bb7f-8335c2596e70%7D',
  },
  { id: 'pipedrive', typed: { host: 'acme.pipedrive.com' }, ref: '1042', url: 'https://acme.pipedrive.com/person/1042' },
  { id: 'zendesk', typed: { host: 'acme.zendesk.com' }, ref: '3789012345', url: 'https://acme.zendesk.com/agent/users/3789012345' },
  { id: 'freshdesk', typed: { host: 'acme.freshdesk.com' }, ref: '80012345678', url: 'https://acme.freshdesk.com/a/contacts/80012345678' },
] as const;

describe('every vendor preset', () => {
  it('is in the chooser, with a cited https documentation page for what it relies on', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['generic', 'salesforce', 'hubspot', 'zoho', 'dynamics', 'pipedrive', 'zendesk', 'freshdesk']);
    for (const p of PRESETS.filter((p) => p.id !== 'generic')) {
      expect(p.docs.length, p.id).toBeGreaterThan(0);
      for (const doc of p.docs) {
        expect(new URL(doc.url).protocol, p.id).toBe('https:');
        expect(doc.says.length, p.id).toBeGreaterThan(10);
      }
    }
  });

  it.each(SAMPLES)('$id: the filled templates pass the template rules and open the record through buildRecordUrl ($url)', ({ id, typed, ref, url }) => {
    const result = applyPreset(preset(id), typed);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { templates } = result;
    expect(checkUrlTemplate(templates.recordUrlTemplate)).toBeNull();
    expect(checkUrlTemplate(templates.searchUrlTemplate)).toBeNull();
    // And the settings schema takes them as they are.
    expect(validateSettings(templates).errors).toEqual([]);
    expect(templateOrigin(templates.recordUrlTemplate)).toBe(new URL(url).origin);
    expect(buildRecordUrl(templates, makeCall({ contactRef: ref, number: '+44 7700 900123' }))).toEqual({ ok: true, kind: 'record', url });
  });

  it.each(SAMPLES)('$id: a call value cannot leave the vendor host or climb the path', ({ id, typed }) => {
    const result = applyPreset(preset(id), typed);
    if (!result.ok) throw new Error('not applied');
    for (const ref of ['../../evil', 'https://evil.example/', 'a/../../b', '?x=1#y', '%2e%2e']) {
      const built = buildRecordUrl(result.templates, makeCall({ contactRef: ref }));
      if (built.ok) {
        expect(new URL(built.url).origin).toBe(templateOrigin(result.templates.recordUrlTemplate));
        expect(built.url).not.toContain('/../');
      }
    }
  });

  it.each(SAMPLES)('$id: no documented search URL, so no search template: a call without a contact ref pops nothing and says why', ({ id, typed }) => {
    const result = applyPreset(preset(id), typed);
    if (!result.ok) throw new Error('not applied');
    expect(result.templates.searchUrlTemplate).toBe('');
    expect(buildRecordUrl(result.templates, makeCall({ contactRef: '', number: '07700900123' }))).toEqual({
      ok: false,
      error: 'The call has no contact reference and no CRM search URL template is set',
    });
  });

  it.each(SAMPLES)('$id: its record template is recognised again with what was typed', ({ id, typed }) => {
    const result = applyPreset(preset(id), typed);
    if (!result.ok) throw new Error('not applied');
    const found = recognisePreset(result.templates.recordUrlTemplate);
    expect(found?.preset.id).toBe(id);
    expect(found?.values).toEqual(result.values);
  });
});

describe('host rules: only the vendor’s own hosts', () => {
  it.each([
    ['salesforce', 'host', 'acme.my.salesforce.com'],
    ['salesforce', 'host', 'lightning.force.com'],
    ['salesforce', 'host', 'acme.lightning.force.com.evil.example'],
    ['salesforce', 'host', 'acme.lightning.force.com:8443'],
    ['salesforce', 'host', 'http://acme.lightning.force.com'],
    ['salesforce', 'host', 'evil.example/acme.lightning.force.com'],
    ['salesforce', 'host', 'a.b.c.lightning.force.com'],
    ['salesforce', 'host', '-acme.lightning.force.com'],
    ['salesforce', 'host', ''],
    ['salesforce', 'object', 'Contact/../x'],
    ['salesforce', 'object', '{contact_ref}'],
    ['hubspot', 'host', 'app.hubspot.com.evil.example'],
    ['hubspot', 'host', 'evil.example'],
    ['hubspot', 'portal', '12ab'],
    ['hubspot', 'portal', ''],
    ['hubspot', 'portal', '1/../2'],
    ['zoho', 'host', 'crm.zoho.de'],
    ['zoho', 'host', 'crm.zoho.com.evil.example'],
    ['zoho', 'org', 'org12/../x'],
    ['zoho', 'org', ''],
    ['dynamics', 'host', 'contoso.dynamics.com'],
    ['dynamics', 'host', 'contoso.crm.dynamics.com.evil.example'],
    ['dynamics', 'host', 'contoso.crmx.dynamics.com'],
    ['dynamics', 'host', 'a.b.crm.dynamics.com'],
    ['pipedrive', 'host', 'pipedrive.com'],
    ['pipedrive', 'host', 'acme.pipedrive.co'],
    ['pipedrive', 'host', 'user@acme.pipedrive.com'],
    ['pipedrive', 'host', 'https://user:pw@acme.pipedrive.com'],
    ['zendesk', 'host', 'acme.zendesk.com.evil.example'],
    ['zendesk', 'host', 'acme_1.zendesk.com'],
    ['freshdesk', 'host', 'acme.freshdesk.com:443'],
    ['freshdesk', 'host', 'acme.freshservice.com'],
  ])('%s refuses %s %j', (id, key, value) => {
    const p = preset(id);
    const typed = { ...sampleFor(id), [key]: value };
    const result = applyPreset(p, typed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual([key]);
  });

  it('takes a pasted https address or upper case as the host it names', () => {
    const result = applyPreset(preset('pipedrive'), { host: '  https://ACME.pipedrive.com/deal/12 ' });
    expect(result).toMatchObject({ ok: true, templates: { recordUrlTemplate: 'https://acme.pipedrive.com/person/{contact_ref}' } });
  });

  it('refuses a pasted http:// address (https only)', () => {
    expect(applyPreset(preset('zendesk'), { host: 'http://acme.zendesk.com' })).toMatchObject({ ok: false, errors: { host: expect.stringContaining('https') } });
  });

  it('generic fills nothing: the admin types the templates', () => {
    const result = applyPreset(preset('generic'), {});
    expect(result.ok).toBe(false);
    expect(preset('generic').fields).toEqual([]);
  });

  it('starts HubSpot, Zoho and Salesforce with their defaults filled in', () => {
    expect(initialValues(preset('hubspot'))).toEqual({ host: 'app.hubspot.com', portal: '' });
    expect(initialValues(preset('zoho'))).toEqual({ host: 'crm.zoho.com', org: '' });
    expect(initialValues(preset('salesforce'))).toEqual({ host: '', object: 'Contact' });
  });

  it('every preset clears the lookup selector (the old CRM’s would not match): the picker learns the new one', () => {
    for (const s of SAMPLES) {
      const result = applyPreset(preset(s.id), s.typed);
      expect(result.ok && result.templates.lookupSelector).toBe('');
    }
  });
});

describe('recognisePreset', () => {
  it.each([
    '',
    'https://crm.example.com/contacts/{contact_ref}',
    'https://evil.example/person/{contact_ref}',
    'https://acme.pipedrive.com/person/{contact_ref}?x=1',
    'https://acme.lightning.force.com/lightning/r/Con/tact/{contact_ref}/view',
  ])('says "hand-written" for %j', (template) => {
    expect(recognisePreset(template)).toBeNull();
  });
});

function sampleFor(id: string): Record<string, string> {
  const sample = SAMPLES.find((s) => s.id === id);
  if (!sample) throw new Error(`no sample for ${id}`);
  return { ...sample.typed };
}

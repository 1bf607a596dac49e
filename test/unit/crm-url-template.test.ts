import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { checkUrlTemplate, parseTemplate, PLACEHOLDERS, templateOrigin } from '../../lib/crm';
import { validateSettings } from '../../lib/settings';

beforeEach(() => fakeBrowser.reset());

describe('checkUrlTemplate', () => {
  it.each([
    '',
    'https://crm.example.com/contacts/{contact_ref}',
    'https://crm.example.com/search?q={number}&to={dial_number}&call={call_ref}&c={campaign_ref}&agent={ext}',
    'http://127.0.0.1:8080/c/{contact_ref}#call-{call_ref}',
    'https://crm.example.com:8443/?id={contact_ref}',
    'https://crm.example.com/{contact_ref}{number}',
    'https://crm.example.com',
    'http://localhost:3000/c/{contact_ref}',
    'http://[::1]:8080/c/{contact_ref}',
    'http://127.1.2.3/c/{contact_ref}',
  ])('accepts %s', (template) => {
    expect(checkUrlTemplate(template)).toBeNull();
  });

  it.each([
    'http://crm.example.com/contacts/{contact_ref}',
    'HTTP://CRM.EXAMPLE.COM/c/{contact_ref}',
    'http://10.0.0.5:8080/c/{contact_ref}',
    'http://127.0.0.1.example.com/c/{contact_ref}',
    'http://localhost.example.com/c/{contact_ref}',
  ])('asks for https:// for %s (http:// only on this machine, as for the PBX)', (template) => {
    expect(checkUrlTemplate(template)).toBe('Use https:// — http:// is only allowed for localhost');
  });

  it('names an unknown placeholder and lists the allowed ones', () => {
    const error = checkUrlTemplate('https://crm.example.com/c/{customer_id}');
    expect(error).toContain('{customer_id}');
    for (const p of PLACEHOLDERS) expect(error).toContain(`{${p}}`);
  });

  it.each([
    ['https://crm.example.com/c/{Contact_Ref}', /Unknown placeholder \{Contact_Ref\}/],
    ['https://crm.example.com/c/{contact_ref', /Unclosed "\{"/],
    ['https://crm.example.com/c/contact_ref}', /Unmatched "\}"/],
    ['https://crm.example.com/c/{}', /Unknown placeholder \{\}/],
    ['ftp://crm.example.com/{contact_ref}', /https:\/\/ or http:\/\//],
    ['javascript:alert({number})', /https:\/\/ or http:\/\//],
    ['crm.example.com/{contact_ref}', /https:\/\/ or http:\/\//],
    ['https://crm.example.com/c/ {contact_ref}', /spaces/],
    ['https://user:pw@crm.example.com/{contact_ref}', /credentials/],
    ['https://crm.example.com/a/../{contact_ref}', /"\." or "\.\." segments/],
  ])('refuses %s', (template, message) => {
    expect(checkUrlTemplate(template)).toMatch(message);
  });

  it.each([
    'https://{contact_ref}.crm.example.com/',
    'https://crm.example.com{number}',
    'https://crm.example.com:{ext}/',
    'https://crm.example.com@{number}/',
    'https://{number}',
    '{contact_ref}',
  ])('refuses a placeholder in the scheme, host or port: %s', (template) => {
    expect(checkUrlTemplate(template)).toMatch(/must be fixed|https:\/\/ or http:\/\//);
  });
});

describe('parseTemplate / templateOrigin', () => {
  it('splits literals and placeholders', () => {
    expect(parseTemplate('https://c.example/{ext}/x?q={number}')).toEqual({
      ok: true,
      tokens: [{ literal: 'https://c.example/' }, { placeholder: 'ext' }, { literal: '/x?q=' }, { placeholder: 'number' }],
    });
  });

  it('gives the origin of a valid template only', () => {
    expect(templateOrigin('https://CRM.example.com:8443/c/{contact_ref}')).toBe('https://crm.example.com:8443');
    expect(templateOrigin('https://crm.example.com:443/c/{contact_ref}')).toBe('https://crm.example.com');
    expect(templateOrigin('')).toBeNull();
    expect(templateOrigin('https://crm.example.com{number}')).toBeNull();
  });
});

describe('template fields in settings', () => {
  it('are validated like checkUrlTemplate, with the message per field', () => {
    const { settings, errors } = validateSettings({
      recordUrlTemplate: 'https://crm.example.com/c/{customer}',
      searchUrlTemplate: ' https://crm.example.com/s?q={number} ',
    });
    expect(errors).toEqual([{ field: 'recordUrlTemplate', message: expect.stringContaining('{customer}') }]);
    expect(settings.recordUrlTemplate).toBe('');
    expect(settings.searchUrlTemplate).toBe('https://crm.example.com/s?q={number}');
  });
});

import { describe, expect, it, vi } from 'vitest';
import {
  crmAccessMessage,
  crmMatchPatterns,
  missingCrmAccess,
  presetMatchPatterns,
  requestCrmAccess,
  type PermissionsApi,
} from '@/lib/screen-pop/crm-permissions';

const templates = (record = '', search = '') => ({ recordUrlTemplate: record, searchUrlTemplate: search });

/** Grants what is in `granted`; `request` answers with `answer` and then grants on yes. */
function fakePermissions(granted: string[] = [], answer = true) {
  const have = new Set(granted);
  const api = {
    request: vi.fn(async ({ origins }: { origins: string[] }) => {
      if (origins.every((o) => have.has(o))) return true;
      if (answer) origins.forEach((o) => have.add(o));
      return answer;
    }),
    contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => have.has(o))),
  } satisfies PermissionsApi;
  return api;
}

describe('crmMatchPatterns', () => {
  it('turns the record and search templates into distinct port-less patterns', () => {
    expect(crmMatchPatterns(templates('https://crm.example.com:8443/c/{contact_ref}', 'https://crm.example.com/s?q={number}'))).toEqual([
      'https://crm.example.com/*',
    ]);
    expect(crmMatchPatterns(templates('https://a.example.com/{contact_ref}', 'http://127.0.0.1:8080/s?q={number}'))).toEqual([
      'https://a.example.com/*',
      'http://127.0.0.1/*',
    ]);
    expect(crmMatchPatterns(templates())).toEqual([]);
  });
});

describe('requestCrmAccess', () => {
  it('calls permissions.request synchronously, before returning (user gesture)', () => {
    const permissions = fakePermissions();
    void requestCrmAccess(permissions, templates('https://crm.example.com/c/{contact_ref}'));
    expect(permissions.request).toHaveBeenCalledTimes(1);
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://crm.example.com/*'] });
  });

  it('reports granted when the agent accepts', async () => {
    const permissions = fakePermissions([], true);
    expect(await requestCrmAccess(permissions, templates('https://crm.example.com/c/{contact_ref}'))).toEqual({ granted: true });
  });

  it('names only the origins still missing when the agent refuses', async () => {
    const permissions = fakePermissions(['https://a.example.com/*'], false);
    const result = await requestCrmAccess(permissions, templates('https://a.example.com/{contact_ref}', 'https://b.example.com/s?q={number}'));
    expect(result).toEqual({ granted: false, missing: ['https://b.example.com'] });
  });

  it('asks nothing when no CRM template is set', async () => {
    const permissions = fakePermissions();
    expect(await requestCrmAccess(permissions, templates())).toEqual({ granted: true });
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('turns a thrown or rejected request into not granted with the reason', async () => {
    const permissions = fakePermissions();
    permissions.request.mockImplementationOnce(() => {
      throw new Error('must be called during a user gesture');
    });
    const result = await requestCrmAccess(permissions, templates('https://crm.example.com/c/{contact_ref}'));
    expect(result).toEqual({ granted: false, missing: ['https://crm.example.com'], error: 'must be called during a user gesture' });
  });
});

describe('missingCrmAccess and the message', () => {
  it('lists the origins without permission, as written in the templates', async () => {
    const permissions = fakePermissions(['https://a.example.com/*']);
    const missing = await missingCrmAccess(permissions, templates('https://a.example.com/{contact_ref}', 'http://127.0.0.1:8080/s?q={number}'));
    expect(missing).toEqual(['http://127.0.0.1:8080']);
    expect(crmAccessMessage(missing)).toBe('Screen-pop needs access to http://127.0.0.1:8080: not granted');
  });
});

describe('presetMatchPatterns (TELEFORGE_CRM_ORIGINS)', () => {
  it('is empty when unset or blank', () => {
    expect(presetMatchPatterns(undefined)).toEqual([]);
    expect(presetMatchPatterns('  ,  ')).toEqual([]);
  });

  it('accepts comma and space separated origins and drops ports', () => {
    expect(presetMatchPatterns('https://crm.example.com,http://127.0.0.1:8080  https://crm.example.com:8443/')).toEqual([
      'https://crm.example.com/*',
      'http://127.0.0.1/*',
    ]);
  });

  it.each([
    'crm.example.com',
    'ftp://crm.example.com',
    'https://crm.example.com/path',
    'https://crm.example.com/?q=1',
    'https://*.example.com',
    'https://user@crm.example.com',
    'https://',
    '<all_urls>',
  ])('refuses %s with a message naming the variable and the entry', (entry) => {
    expect(() => presetMatchPatterns(`https://ok.example.com, ${entry}`)).toThrow(
      new RegExp(`TELEFORGE_CRM_ORIGINS: "${entry.replace(/[.*?/\\[\]]/g, '\\$&')}" is not a CRM origin`),
    );
  });
});

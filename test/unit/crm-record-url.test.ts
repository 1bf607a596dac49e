import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { buildRecordUrl } from '../../lib/crm';
import { makeCall } from './fixtures/call';

const settings = {
  recordUrlTemplate: 'https://crm.example.com/contacts/{contact_ref}/view?agent={ext}',
  searchUrlTemplate: 'https://crm.example.com/search?q={number}&dialled={dial_number}&campaign={campaign_ref}',
};

beforeEach(() => fakeBrowser.reset());

describe('buildRecordUrl', () => {
  it('opens the record page when the caller gave a contact reference', () => {
    expect(buildRecordUrl(settings, makeCall({ contactRef: 'ACC-42', ext: '1001' }))).toEqual({
      ok: true,
      kind: 'record',
      url: 'https://crm.example.com/contacts/ACC-42/view?agent=1001',
    });
  });

  it.each(['', '   '])('uses the search template when contact_ref is %j', (contactRef) => {
    const call = makeCall({ contactRef, number: '+44 7700 900123', dialNumber: '0800', campaignRef: null });
    expect(buildRecordUrl(settings, call)).toEqual({
      ok: true,
      kind: 'search',
      url: 'https://crm.example.com/search?q=%2B44%207700%20900123&dialled=0800&campaign=',
    });
  });

  it('fills every placeholder', () => {
    const all = { ...settings, recordUrlTemplate: 'https://c.example/{contact_ref}?n={number}&d={dial_number}&r={call_ref}&k={campaign_ref}&e={ext}' };
    const call = makeCall({ contactRef: 'A1', number: 'N', dialNumber: 'D', callRef: 'R', campaignRef: 'K', ext: 'E' });
    expect(buildRecordUrl(all, call)).toMatchObject({ ok: true, url: 'https://c.example/A1?n=N&d=D&r=R&k=K&e=E' });
  });

  it.each([
    ['a/b', 'a%2Fb'],
    ['a?b=1', 'a%3Fb%3D1'],
    ['a&admin=1', 'a%26admin%3D1'],
    ['a#frag', 'a%23frag'],
    ['a b', 'a%20b'],
    ['Zoë-東京', 'Zo%C3%AB-%E6%9D%B1%E4%BA%AC'],
    ['../../admin', '..%2F..%2Fadmin'],
    ['a\\b', 'a%5Cb'],
    ['%2e%2e', '%252e%252e'],
    ['x..y', 'x..y'],
  ])('encodes %j in the path as %s and stays in place', (contactRef, encoded) => {
    const result = buildRecordUrl(settings, makeCall({ contactRef }));
    expect(result).toEqual({ ok: true, kind: 'record', url: `https://crm.example.com/contacts/${encoded}/view?agent=1001` });
  });

  it('encodes query values so they cannot add parameters or a fragment', () => {
    const result = buildRecordUrl(settings, makeCall({ contactRef: '', number: '1&q=evil#x', dialNumber: '..' }));
    expect(result).toEqual({ ok: true, kind: 'search', url: 'https://crm.example.com/search?q=1%26q%3Devil%23x&dialled=..&campaign=inbound' });
    if (result.ok) expect(new URL(result.url).searchParams.get('q')).toBe('1&q=evil#x');
  });

  // encodeURIComponent keeps '.', and the URL parser resolves '.', '..' (and '%2e%2e') path segments.
  it.each(['..', '.'])('refuses a record page for a contact_ref of %j that would move up the path, and searches by number instead', (contactRef) => {
    const result = buildRecordUrl(settings, makeCall({ contactRef, number: '07700900123', dialNumber: '0800', campaignRef: null }));
    expect(result).toEqual({
      ok: true,
      kind: 'search',
      url: 'https://crm.example.com/search?q=07700900123&dialled=0800&campaign=',
      fallback: expect.stringMatching(/"\." or "\.\." path segment.*; searched by number instead$/),
    });
  });

  it('no fallback without a search template: the record error stands', () => {
    const result = buildRecordUrl({ ...settings, searchUrlTemplate: '' }, makeCall({ contactRef: '..' }));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/"\." or "\.\." path segment/) });
  });

  it('a missing or invalid record template is a settings problem, not a reason to search', () => {
    expect(buildRecordUrl({ ...settings, recordUrlTemplate: '' }, makeCall({ contactRef: 'A1' }))).toMatchObject({ ok: false });
  });

  it('refuses dots that form a segment from two placeholders', () => {
    const s = { ...settings, recordUrlTemplate: 'https://crm.example.com/c/{contact_ref}{ext}' };
    expect(buildRecordUrl(s, makeCall({ contactRef: '.', ext: '.' }))).toMatchObject({ ok: true, kind: 'search', fallback: expect.stringContaining('path segment') });
    expect(buildRecordUrl({ ...s, searchUrlTemplate: '' }, makeCall({ contactRef: '.', ext: '.' }))).toMatchObject({ ok: false });
  });

  it.each(['@evil.com', '.evil.com', ':8080', '/evil.com', '\\evil.com'])(
    'refuses a template that would let %j choose the host', (number) => {
      const open = { recordUrlTemplate: '', searchUrlTemplate: 'https://crm.example.com{number}' };
      const result = buildRecordUrl(open, makeCall({ contactRef: '', number }));
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/search URL template is invalid: .*must be fixed/) });
    });

  it.each([
    [{ ...settings, recordUrlTemplate: '' }, makeCall({ contactRef: 'A1' }), /No CRM record URL template/],
    [{ ...settings, searchUrlTemplate: '' }, makeCall({ contactRef: '' }), /no contact reference and no CRM search URL template/],
    [{ ...settings, recordUrlTemplate: 'https://crm.example.com/{id}' }, makeCall(), /record URL template is invalid: Unknown placeholder \{id\}/],
  ])('explains why it cannot build a URL (%#)', (s, call, message) => {
    expect(buildRecordUrl(s, call)).toEqual({ ok: false, error: expect.stringMatching(message) });
  });

  it('refuses call data that cannot be URL-encoded (lone surrogate); the search by number is used', () => {
    expect(buildRecordUrl(settings, makeCall({ contactRef: 'a\uD800' }))).toMatchObject({ ok: true, kind: 'search', fallback: expect.stringMatching(/cannot be put in a URL/) });
    expect(buildRecordUrl(settings, makeCall({ contactRef: '', number: 'a\uD800' }))).toEqual({ ok: false, error: expect.stringMatching(/cannot be put in a URL/) });
  });
});

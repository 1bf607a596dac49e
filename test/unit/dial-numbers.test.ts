import { describe, expect, it } from 'vitest';
import { clickToDialConfigFor } from '../../lib/dial/dial-config';
import { FALLBACK_COUNTRY, resolveDefaultCountry } from '../../lib/dial/default-country';
import { findNumbers } from '../../lib/dial/find-numbers';
import { dialTargetFor, normalizeDialInput, supportedCountry, telHrefNumber } from '../../lib/dial/normalize-number';
import { parseOriginList } from '../../lib/dial/site-list';
import { isDialTarget } from '../../lib/phone/dial-target';

const found = (text: string, country: 'US' | 'DE' | 'GB' | 'FR' = 'US') =>
  findNumbers(text, country).map((f) => [text.slice(f.start, f.end), f.e164]);

describe('phone numbers in page text', () => {
  it('finds the usual ways of writing a number, each as E.164', () => {
    expect(found('Call +1 (415) 555-2671 or 415.555.2672, office: (212) 555 0100, cell 415-555-2673.')).toEqual([
      ['+1 (415) 555-2671', '+14155552671'],
      ['415.555.2672', '+14155552672'],
      ['(212) 555 0100', '+12125550100'],
      ['415-555-2673', '+14155552673'],
    ]);
  });

  it('finds international numbers whatever the default country, and national ones by it', () => {
    expect(found('Berlin +49 30 901820, London +44 20 7946 0958', 'US')).toEqual([
      ['+49 30 901820', '+4930901820'],
      ['+44 20 7946 0958', '+442079460958'],
    ]);
    expect(found('Büro: 030 901820', 'DE')).toEqual([['030 901820', '+4930901820']]);
    expect(found('Standard : 01 42 68 53 00', 'FR')).toEqual([['01 42 68 53 00', '+33142685300']]);
  });

  it('drops an extension written after the number: E.164 has none (the agent keys it in)', () => {
    expect(found('(212) 555 0100 ext. 12')).toEqual([['(212) 555 0100 ext. 12', '+12125550100']]);
  });

  it.each([
    'Placed on 2024-05-12 at 10:45:00',
    'Due 12/05/2024, shipped 05/12/2024',
    'Invoice 2024/05/12',
    'Order #100234587',
    'Order ORD-2024-558812',
    'Customer id 4155552671234',
    'SKU 123-456-7890-12',
    'Tracking 1Z999AA10123456784',
    'Total $1,234,567.89',
    'Zip 94103, PIN 1234 5678',
    'Version 2.14.1, host 192.168.100.200',
    'Preis 1.234.567,89 €',
    'Ticket 2024-0415-5552, ref 20240512104500',
    'Card 4155 5526 7112 3456',
    'Measured 12.415-555-2671 and 415-555-2671.5',
  ])('finds no number in %j', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('stops searching after 2000 characters of one text', () => {
    expect(found(`${'x '.repeat(1_000)}415-555-2671`)).toEqual([]);
  });
});

describe('tel: links', () => {
  it.each([
    ['tel:+1-415-555-2671', '+14155552671'],
    ['tel:+14155552671;ext=12', '+14155552671'],
    ['TEL:%2B44%2020%207946%200958', '+442079460958'],
    ['tel:(415)%20555-2671', '+14155552671'],
    ['tel:7946 0958;phone-context=+4420', '+442079460958'],
    ['tel:1002', '1002'],
    ['tel:*97', '*97'],
  ])('%s -> %s', (href, number) => {
    expect(telHrefNumber(href, 'US')).toBe(number);
  });

  it.each(['tel:', 'tel:hello', 'tel:%E0%A4%A', 'mailto:a@b.example', 'tel:12345678901234567890123456789012345', 'tel:2001@evil.example'])(
    'refuses %j',
    (href) => {
      expect(telHrefNumber(href, 'US')).toBeNull();
    },
  );
});

describe('what the agent asks to dial', () => {
  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['030 901820', 'DE', '+4930901820'],
    ['2001', 'US', '2001'],
    ['*97', 'US', '*97'],
    [' 1002 ', 'US', '1002'],
  ] as const)('%j (default %s) -> %s, which the phone accepts', (input, country, number) => {
    expect(normalizeDialInput(input, country)).toEqual({ ok: true, number });
    expect(isDialTarget(number)).toBe(true);
  });

  it.each(['', 'hello', '2001@evil.example', '12', '+1 415 555 26711234567'])('refuses %j', (input) => {
    expect(normalizeDialInput(input, 'US').ok).toBe(input === '12');
  });

  it('the phone itself takes E.164 and extensions only: no SIP URI syntax', () => {
    for (const ok of ['+14155552671', '1002', '*97', '#1']) expect(isDialTarget(ok)).toBe(true);
    for (const bad of ['+0123456', '14155552671@x', 'sip:1', '1;a=b', '1 2', '', '+1234567890123456']) expect(isDialTarget(bad)).toBe(false);
  });
});

describe('default country', () => {
  it('takes the setting first, then the browser language, then US', () => {
    expect(resolveDefaultCountry('de', 'en-US')).toBe('DE');
    expect(resolveDefaultCountry('', 'de-AT')).toBe('AT');
    expect(resolveDefaultCountry('', 'fr')).toBe('FR');
    expect(resolveDefaultCountry('', undefined)).toBe(FALLBACK_COUNTRY);
    expect(resolveDefaultCountry('', 'not a locale!')).toBe('US');
    expect(resolveDefaultCountry('gb', 'en-US')).toBe('GB');
  });

  it('falls back to US where libphonenumber-js has no metadata for the country', () => {
    expect(supportedCountry('DE')).toBe('DE');
    expect(supportedCountry('ZZ')).toBe('US');
    expect(supportedCountry(undefined)).toBe('US');
  });
});

describe('per-site switch', () => {
  const settings = { clickToDial: true, dialCountry: '', clickToDialOffOrigins: 'https://a.example\nhttps://b.example:8443/' };

  it('parses one origin a line (or commas) and refuses pages and other schemes', () => {
    expect(parseOriginList(' https://a.example , http://127.0.0.1:8080\n').origins).toEqual(['https://a.example', 'http://127.0.0.1:8080']);
    expect(parseOriginList('https://a.example/contacts').error).toMatch(/Not an http\(s\) origin/);
    expect(parseOriginList('ftp://a.example').error).toMatch(/Not an http\(s\) origin/);
    expect(parseOriginList('').origins).toEqual([]);
  });

  it('is off on the listed origins, on elsewhere, off everywhere when switched off', () => {
    expect(clickToDialConfigFor(settings, 'https://a.example', 'de-DE')).toEqual({ enabled: false, defaultCountry: 'DE' });
    expect(clickToDialConfigFor(settings, 'https://b.example:8443', 'en-US').enabled).toBe(false);
    expect(clickToDialConfigFor(settings, 'https://b.example', 'en-US').enabled).toBe(true);
    expect(clickToDialConfigFor({ ...settings, clickToDial: false }, 'https://c.example', 'en-US').enabled).toBe(false);
    expect(clickToDialConfigFor(settings, null, 'en-US').enabled).toBe(false);
  });

  it('normalises a dial request with the default country, and throws on nonsense', () => {
    expect(dialTargetFor('030 901820', 'DE')).toBe('+4930901820');
    expect(dialTargetFor('(415) 555-2671', 'ZZ')).toBe('+14155552671');
    expect(() => dialTargetFor('call me', 'US')).toThrow(/not a phone number or extension/);
  });
});

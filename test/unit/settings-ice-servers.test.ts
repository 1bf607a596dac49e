import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { checkIceUrl, formatIceServersForm, formatIceServersText, parseIceServersForm, parseIceServersText, type IceServer } from '../../lib/settings';

beforeEach(() => fakeBrowser.reset());

describe('parseIceServersText', () => {
  it('reads one server per line, skipping blank lines and # comments', () => {
    const text = '# our servers\nstun:stun.example.com:3478\n\n  turn:turn.example.com:3478?transport=tcp   agent1  s3cret  \r\nturns:10.0.0.9:5349 u c\n';
    expect(parseIceServersText(text)).toEqual({
      ok: true,
      servers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: 'turn:turn.example.com:3478?transport=tcp', username: 'agent1', credential: 's3cret' },
        { urls: 'turns:10.0.0.9:5349', username: 'u', credential: 'c' },
      ],
    });
  });

  it('gives an empty list for empty text', () => {
    expect(parseIceServersText('')).toEqual({ ok: true, servers: [] });
    expect(parseIceServersText(' \n# none\n')).toEqual({ ok: true, servers: [] });
  });

  it('reports every bad line with its line number', () => {
    const text = 'stun:ok.example.com\nhttp://nope.example.com\nturn:t.example.com\nstun:s.example.com onlyuser\nstun:[::1]:3478';
    const result = parseIceServersText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toMatch(/^Line 2: .*not a STUN\/TURN URL/);
    expect(result.errors[1]).toMatch(/^Line 3: A TURN server needs a username and a credential/);
    expect(result.errors[2]).toMatch(/^Line 4: expected "URL" or "URL USERNAME CREDENTIAL"/);
  });
});

describe('formatIceServersText', () => {
  it('is the inverse of parsing for a valid list', () => {
    const list: IceServer[] = [
      { urls: 'stun:stun.example.com:3478' },
      { urls: 'turn:turn.example.com:3478', username: 'agent1', credential: 's3cret' },
    ];
    const text = formatIceServersText(list);
    expect(text).toBe('stun:stun.example.com:3478\nturn:turn.example.com:3478 agent1 s3cret');
    expect(parseIceServersText(text)).toEqual({ ok: true, servers: list });
  });

  it('writes one line per URL of a multi-URL server, each with its credentials', () => {
    const text = formatIceServersText([{ urls: ['turn:a.example.com', 'turns:a.example.com:443'], username: 'u', credential: 'c' }]);
    expect(text).toBe('turn:a.example.com u c\nturns:a.example.com:443 u c');
  });

  it('formats the empty list as empty text', () => {
    expect(formatIceServersText([])).toBe('');
  });
});

describe('checkIceUrl', () => {
  it.each(['stun:s.example.com', 'stun:s.example.com:3478', 'stuns:s.example.com:5349', 'turn:10.0.0.1?transport=udp',
    'TURN:t.example.com:3478?transport=tcp', 'stun:[2001:db8::1]:3478'])('accepts %s', (url) => {
    expect(checkIceUrl(url)).toBeNull();
  });

  it.each(['stun:', 'stun://s.example.com', 'stun:s.example.com?transport=udp', 'turn:t.example.com:99999',
    'turn:t.example.com:0', 'turn:t.example.com?transport=sctp', 'https://s.example.com', 'stun:bad_host'])('refuses %s', (url) => {
    expect(checkIceUrl(url)).not.toBeNull();
  });
});

describe('parseIceServersForm / formatIceServersForm (the popup: servers, and credentials apart)', () => {
  it('gives one credential to every TURN line, or one each in order', () => {
    const text = 'stun:s.example.com\nturn:a.example.com:3478 u1\nturns:b.example.com:443 u2';
    expect(parseIceServersForm(text, 'same')).toEqual({
      ok: true,
      servers: [
        { urls: 'stun:s.example.com' },
        { urls: 'turn:a.example.com:3478', username: 'u1', credential: 'same' },
        { urls: 'turns:b.example.com:443', username: 'u2', credential: 'same' },
      ],
    });
    expect(parseIceServersForm(text, ' c1  c2 ')).toMatchObject({ ok: true, servers: [{}, { credential: 'c1' }, { credential: 'c2' }] });
  });

  it('refuses a credential typed on a server line, where it would show in plain text', () => {
    expect(parseIceServersForm('turn:a.example.com u1 s3cret', '')).toEqual({
      ok: false,
      serverErrors: ['Line 1: put the credential in the TURN credential field (it is masked there)'],
    });
  });

  it('says which credential is missing or how many are wanted', () => {
    expect(parseIceServersForm('turn:a.example.com u1', '')).toEqual({
      ok: false,
      serverErrors: [],
      credentialError: 'Enter the credential for the TURN server on line 1',
    });
    expect(parseIceServersForm('turn:a.example.com u1\nturn:b.example.com u2\nturn:c.example.com u3', 'x y')).toMatchObject({
      ok: false,
      credentialError: 'Give one credential for all TURN lines, or one per TURN line (3); got 2',
    });
    expect(parseIceServersForm('stun:s.example.com', 'orphan')).toMatchObject({ ok: false, credentialError: expect.stringMatching(/No server line has a username/) });
    expect(parseIceServersForm('turn:a.example.com:3478', '')).toEqual({
      ok: false,
      serverErrors: ['Line 1: A TURN server needs a username and a credential'],
    });
  });

  it('formats back without the credentials in the text', () => {
    const servers = [
      { urls: 'stun:s.example.com' },
      { urls: ['turn:a.example.com', 'turns:a.example.com:443'], username: 'u', credential: 'k1' },
    ];
    expect(formatIceServersForm(servers)).toEqual({ text: 'stun:s.example.com\nturn:a.example.com u\nturns:a.example.com:443 u', credentials: 'k1' });
    const two = [...servers, { urls: 'turn:b.example.com', username: 'v', credential: 'k2' }];
    const form = formatIceServersForm(two);
    expect(form.credentials).toBe('k1 k1 k2');
    expect(parseIceServersForm(form.text, form.credentials)).toMatchObject({ ok: true, servers: [{}, { credential: 'k1' }, { credential: 'k1' }, { username: 'v', credential: 'k2' }] });
  });
});

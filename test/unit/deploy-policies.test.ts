/**
 * The example policy files in deploy/policies/ (what an admin starts from, and what the e2e tests
 * write): every value is one the extension takes, and the Chrome, Windows and Firefox examples say
 * the same thing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../lib/settings';

const read = (name: string) => readFileSync(new URL(`../../deploy/policies/${name}`, import.meta.url), 'utf8');

const chrome = (JSON.parse(read('chrome-linux.json')) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } })['3rdparty'].extensions[
  'EXTENSION_ID'
]!;
const firefox = (JSON.parse(read('firefox-policies.json')) as { policies: { '3rdparty': { Extensions: Record<string, Record<string, unknown>> } } })
  .policies['3rdparty'].Extensions['screenpop@teleforge.example']!;

/** The values under one registry key of a .reg file: strings, dwords, and a list subkey (values 1, 2, ...). */
function regValues(text: string, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      section = head[1]!;
      continue;
    }
    const value = /^"([^"]+)"=(?:"(.*)"|dword:([0-9a-f]{8}))$/.exec(line);
    if (!value) continue;
    const parsed = value[2] ?? parseInt(value[3]!, 16);
    if (section === key) out[value[1]!] = parsed;
    else if (section.startsWith(`${key}\\`)) ((out[section.slice(key.length + 1)] ??= []) as unknown[]).push(parsed);
  }
  return out;
}

describe('deploy/policies examples', () => {
  it('Chrome and Firefox examples parse with no policy error, and agree', () => {
    expect(parsePolicy(chrome).errors).toEqual([]);
    expect(parsePolicy(firefox).errors).toEqual([]);
    expect(firefox).toEqual(chrome);
    expect(parsePolicy(chrome).locked).toContain('pbxUrl');
  });

  it('the Windows .reg machine key says what the Linux JSON says (booleans as dwords); the user key has the per-agent values', () => {
    const reg = read('chrome-windows.reg');
    const machine = regValues(reg, 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\EXTENSION_ID\\policy');
    expect({ ...machine, lookupSubmit: machine['lookupSubmit'] === 1 }).toEqual(chrome);
    const user = regValues(reg, 'HKEY_CURRENT_USER\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\EXTENSION_ID\\policy');
    expect(parsePolicy(user)).toMatchObject({ values: { extension: '1001', bridgeToken: 'PER.AGENT.TOKEN' }, errors: [] });
  });

  it('the ADMX writes only keys the extension knows', () => {
    const admx = read('admx/teleforge-screenpop.admx');
    const names = [...admx.matchAll(/valueName="([^"]+)"/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    expect(parsePolicy(Object.fromEntries(names.map((n) => [n, n === 'popOn' ? 'ring' : '']))).errors).toEqual([]);
    expect(admx).toContain('policy\\lockedSettings');
  });
});

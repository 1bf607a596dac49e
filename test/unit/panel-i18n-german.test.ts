/**
 * The caller panel's texts follow the browser's language: with German messages (locales/de.yml,
 * through the build's converter) the hold, transfer and error texts read German, substitutions
 * filled, not the English the components once had written in.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { holdButtonText, HOLD_TEXT } from '@/components/panel/hold-text';
import { errorText } from '@/components/panel/panel-actions';
import { transferText } from '@/lib/content/transfer-text';
import { getMessage as english } from './setup-i18n';

let german: Record<string, { message: string }>;
beforeAll(async () => {
  german = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/de.yml')));
});
afterEach(() => void Object.assign(fakeBrowser.i18n, { getMessage: english }));

function inGerman() {
  Object.assign(fakeBrowser.i18n, {
    getMessage: (key: string, subs: string[] = []) => german[key]?.message.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '') ?? '',
  });
}

describe('caller panel in German', () => {
  it('hold, transfer and a blank error', () => {
    expect(holdButtonText('held')).toBe('Resume');
    inGerman();
    expect(holdButtonText('held')).toBe('Fortsetzen');
    expect(HOLD_TEXT.otherCalls).toBe('Weitere Anrufe');
    expect(transferText({ phase: 'failed', target: '2001', detail: '486 Busy Here' })).toBe(
      'Weiterleitung an 2001 fehlgeschlagen: 486 Busy Here. Der Anruf ist weiter verbunden.',
    );
    expect(transferText({ phase: 'accepted', target: '2001' })).toBe('An 2001 weitergeleitet');
    expect(errorText(new Error(''))).toBe('Etwas ist schiefgelaufen');
  });

  it('English still reads as before', () => {
    expect(transferText({ phase: 'trying', target: '2001', detail: '180 Ringing' })).toBe('Transferring to 2001… (180 Ringing)');
    expect(transferText({ phase: 'refused', target: '2001' })).toBe('Transfer to 2001 failed. Still talking to the target; the caller is on hold.');
    expect(transferText({ phase: 'resuming', target: '2001' })).toBe('Taking the caller off hold…');
    expect(errorText(new Error(''))).toBe('Something went wrong');
  });
});

/**
 * The four languages against English (the source of the message types): every English key is
 * translated, no language has keys English lacks, and each message takes the same substitutions
 * ($1…$9), so no translation drops a value or shows a literal "$2".
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

const load = async (lang: string) => generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, `../../locales/${lang}.yml`)));
const substitutions = (message: string) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();

describe.each(['de', 'fr', 'es'])('locale %s', (lang) => {
  it('has exactly the English keys, each with the same substitutions', async () => {
    const en = await load('en');
    const other = await load(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    const mismatched = Object.keys(en).filter((key) => substitutions(en[key]!.message).join() !== substitutions(other[key]!.message).join());
    expect(mismatched).toEqual([]);
  });

  it('fits the store: name and description within Chrome\'s limits (45 and 132 characters)', async () => {
    const other = await load(lang);
    expect(other['app_name']!.message.length).toBeLessThanOrEqual(45);
    expect(other['app_description']!.message.length).toBeLessThanOrEqual(132);
  });

  it('is translated: the settings labels differ from English (but for names and the store title)', async () => {
    const en = await load('en');
    const other = await load(lang);
    const labels = Object.keys(en).filter((key) => key.startsWith('field_') && key.endsWith('_label'));
    const same = labels.filter((key) => other[key]!.message === en[key]!.message);
    expect(same.length).toBeLessThanOrEqual(2);
  });
});

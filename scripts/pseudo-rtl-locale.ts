/**
 * Build side of the pseudo-RTL test locale (lib/i18n/pseudo-rtl.ts): `wxt build --mode pseudo-rtl`
 * writes .output/<browser>-mv<n>-pseudo-rtl with _locales/he made from the English messages.
 * Browsers accept only their own list of locale codes, so the pseudo-locale borrows Hebrew's;
 * a browser started with LANGUAGE=he (test/e2e/panel-rtl.test.ts) then uses it.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { PSEUDO_RTL_LOCALE, pseudoRtl } from '../lib/i18n/pseudo-rtl';

export const PSEUDO_RTL_MODE = 'pseudo-rtl';

export async function pseudoRtlLocaleAsset(root: string): Promise<{ relativeDest: string; contents: string }> {
  const messages = generateChromeMessages(await parseMessagesFile(resolve(root, 'locales/en.yml')));
  const mirrored = Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, { ...value, message: pseudoRtl(value.message) }]));
  return { relativeDest: `_locales/${PSEUDO_RTL_LOCALE}/messages.json`, contents: JSON.stringify(mirrored, null, 2) };
}

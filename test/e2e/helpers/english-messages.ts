/**
 * The extension's English messages (locales/en.yml, converted as the build does) behind a
 * `chrome.i18n` in this Node process, for tests that compute what the panel should show with the
 * panel's own text functions (lib/content/panel-text.ts reads the browser's i18n API).
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

export async function installEnglishMessages(): Promise<void> {
  const messages = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../../locales/en.yml')));
  const getMessage = (key: string, substitutions?: string | string[]): string => {
    const message = messages[key]?.message;
    if (message === undefined) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return message.replace(/\$(\$|\d)/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
  };
  (globalThis as { chrome?: unknown }).chrome = { i18n: { getMessage, getUILanguage: () => 'en' } };
}

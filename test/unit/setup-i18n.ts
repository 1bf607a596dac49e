/**
 * The browser's i18n API for unit tests: WXT's fake browser has none, so getMessage answers from
 * the real English messages (locales/en.yml, through the same converter the build uses), with
 * Chrome's $1-$9 substitutions. A missing key answers '' like the browser does.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const messages = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml')));

export function getMessage(key: string, substitutions?: string | string[]): string {
  const message = messages[key]?.message;
  if (message === undefined) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return message.replace(/\$(\$|\d)/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
}

Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => 'en' });

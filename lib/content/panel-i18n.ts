import type { GeneratedI18nStructure } from '#i18n';

/**
 * The caller panel's messages (locales/*.yml, `panel.*`, `outcome.*`), straight from the
 * browser's i18n API: the content script in every CRM tab stays small, so no wrapper and no
 * polyfill (lib/content/native-runtime.ts has the same reason). The keys are typed from en.yml.
 */
type Key = Extract<keyof GeneratedI18nStructure, `panel.${string}` | `outcome.${string}`>;

interface I18nLike {
  getMessage(name: string, substitutions?: string[]): string;
  getUILanguage?(): string;
}

function api(): I18nLike | undefined {
  const world = globalThis as { browser?: { i18n?: I18nLike }; chrome?: { i18n?: I18nLike } };
  return world.browser?.i18n ?? world.chrome?.i18n;
}

export function msg(key: Key, substitutions?: string[]): string {
  try {
    // An orphaned script (extension reloaded) may have lost the API: the key beats a crash.
    return api()?.getMessage(key.replaceAll('.', '_'), substitutions) || key;
  } catch {
    return key;
  }
}

/** The language the messages come in, for Intl and the panel's `lang`. */
export function panelLocale(): string {
  try {
    return api()?.getMessage('@@ui_locale')?.replace('_', '-') || api()?.getUILanguage?.() || 'en';
  } catch {
    return 'en';
  }
}

/** 'rtl' for an RTL UI language (the pseudo-RTL test locale too), else 'ltr'. */
export function panelDir(): 'ltr' | 'rtl' {
  try {
    return api()?.getMessage('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

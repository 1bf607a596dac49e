/** When neither the setting nor the browser's language names a country. */
export const FALLBACK_COUNTRY = 'US';

/**
 * The country assumed for numbers written without a country code ("(415) 555-2671"): the
 * setting when it is one (ISO 3166-1 alpha-2), else the region of the browser's language
 * ('de-AT' -> AT; a bare 'de' -> DE by likely subtags), else US. Free of libphonenumber-js on
 * purpose: the worker answers with it and must not carry the number metadata (it is woken for
 * every ringing call); whoever parses numbers checks it against the metadata (supportedCountry).
 */
export function resolveDefaultCountry(setting: string, locale: string | undefined): string {
  const wanted = setting.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(wanted)) return wanted;
  return regionOf(locale) ?? FALLBACK_COUNTRY;
}

function regionOf(locale: string | undefined): string | undefined {
  if (locale === undefined || locale === '') return undefined;
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region !== undefined && /^[A-Z]{2}$/.test(region) ? region : undefined;
  } catch {
    return undefined;
  }
}

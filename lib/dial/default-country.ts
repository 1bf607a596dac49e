import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/min';

/** When neither the setting nor the browser's language names a country we have metadata for. */
export const FALLBACK_COUNTRY: CountryCode = 'US';

/**
 * The country assumed for numbers written without a country code ("(415) 555-2671"): the
 * setting when it names one (ISO 3166-1 alpha-2), else the region of the browser's language
 * ('de-AT' -> AT; a bare 'de' -> DE by likely subtags), else US.
 */
export function resolveDefaultCountry(setting: string, locale: string | undefined): CountryCode {
  const wanted = setting.trim().toUpperCase();
  if (wanted !== '' && isSupportedCountry(wanted)) return wanted;
  const region = regionOf(locale);
  return region !== undefined && isSupportedCountry(region) ? region : FALLBACK_COUNTRY;
}

function regionOf(locale: string | undefined): string | undefined {
  if (locale === undefined || locale === '') return undefined;
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

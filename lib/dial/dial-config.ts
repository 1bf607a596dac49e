import type { ClickToDialConfig } from '../messages';
import type { Settings } from '../settings/schema';
import { resolveDefaultCountry } from './default-country';
import { parseOriginList } from './site-list';

export type DialSettings = Pick<Settings, 'clickToDial' | 'dialCountry' | 'clickToDialOffOrigins'>;

/**
 * What the click-to-dial script on `origin` is told (its whole config: no other setting reaches
 * the page). Off when the agent turned it off, or turned it off for this site.
 */
export function clickToDialConfigFor(settings: DialSettings, origin: string | null, locale: string | undefined): ClickToDialConfig {
  const off = parseOriginList(settings.clickToDialOffOrigins).origins;
  return {
    enabled: settings.clickToDial && origin !== null && !off.includes(origin),
    defaultCountry: resolveDefaultCountry(settings.dialCountry, locale),
  };
}

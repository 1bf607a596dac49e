import { z } from 'zod';
import { settingsSchema, type Settings } from '@/lib/settings/schema';

/**
 * The settings the screen pop reads, and nothing more: they go from the worker (which has
 * storage) to the page that hosts the phone and the screen pop (Chrome's offscreen document has
 * no storage API). No secret among them.
 */
export const screenPopSettingsSchema = settingsSchema.pick({
  recordUrlTemplate: true,
  searchUrlTemplate: true,
  lookupSelector: true,
  lookupSubmit: true,
  popOn: true,
  popTarget: true,
});
export type ScreenPopSettings = z.infer<typeof screenPopSettingsSchema>;

export function screenPopSettingsOf(s: Settings): ScreenPopSettings {
  const { recordUrlTemplate, searchUrlTemplate, lookupSelector, lookupSubmit, popOn, popTarget } = s;
  return { recordUrlTemplate, searchUrlTemplate, lookupSelector, lookupSubmit, popOn, popTarget };
}

/**
 * The CRM presets and the two things done with them: fill the settings from what the admin typed
 * (applyPreset), and tell which preset the current settings came from (recognisePreset).
 */
import { checkUrlTemplate } from '../url-template';
import { dynamics } from './dynamics';
import { freshdesk } from './freshdesk';
import { generic } from './generic';
import { hubspot } from './hubspot';
import { pipedrive } from './pipedrive';
import { fillSlots, type CrmPreset, type PresetId, type PresetTemplates } from './preset';
import { salesforce } from './salesforce';
import { zendesk } from './zendesk';
import { zoho } from './zoho';

export type { CrmPreset, DocRef, PresetField, PresetId, PresetTemplates } from './preset';

/** In the chooser's order; `generic` first: it is what an unknown CRM is. */
export const PRESETS: readonly CrmPreset[] = [generic, salesforce, hubspot, zoho, dynamics, pipedrive, zendesk, freshdesk];

export function presetById(id: string): CrmPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The value each field starts with in the chooser. */
export function initialValues(preset: CrmPreset): Record<string, string> {
  return Object.fromEntries(preset.fields.map((f) => [f.key, f.initial ?? '']));
}

export type PresetResult =
  | { ok: true; templates: PresetTemplates; values: Record<string, string> }
  /** Messages by field key; `_preset` for the preset as a whole. */
  | { ok: false; errors: Record<string, string> };

/**
 * The settings a preset gives for what the admin typed. Every field is normalised and checked by
 * its vendor rule, and the filled templates must then pass the ordinary template rules
 * (checkUrlTemplate: https, fixed origin): a preset is no way around them.
 */
export function applyPreset(preset: CrmPreset, typed: Readonly<Record<string, string>>): PresetResult {
  if (preset.fields.length === 0) return { ok: false, errors: { _preset: 'This preset fills nothing: type the templates below' } };
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of preset.fields) {
    const raw = Object.hasOwn(typed, field.key) ? (typed[field.key] ?? '') : '';
    const value = field.normalise ? field.normalise(raw) : raw.trim();
    const problem = field.check(value);
    if (problem !== null) errors[field.key] = problem;
    values[field.key] = value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const templates: PresetTemplates = {
    recordUrlTemplate: fillSlots(preset.recordTemplate, values),
    searchUrlTemplate: fillSlots(preset.searchTemplate, values),
    lookupSelector: preset.lookupSelector,
  };
  for (const template of [templates.recordUrlTemplate, templates.searchUrlTemplate]) {
    const problem = checkUrlTemplate(template);
    // Unreachable with the vendor rules above; kept so a preset edit cannot ship an unsafe template.
    if (problem !== null) return { ok: false, errors: { _preset: `The preset makes an invalid template: ${problem}` } };
  }
  return { ok: true, templates, values };
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/**
 * The preset (and the typed values) that gives this record template, or null (a hand-written
 * one): how the chooser shows what is set when it opens. A value is accepted only when the
 * vendor rule accepts it as it stands.
 */
export function recognisePreset(recordUrlTemplate: string): { preset: CrmPreset; values: Record<string, string> } | null {
  if (recordUrlTemplate === '') return null;
  for (const preset of PRESETS) {
    if (preset.recordTemplate === '') continue;
    const keys: string[] = [];
    const source = preset.recordTemplate.replace(REGEX_SPECIALS, '\\$&').replace(/\\\[([a-z]+)\\\]/g, (_, key: string) => {
      keys.push(key);
      return '([^/?#&]+)';
    });
    const match = new RegExp(`^${source}$`).exec(recordUrlTemplate);
    if (!match) continue;
    const values = Object.fromEntries(keys.map((key, i) => [key, match[i + 1] ?? '']));
    const applied = applyPreset(preset, values);
    if (applied.ok && applied.templates.recordUrlTemplate === recordUrlTemplate) return { preset, values };
  }
  return null;
}

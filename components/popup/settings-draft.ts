import {
  formatIceServersText,
  parseIceServersText,
  type Settings,
  type SettingsError,
} from '@/lib/settings';

/**
 * What the form edits: every field as the agent typed it. ICE servers are one text area (one server a line),
 * so they are parsed here and their line errors reported against the 'iceServers' field.
 */
export type Draft = Omit<Settings, 'iceServers'> & { iceServersText: string };
export type DraftField = keyof Draft;
export type FieldErrors = Partial<Record<DraftField | '_root', string>>;

export function draftFromSettings(settings: Settings): Draft {
  const { iceServers, ...rest } = settings;
  return { ...rest, iceServersText: formatIceServersText(iceServers) };
}

/** The object handed to saveSettings/validateSettings, plus the errors found while parsing the ICE text. */
export function inputFromDraft(draft: Draft): { input: Record<string, unknown>; errors: FieldErrors } {
  const { iceServersText, ...rest } = draft;
  const parsed = parseIceServersText(iceServersText);
  const errors: FieldErrors = {};
  if (!parsed.ok) errors.iceServersText = parsed.errors.join('; ');
  return { input: { ...rest, iceServers: parsed.ok ? parsed.servers : [] }, errors };
}

/** Settings errors keyed by the form field that shows them (first message per field). */
export function fieldErrors(errors: readonly SettingsError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const { field, message } of errors) {
    const key: DraftField | '_root' = field === 'iceServers' ? 'iceServersText' : field;
    out[key] ??= message;
  }
  return out;
}

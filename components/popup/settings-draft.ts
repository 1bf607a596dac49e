import {
  formatIceServersForm,
  parseIceServersForm,
  type Settings,
  type SettingsError,
} from '@/lib/settings';

/**
 * What the form edits: every field as the agent typed it. ICE servers are one text area (one server a line)
 * plus the TURN credentials in a masked input of their own, so they are parsed here and their errors
 * reported against those two fields.
 */
export type Draft = Omit<Settings, 'iceServers'> & { iceServersText: string; turnCredentials: string };
export type DraftField = keyof Draft;
export type FieldErrors = Partial<Record<DraftField | '_root', string>>;

export function draftFromSettings(settings: Settings): Draft {
  const { iceServers, ...rest } = settings;
  const { text, credentials } = formatIceServersForm(iceServers);
  return { ...rest, iceServersText: text, turnCredentials: credentials };
}

/** The object handed to saveSettings/validateSettings, plus the errors found while parsing the ICE text. */
export function inputFromDraft(draft: Draft): { input: Record<string, unknown>; errors: FieldErrors } {
  const { iceServersText, turnCredentials, ...rest } = draft;
  const parsed = parseIceServersForm(iceServersText, turnCredentials);
  const errors: FieldErrors = {};
  if (!parsed.ok) {
    if (parsed.serverErrors.length > 0) errors.iceServersText = parsed.serverErrors.join('; ');
    if (parsed.credentialError !== undefined) errors.turnCredentials = parsed.credentialError;
  }
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

import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { loadManagedSettings, missingCredentials, saveSettings, validateSettings, type PolicyError, type Settings, type SettingsField } from '@/lib/settings';
import { crmAccessMessage, missingCrmAccess, requestCrmAccess, type CrmAccess, type PermissionsApi } from '@/lib/screen-pop/crm-permissions';
import { draftFromSettings, fieldErrors, inputFromDraft, type Draft, type DraftField, type FieldErrors } from '@/components/popup/settings-draft';

export type SaveState = { kind: 'idle' } | { kind: 'saved' } | { kind: 'invalid' } | { kind: 'failed'; message: string };

/** What every group component reads and edits: one draft for the whole form, checked as a whole. */
export interface SettingsFormApi {
  draft: Draft;
  errors: FieldErrors;
  save: SaveState;
  accessError: string | null;
  policyErrors: PolicyError[];
  isLocked(field: DraftField): boolean;
  update<K extends DraftField>(field: K, value: Draft[K]): void;
  /** Several fields at once (a CRM preset fills three). */
  updateFields(fields: Partial<Draft>): void;
  /** The permissions API the form asks CRM origins from (a preset asks inside its click). */
  permissions: PermissionsApi;
  submit(e: Event): void;
  /**
   * The draft as settings, for a group's Test button: null (and every message shown) while a
   * field is invalid. Nothing is saved.
   */
  checkedDraft(): Settings | null;
}

export const SettingsFormContext = createContext<SettingsFormApi | null>(null);

export function useSettingsFormContext(): SettingsFormApi {
  const api = useContext(SettingsFormContext);
  if (!api) throw new Error('a settings group outside <SettingsForm>');
  return api;
}

/**
 * The form's state and rules, shared by the popup and the options page: the draft, inline
 * messages once a field was edited, policy locks, and Save (which also asks for the CRM origins).
 * `onLoaded` runs in the same update as the first draft (the popup decides there whether to show it).
 */
export function useSettingsForm(permissions: PermissionsApi, onSaved?: (s: Settings) => void, onLoaded?: (s: Settings) => void): SettingsFormApi | null {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [touched, setTouched] = useState<Set<DraftField>>(new Set());
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  /** Why screen-pop cannot reach the CRM yet (the phone works regardless), or null. */
  const [accessError, setAccessError] = useState<string | null>(null);
  /** Fields the organisation's policy locks, and what was wrong with its values. */
  const [locked, setLocked] = useState<ReadonlySet<SettingsField>>(new Set());
  const [policyErrors, setPolicyErrors] = useState<PolicyError[]>([]);

  useEffect(() => {
    void loadManagedSettings().then(({ settings, errors: loadErrors, policy }) => {
      setDraft(draftFromSettings(settings));
      setErrors(fieldErrors(loadErrors));
      setLocked(new Set(policy.locked));
      setPolicyErrors(policy.errors);
      onLoaded?.(settings);
      // Refused (or revoked) earlier: say so now, Save asks again.
      void missingCrmAccess(permissions, settings).then((missing) => {
        if (missing.length > 0) setAccessError(crmAccessMessage(missing));
      });
    });
  }, []);
  if (!draft) return null;

  // The ICE text and TURN credential inputs edit one setting.
  const isLocked = (field: DraftField) => locked.has(field === 'iceServersText' || field === 'turnCredentials' ? 'iceServers' : (field as SettingsField));

  const check = (next: Draft, nextTouched: Set<DraftField>) => {
    const { input, errors: parseErrors } = inputFromDraft(next);
    const all = { ...fieldErrors(validateSettings(input).errors), ...parseErrors };
    // Inline messages appear once a field was edited, so an untouched empty form is not all red.
    setErrors(Object.fromEntries(Object.entries(all).filter(([k]) => nextTouched.has(k as DraftField))));
  };
  const update = <K extends DraftField>(field: K, value: Draft[K]) => updateFields({ [field]: value } as Partial<Draft>);
  const updateFields = (fields: Partial<Draft>) => {
    const next = { ...draft, ...fields };
    const nextTouched = new Set(touched);
    for (const field of Object.keys(fields)) nextTouched.add(field as DraftField);
    setDraft(next);
    setTouched(nextTouched);
    setSave({ kind: 'idle' });
    check(next, nextTouched);
  };

  const askCrmAccess = async (access: Promise<CrmAccess>) => {
    const result = await access;
    // A failed request that left nothing missing (granted before) is no news for the agent.
    setAccessError(result.granted || result.missing.length === 0 ? null : crmAccessMessage(result.missing));
  };

  const saveInput = async (input: Record<string, unknown>) => {
    try {
      const result = await saveSettings(input);
      if (result.ok) {
        setErrors({});
        setSave({ kind: 'saved' });
        onSaved?.(result.settings);
      } else {
        setErrors(fieldErrors(result.errors));
        setSave({ kind: 'invalid' });
      }
    } catch (err) {
      setSave({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const { input, errors: parseErrors } = inputFromDraft(draft);
    if (Object.keys(parseErrors).length) {
      // Every field's message, not only the ICE text's: the agent fixes them all in one go.
      setErrors({ ...fieldErrors(validateSettings(input).errors), ...parseErrors });
      setSave({ kind: 'invalid' });
      return;
    }
    // The CRM permission prompt needs the user gesture, which ends at the first `await`: ask here,
    // synchronously, when the settings will save. Firefox may close the popup while its prompt
    // shows, so saving runs alongside the request, never after it.
    const checked = validateSettings(input);
    const willSave = checked.errors.length === 0 && missingCredentials(checked.settings).length === 0;
    if (willSave) void askCrmAccess(requestCrmAccess(permissions, checked.settings));
    void saveInput(input);
  };

  const checkedDraft = (): Settings | null => {
    const { input, errors: parseErrors } = inputFromDraft(draft);
    const checked = validateSettings(input);
    if (checked.errors.length === 0 && Object.keys(parseErrors).length === 0) return checked.settings;
    setErrors({ ...fieldErrors(checked.errors), ...parseErrors });
    return null;
  };

  return { draft, errors, save, accessError, policyErrors, isLocked, update, updateFields, permissions, submit, checkedDraft };
}

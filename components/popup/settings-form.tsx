import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadManagedSettings, missingCredentials, saveSettings, validateSettings, type PolicyError, type Settings, type SettingsField } from '@/lib/settings';
import { CONNECT_TIMEOUT_DEFAULT_SEC } from '@/lib/settings/schema';
import type { HistorySettingsField } from '@/lib/settings/history-fields';
import { crmAccessMessage, missingCrmAccess, requestCrmAccess, type CrmAccess, type PermissionsApi } from '@/lib/screen-pop/crm-permissions';
import { WrapUpSettings } from '@/components/settings/wrap-up-settings';
import { Field, LockedNote } from './field';
import { PasswordInput } from './password-input';
import { draftFromSettings, fieldErrors, inputFromDraft, type Draft, type DraftField, type FieldErrors } from './settings-draft';

type SaveState = { kind: 'idle' } | { kind: 'saved' } | { kind: 'invalid' } | { kind: 'failed'; message: string };

interface SecretRow {
  field: 'password' | 'turnCredentials' | 'bridgeToken';
  label: string;
  /** What the Show / Hide toggle names. */
  what: string;
  hint?: string;
  autocomplete?: string;
}

interface TextRow {
  field: Exclude<DraftField, 'password' | 'bridgeToken' | 'answerInBrowser' | 'lookupSubmit' | 'iceRelayOnly' | 'popOn' | 'popTarget' | 'iceServersText' | 'turnCredentials' | 'connectTimeoutSec' | HistorySettingsField>;
  label: string;
  placeholder?: string;
  hint?: string;
  inputMode?: 'url';
}

const CONNECTION: TextRow[] = [
  { field: 'pbxUrl', label: 'PBX WebSocket URL', placeholder: 'wss://pbx.example.com:8089/ws', inputMode: 'url' },
  { field: 'sipDomain', label: 'SIP domain', hint: 'Leave empty to use the host of the PBX URL.' },
  { field: 'extension', label: 'Extension', placeholder: '1001' },
];
const CRM: TextRow[] = [
  {
    field: 'recordUrlTemplate',
    label: 'CRM record URL template',
    placeholder: 'https://crm.example.com/contacts/{contact_ref}',
    hint: 'https:// (http:// only for localhost). Placeholders: {contact_ref} {number} {dial_number} {call_ref} {campaign_ref} {ext}',
  },
  {
    field: 'searchUrlTemplate',
    label: 'CRM search URL template',
    placeholder: 'https://crm.example.com/search?q={number}',
    hint: 'Used when the caller entered no contact reference.',
  },
  { field: 'lookupSelector', label: 'Contact lookup field (CSS selector)', placeholder: '#contact-search' },
];

type Options<V extends string> = ReadonlyArray<readonly [V, string]>;
const POP_ON: Options<Settings['popOn']> = [
  ['ring', 'When the call rings'],
  ['answer', 'When I answer'],
  ['off', 'Never'],
];
/** Seconds; a choice rather than free text: the useful values are few. */
const CONNECT_TIMEOUTS = [1, 2, 3, 5, 10, 20, 30] as const;
const POP_TARGET: Options<Settings['popTarget']> = [
  ['reuse-tab', 'Reuse the CRM tab'],
  ['new-tab', 'Open a new tab'],
];

interface SettingsFormProps {
  onSaved?: (settings: Settings) => void;
  /** browser.permissions; tests pass a fake. */
  permissions?: PermissionsApi;
}

/**
 * The settings form: every input has a visible label and its own inline validation message.
 * Saving also asks for access to the CRM origins (optional host permissions), see onSubmit.
 */
export function SettingsForm({ onSaved, permissions = browser.permissions }: SettingsFormProps) {
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
      // Refused (or revoked) earlier: say so now, Save asks again.
      void missingCrmAccess(permissions, settings).then((missing) => {
        if (missing.length > 0) setAccessError(crmAccessMessage(missing));
      });
    });
  }, []);
  if (!draft) return <p class="loading">Loading settings…</p>;
  // The ICE text and TURN credential inputs edit one setting.
  const isLocked = (field: DraftField) => locked.has(field === 'iceServersText' || field === 'turnCredentials' ? 'iceServers' : (field as SettingsField));

  const check = (next: Draft, nextTouched: Set<DraftField>) => {
    const { input, errors: parseErrors } = inputFromDraft(next);
    const all = { ...fieldErrors(validateSettings(input).errors), ...parseErrors };
    // Inline messages appear once a field was edited, so an untouched empty form is not all red.
    setErrors(Object.fromEntries(Object.entries(all).filter(([k]) => nextTouched.has(k as DraftField))));
  };
  const update = <K extends DraftField>(field: K, value: Draft[K]) => {
    const next = { ...draft, [field]: value };
    const nextTouched = new Set(touched).add(field);
    setDraft(next);
    setTouched(nextTouched);
    setSave({ kind: 'idle' });
    check(next, nextTouched);
  };

  const onSubmit = (e: Event) => {
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

  const text = (row: TextRow) => (
    <Field key={row.field} id={row.field} label={row.label} error={errors[row.field]} hint={row.hint} locked={isLocked(row.field)}>
      {(describedBy, invalid) => (
        <input
          id={row.field}
          name={row.field}
          type="text"
          inputMode={row.inputMode}
          readOnly={isLocked(row.field)}
          value={draft[row.field]}
          placeholder={row.placeholder}
          spellcheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => update(row.field, e.currentTarget.value)}
        />
      )}
    </Field>
  );

  /**
   * A secret (SECRET_FIELDS): masked, with Show / Hide, read-only when the policy locks it (the
   * password never comes from policy).
   */
  const secret = ({ field, label, what, hint, autocomplete = 'off' }: SecretRow) => (
    <Field id={field} label={label} error={errors[field]} locked={isLocked(field)} {...(hint !== undefined && { hint })}>
      {(describedBy, invalid) => (
        <PasswordInput
          id={field}
          value={draft[field]}
          describedBy={describedBy}
          invalid={invalid}
          what={what}
          readOnly={isLocked(field)}
          autocomplete={autocomplete}
          onInput={(v) => update(field, v)}
        />
      )}
    </Field>
  );

  const choice = <K extends 'popOn' | 'popTarget'>(field: K, label: string, options: Options<Draft[K]>) => (
    <Field id={field} label={label} error={errors[field]} locked={isLocked(field)}>
      {(describedBy) => (
        <select
          id={field}
          name={field}
          disabled={isLocked(field)}
          value={draft[field]}
          aria-describedby={describedBy}
          onChange={(e) => update(field, e.currentTarget.value as Draft[K])}
        >
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form class="settings" onSubmit={onSubmit} noValidate>
      {policyErrors.length > 0 && (
        <section class="policy-problems" role="alert" aria-labelledby="policy-problems-title">
          <p id="policy-problems-title">Your organisation's policy has values this extension cannot use (those settings fall back):</p>
          <ul>
            {policyErrors.map((e, i) => (
              <li key={i} data-policy-key={e.key}>
                {e.key === '_root' ? e.message : `${e.key}: ${e.message}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <fieldset>
        <legend>Phone</legend>
        <div class="field field--check">
          <input
            id="answerInBrowser"
            name="answerInBrowser"
            type="checkbox"
            checked={draft.answerInBrowser}
            disabled={isLocked('answerInBrowser')}
            aria-describedby="answerInBrowser-hint"
            onChange={(e) => update('answerInBrowser', e.currentTarget.checked)}
          />
          <label for="answerInBrowser">Answer calls in the browser</label>
          {isLocked('answerInBrowser') && <LockedNote id="answerInBrowser" />}
          <p id="answerInBrowser-hint" class="field__hint">
            Off: no registration with the PBX; calls come to your desk phone and the bridge shows them.
          </p>
        </div>
        {CONNECTION.map(text)}
        {secret({ field: 'password', label: 'Password', what: 'password', autocomplete: 'current-password' })}
        {text({ field: 'displayName', label: 'Display name', placeholder: 'Alex (Support)' })}
        <Field
          id="iceServersText"
          label="ICE servers"
          error={errors.iceServersText}
          locked={isLocked('iceServersText')}
          hint="One a line: stun:host:3478 or turn:host:3478 username (the credential goes below). Empty for none."
        >
          {(describedBy, invalid) => (
            <textarea
              id="iceServersText"
              name="iceServersText"
              rows={2}
              readOnly={isLocked('iceServersText')}
              spellcheck={false}
              value={draft.iceServersText}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => update('iceServersText', e.currentTarget.value)}
            />
          )}
        </Field>
        {secret({
          field: 'turnCredentials',
          label: 'TURN credential',
          what: 'TURN credential',
          hint: 'For the TURN lines above: one for all, or one per line in order, separated by spaces.',
        })}
        <div class="field field--check">
          <input
            id="iceRelayOnly"
            name="iceRelayOnly"
            type="checkbox"
            checked={draft.iceRelayOnly}
            disabled={isLocked('iceRelayOnly')}
            aria-describedby="iceRelayOnly-hint"
            onChange={(e) => update('iceRelayOnly', e.currentTarget.checked)}
          />
          <label for="iceRelayOnly">Relay only: hide my local network addresses</label>
          {isLocked('iceRelayOnly') && <LockedNote id="iceRelayOnly" />}
          <p class="field__hint" id="iceRelayOnly-hint">
            Calls then need a TURN server above.
          </p>
        </div>
        <Field
          id="connectTimeoutSec"
          label="Connection timeout"
          error={errors.connectTimeoutSec}
          locked={isLocked('connectTimeoutSec')}
          hint="How long one try to reach the PBX may take. Raise it on a slow link."
        >
          {(describedBy) => (
            <select
              id="connectTimeoutSec"
              name="connectTimeoutSec"
              disabled={isLocked('connectTimeoutSec')}
              value={String(draft.connectTimeoutSec)}
              aria-describedby={describedBy}
              onChange={(e) => update('connectTimeoutSec', Number(e.currentTarget.value))}
            >
              {/* A value outside the list (set by an older version or by hand) still shows. */}
              {[...new Set([...CONNECT_TIMEOUTS, draft.connectTimeoutSec])].sort((a, b) => a - b).map((sec) => (
                <option key={sec} value={String(sec)}>
                  {sec === CONNECT_TIMEOUT_DEFAULT_SEC ? `${sec} s (default)` : `${sec} s`}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Bridge</legend>
        {text({
          field: 'bridgeUrl',
          label: 'Bridge URL',
          placeholder: 'wss://bridge.example.com/agent',
          hint: 'The Redis bridge of your Teleforge PBX. Leave empty if you answer every call in the browser.',
          inputMode: 'url',
        })}
        {secret({ field: 'bridgeToken', label: 'Bridge token', what: 'token' })}
      </fieldset>
      <fieldset>
        <legend>CRM</legend>
        {CRM.map(text)}
        <div class="field field--check">
          <input
            id="lookupSubmit"
            name="lookupSubmit"
            type="checkbox"
            checked={draft.lookupSubmit}
            disabled={isLocked('lookupSubmit')}
            onChange={(e) => update('lookupSubmit', e.currentTarget.checked)}
          />
          <label for="lookupSubmit">Submit lookup after filling</label>
          {isLocked('lookupSubmit') && <LockedNote id="lookupSubmit" />}
        </div>
        {choice('popOn', 'When to pop', POP_ON)}
        {choice('popTarget', 'Where to pop', POP_TARGET)}
      </fieldset>
      <WrapUpSettings draft={draft} errors={errors} update={update} isLocked={isLocked} permissions={permissions} />
      {accessError && (
        <p class="field__error" data-field="crm-access" role="alert">
          {accessError}
        </p>
      )}
      {errors._root && (
        <p class="field__error" role="alert">
          {errors._root}
        </p>
      )}
      <div class="actions">
        <button type="submit">Save</button>
        <span class="save-state" aria-live="polite">
          {save.kind === 'saved' && 'Saved'}
          {save.kind === 'invalid' && 'Not saved: fix the highlighted fields'}
          {save.kind === 'failed' && `Not saved: ${save.message}`}
        </span>
      </div>
    </form>
  );
}

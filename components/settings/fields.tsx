import { Field, LockedNote } from '@/components/popup/field';
import { PasswordInput } from '@/components/popup/password-input';
import type { Draft, DraftField } from '@/components/popup/settings-draft';
import { useSettingsFormContext } from './use-settings-form';

/**
 * The form's four kinds of row, each bound to one draft field through the form context. Every
 * control has a visible <label> (the e2e tests and an agent's screen reader find it by that), an
 * id equal to its setting name, and its inline message tied with aria-describedby.
 */
type StringField = { [K in DraftField]: Draft[K] extends string ? K : never }[DraftField];
type BooleanField = { [K in DraftField]: Draft[K] extends boolean ? K : never }[DraftField];

interface TextFieldProps {
  field: StringField;
  label: string;
  placeholder?: string;
  hint?: string;
  inputMode?: 'url';
}

export function TextField({ field, label, placeholder, hint, inputMode }: TextFieldProps) {
  const form = useSettingsFormContext();
  const locked = form.isLocked(field);
  return (
    <Field id={field} label={label} error={form.errors[field]} hint={hint} locked={locked}>
      {(describedBy, invalid) => (
        <input
          id={field}
          name={field}
          type="text"
          inputMode={inputMode}
          readOnly={locked}
          value={form.draft[field]}
          placeholder={placeholder}
          spellcheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => form.update(field, e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function TextAreaField({ field, label, hint }: { field: StringField; label: string; hint?: string }) {
  const form = useSettingsFormContext();
  const locked = form.isLocked(field);
  return (
    <Field id={field} label={label} error={form.errors[field]} hint={hint} locked={locked}>
      {(describedBy, invalid) => (
        <textarea
          id={field}
          name={field}
          rows={2}
          readOnly={locked}
          spellcheck={false}
          value={form.draft[field]}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => form.update(field, e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/**
 * A secret (SECRET_FIELDS): masked, with Show / Hide, read-only when the policy locks it (the
 * password never comes from policy).
 */
export function SecretField({ field, label, what, hint, autocomplete = 'off' }: { field: 'password' | 'turnCredentials' | 'bridgeToken'; label: string; what: string; hint?: string; autocomplete?: string }) {
  const form = useSettingsFormContext();
  const locked = form.isLocked(field);
  return (
    <Field id={field} label={label} error={form.errors[field]} locked={locked} {...(hint !== undefined && { hint })}>
      {(describedBy, invalid) => (
        <PasswordInput
          id={field}
          value={form.draft[field]}
          describedBy={describedBy}
          invalid={invalid}
          what={what}
          readOnly={locked}
          autocomplete={autocomplete}
          onInput={(v) => form.update(field, v)}
        />
      )}
    </Field>
  );
}

export function CheckField({ field, label, hint }: { field: BooleanField; label: string; hint?: string }) {
  const form = useSettingsFormContext();
  const locked = form.isLocked(field);
  return (
    <div class="field field--check">
      <input
        id={field}
        name={field}
        type="checkbox"
        checked={form.draft[field]}
        disabled={locked}
        aria-describedby={hint ? `${field}-hint` : undefined}
        onChange={(e) => form.update(field, e.currentTarget.checked)}
      />
      <label for={field}>{label}</label>
      {locked && <LockedNote id={field} />}
      {hint && (
        <p id={`${field}-hint`} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A choice among a few values; `options` are [value, visible text]. Number values are kept as numbers. */
export function ChoiceField<K extends 'popOn' | 'popTarget' | 'connectTimeoutSec'>({
  field,
  label,
  hint,
  options,
}: {
  field: K;
  label: string;
  hint?: string;
  options: ReadonlyArray<readonly [Draft[K], string]>;
}) {
  const form = useSettingsFormContext();
  const locked = form.isLocked(field);
  return (
    <Field id={field} label={label} error={form.errors[field]} hint={hint} locked={locked}>
      {(describedBy) => (
        <select
          id={field}
          name={field}
          disabled={locked}
          value={String(form.draft[field])}
          aria-describedby={describedBy}
          onChange={(e) => {
            const picked = options.find(([value]) => String(value) === e.currentTarget.value);
            if (picked) form.update(field, picked[0]);
          }}
        >
          {options.map(([value, text]) => (
            <option key={String(value)} value={String(value)}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

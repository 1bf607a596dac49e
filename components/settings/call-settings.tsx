import type { Settings } from '@/lib/settings/schema';
import { t } from '@/lib/i18n';
import { Field } from '../popup/field';

/** The strings of this component (locales/*.yml), read when rendered. */
const TEXT = {
  get legend() { return t('settings.group.calls'); },
  get callWaiting() { return t('field.callWaiting.label'); },
  get callWaitingRing() { return t('field.callWaiting.ring'); },
  get callWaitingBusy() { return t('field.callWaiting.busy'); },
  get dtmfMode() { return t('field.dtmfMode.label'); },
  get dtmfRfc4733() { return t('field.dtmfMode.rfc4733'); },
  get dtmfInfo() { return t('field.dtmfMode.info'); },
  get dtmfHint() { return t('field.dtmfMode.hint'); },
};

type CallFields = Pick<Settings, 'callWaiting' | 'dtmfMode'>;

export interface CallSettingsProps {
  value: CallFields;
  errors: Partial<Record<keyof CallFields, string>>;
  isLocked: (field: keyof CallFields) => boolean;
  onChange: <K extends keyof CallFields>(field: K, value: CallFields[K]) => void;
}

/** Call waiting and DTMF mode: two choices, read by the phone per call (no new registration). */
export function CallSettings({ value, errors, isLocked, onChange }: CallSettingsProps) {
  const choice = <K extends keyof CallFields>(field: K, label: string, options: [CallFields[K], string][], hint?: string) => (
    <Field id={field} label={label} error={errors[field]} locked={isLocked(field)} {...(hint !== undefined && { hint })}>
      {(describedBy) => (
        <select
          id={field}
          name={field}
          disabled={isLocked(field)}
          value={value[field]}
          aria-describedby={describedBy}
          onChange={(e) => onChange(field, e.currentTarget.value as CallFields[K])}
        >
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <fieldset>
      <legend>{TEXT.legend}</legend>
      {choice('callWaiting', TEXT.callWaiting, [
        ['ring', TEXT.callWaitingRing],
        ['busy', TEXT.callWaitingBusy],
      ])}
      {choice('dtmfMode', TEXT.dtmfMode, [
        ['rfc4733', TEXT.dtmfRfc4733],
        ['info', TEXT.dtmfInfo],
      ], TEXT.dtmfHint)}
    </fieldset>
  );
}

import type { Settings } from '@/lib/settings/schema';
import { Field } from '../popup/field';

/** The strings of this component, in one place for the locale files. */
const TEXT = {
  legend: 'Calls',
  callWaiting: 'A second call during a call',
  callWaitingRing: 'Ring softly (call waiting)',
  callWaitingBusy: 'Busy (486 Busy Here)',
  dtmfMode: 'Keypad tones (DTMF)',
  dtmfRfc4733: 'In the audio (RFC 4733)',
  dtmfInfo: 'As SIP INFO',
  dtmfHint: 'Ask your PBX administrator if the IVR does not react to the keypad.',
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

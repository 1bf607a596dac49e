import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Draft, FieldErrors } from '@/components/popup/settings-draft';
import { Field } from '@/components/popup/field';
import { PasswordInput } from '@/components/popup/password-input';
import { t } from '@/lib/i18n';
import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';
import { hasWebhookAccess, requestWebhookAccess, webhookPattern } from '@/lib/wrap-up/webhook-access';
import type { HistorySettingsField } from '@/lib/settings/history-fields';

const TEXT = {
  get legend() { return t('settings.group.historyWrapUp'); },
  get historyDays() { return t('field.historyDays.label'); },
  get historyMaxCalls() { return t('field.historyMaxCalls.label'); },
  get historyHint() { return t('field.historyDays.hint'); },
  get dispositions() { return t('field.dispositions.label'); },
  get dispositionsHint() { return t('field.dispositions.hint'); },
  get webhookUrl() { return t('field.wrapUpWebhookUrl.label'); },
  get webhookHint() { return t('field.wrapUpWebhookUrl.hint'); },
  get webhookToken() { return t('field.wrapUpWebhookToken.label'); },
  get webhookTokenHint() { return t('field.wrapUpWebhookToken.hint'); },
  get timer() { return t('field.wrapUpTimerSec.label'); },
  get never() { return t('field.wrapUpTimerSec.never'); },
  get allow() { return t('field.wrapUpWebhookUrl.allow'); },
  noAccess: (origin: string) => t('field.wrapUpWebhookUrl.noAccess', [origin]),
};

const TIMERS = [0, 15, 30, 60, 120, 300] as const;

interface WrapUpSettingsProps {
  draft: Draft;
  errors: FieldErrors;
  update: <K extends HistorySettingsField>(field: K, value: Draft[K]) => void;
  isLocked: (field: HistorySettingsField) => boolean;
  /** browser.permissions; tests pass a fake. */
  permissions?: PermissionsApi;
}

/**
 * The history and wrap-up inputs, inside the settings form (its Save saves them). Saving also
 * asks for the webhook's origin when it is not granted: the form's submit event is the agent's
 * click, the one moment the browser shows the prompt; an Allow button asks again later.
 */
export function WrapUpSettings({ draft, errors, update, isLocked, permissions = browser.permissions }: WrapUpSettingsProps) {
  const ref = useRef<HTMLFieldSetElement>(null);
  const [granted, setGranted] = useState(true);
  const url = draft.wrapUpWebhookUrl;
  const pattern = errors.wrapUpWebhookUrl === undefined ? webhookPattern(url.trim()) : null;

  useEffect(() => {
    let current = true;
    void hasWebhookAccess(permissions, url.trim()).then((ok) => current && setGranted(ok));
    return () => {
      current = false;
    };
  }, [url]);

  const ask = () => void requestWebhookAccess(permissions, url.trim()).then(setGranted);
  // The enclosing form's submit (Save): ask while the click is still on the stack.
  useEffect(() => {
    const form = ref.current?.closest('form');
    if (!form || pattern === null || granted) return;
    form.addEventListener('submit', ask);
    return () => form.removeEventListener('submit', ask);
  }, [pattern, granted]);

  const number = (field: 'historyDays' | 'historyMaxCalls', label: string, hint?: string) => (
    <Field id={field} label={label} error={errors[field]} locked={isLocked(field)} {...(hint !== undefined && { hint })}>
      {(describedBy, invalid) => (
        <input
          id={field}
          name={field}
          type="number"
          inputMode="numeric"
          readOnly={isLocked(field)}
          value={String(draft[field])}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => update(field, e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value))}
        />
      )}
    </Field>
  );

  return (
    <fieldset ref={ref} data-part="wrap-up-settings">
      <legend>{TEXT.legend}</legend>
      {number('historyDays', TEXT.historyDays, TEXT.historyHint)}
      {number('historyMaxCalls', TEXT.historyMaxCalls)}
      <Field id="dispositions" label={TEXT.dispositions} error={errors.dispositions} locked={isLocked('dispositions')} hint={TEXT.dispositionsHint}>
        {(describedBy, invalid) => (
          <textarea
            id="dispositions"
            name="dispositions"
            rows={3}
            readOnly={isLocked('dispositions')}
            value={draft.dispositions.join('\n')}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            // Kept line for line while typing (an empty line is dropped when saved).
            onInput={(e) => update('dispositions', e.currentTarget.value.split('\n'))}
          />
        )}
      </Field>
      <Field id="wrapUpWebhookUrl" label={TEXT.webhookUrl} error={errors.wrapUpWebhookUrl} locked={isLocked('wrapUpWebhookUrl')} hint={TEXT.webhookHint}>
        {(describedBy, invalid) => (
          <input
            id="wrapUpWebhookUrl"
            name="wrapUpWebhookUrl"
            type="text"
            inputMode="url"
            spellcheck={false}
            readOnly={isLocked('wrapUpWebhookUrl')}
            value={url}
            placeholder="https://crm.example.com/api/wrap-up?call={call_ref}"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => update('wrapUpWebhookUrl', e.currentTarget.value)}
          />
        )}
      </Field>
      {pattern !== null && !granted && (
        <p class="field__error" data-field="webhook-access" role="alert">
          {TEXT.noAccess(pattern.replace(/\/\*$/, ''))}{' '}
          <button type="button" class="small" onClick={ask}>
            {TEXT.allow}
          </button>
        </p>
      )}
      <Field id="wrapUpWebhookToken" label={TEXT.webhookToken} error={errors.wrapUpWebhookToken} locked={isLocked('wrapUpWebhookToken')} hint={TEXT.webhookTokenHint}>
        {(describedBy, invalid) => (
          <PasswordInput
            id="wrapUpWebhookToken"
            value={draft.wrapUpWebhookToken}
            describedBy={describedBy}
            invalid={invalid}
            what={t('settings.secret.webhookToken')}
            autocomplete="off"
            readOnly={isLocked('wrapUpWebhookToken')}
            onInput={(v) => update('wrapUpWebhookToken', v)}
          />
        )}
      </Field>
      <Field id="wrapUpTimerSec" label={TEXT.timer} error={errors.wrapUpTimerSec} locked={isLocked('wrapUpTimerSec')}>
        {(describedBy) => (
          <select
            id="wrapUpTimerSec"
            name="wrapUpTimerSec"
            disabled={isLocked('wrapUpTimerSec')}
            value={String(draft.wrapUpTimerSec)}
            aria-describedby={describedBy}
            onChange={(e) => update('wrapUpTimerSec', Number(e.currentTarget.value))}
          >
            {[...new Set([...TIMERS, draft.wrapUpTimerSec])].sort((a, b) => a - b).map((sec) => (
              <option key={sec} value={String(sec)}>
                {sec === 0 ? TEXT.never : t('settings.seconds', [String(sec)])}
              </option>
            ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}

import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Field } from '@/components/popup/field';
import { t } from '@/lib/i18n';
import { applyPreset, initialValues, presetById, PRESETS, recognisePreset, type PresetField, type PresetTemplates } from '@/lib/crm/presets';
import { crmAccessMessage, requestCrmAccess, type PermissionsApi } from '@/lib/screen-pop/crm-permissions';

/** The strings of this component (locales/*.yml), read when rendered. */
export const TEXT = {
  get label() { return t('field.crmPreset.label'); },
  get hint() { return t('field.crmPreset.hint'); },
  get apply() { return t('field.crmPreset.apply'); },
  get docs() { return t('field.crmPreset.docs'); },
  applied: (origin: string) => t('field.crmPreset.applied', [origin]),
};

interface CrmPresetProps {
  /** The form's current CRM fields (the chooser recognises a preset's record template). */
  templates: PresetTemplates;
  /** The templates are set by the organisation's policy. */
  locked: boolean;
  onApply: (templates: PresetTemplates) => void;
  /** browser.permissions; tests pass a fake. */
  permissions?: PermissionsApi;
}

/**
 * The CRM preset chooser: a vendor and its host (or portal / org id), which fill the record
 * template, the search template and the lookup selector of the form (lib/crm/presets/). Applying
 * also asks for the CRM's origin, in the click (the browser's prompt needs the user gesture); the
 * form's Save asks again if it is still missing, as for hand-written templates.
 */
export function CrmPreset({ templates, locked, onApply, permissions = browser.permissions }: CrmPresetProps) {
  const [recognised] = useState(() => recognisePreset(templates.recordUrlTemplate));
  const [presetId, setPresetId] = useState<string>(recognised?.preset.id ?? 'generic');
  const preset = presetById(presetId) ?? PRESETS[0]!;
  const [values, setValues] = useState<Record<string, string>>(() => recognised?.values ?? initialValues(preset));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>('');

  const choose = (id: string) => {
    const next = presetById(id);
    if (!next) return;
    setPresetId(id);
    setValues(initialValues(next));
    setErrors({});
    setStatus('');
  };

  const apply = () => {
    const result = applyPreset(preset, values);
    if (!result.ok) {
      setErrors(result.errors);
      setStatus('');
      return;
    }
    setErrors({});
    onApply(result.templates);
    const origin = new URL(result.templates.recordUrlTemplate || result.templates.searchUrlTemplate).origin;
    setStatus(TEXT.applied(origin));
    // Synchronously in the click: the permission prompt needs the gesture.
    void requestCrmAccess(permissions, result.templates).then((access) => {
      if (!access.granted && access.missing.length > 0) setStatus(crmAccessMessage(access.missing));
    });
  };

  const input = (field: PresetField) => {
    const id = `crmPreset-${field.key}`;
    return (
      <Field key={`${preset.id}-${field.key}`} id={id} label={field.label} error={errors[field.key]} {...(field.hint !== undefined && { hint: field.hint })}>
        {(describedBy, invalid) =>
          field.options ? (
            <select id={id} value={values[field.key] ?? ''} disabled={locked} aria-describedby={describedBy} onChange={(e) => setValues({ ...values, [field.key]: e.currentTarget.value })}>
              {field.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={id}
              type="text"
              value={values[field.key] ?? ''}
              placeholder={field.placeholder}
              readOnly={locked}
              spellcheck={false}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setValues({ ...values, [field.key]: e.currentTarget.value })}
            />
          )
        }
      </Field>
    );
  };

  return (
    <div class="crm-preset">
      <Field id="crmPreset" label={TEXT.label} hint={TEXT.hint} locked={locked}>
        {(describedBy) => (
          <select id="crmPreset" value={preset.id} disabled={locked} aria-describedby={describedBy} onChange={(e) => choose(e.currentTarget.value)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {preset.fields.map(input)}
      <p class="field__hint" data-field="crm-preset-note">
        {preset.note}
      </p>
      {preset.docs.length > 0 && (
        <p class="field__hint">
          {TEXT.docs}{' '}
          {preset.docs.map((d, i) => (
            <a key={d.url} href={d.url} target="_blank" rel="noreferrer" title={d.says}>
              [{i + 1}]
            </a>
          ))}
        </p>
      )}
      {errors._preset && (
        <p class="field__error" role="alert">
          {errors._preset}
        </p>
      )}
      {preset.fields.length > 0 && (
        <button type="button" disabled={locked} onClick={apply}>
          {TEXT.apply}
        </button>
      )}
      <p class="crm-preset__status" aria-live="polite" data-field="crm-preset-status">
        {status}
      </p>
    </div>
  );
}

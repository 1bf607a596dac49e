import { Field, LockedNote } from '@/components/popup/field';
import type { Draft, DraftField, FieldErrors } from '@/components/popup/settings-draft';
import { t } from '@/lib/i18n';

/** The strings of this group (locales/*.yml), read when rendered. */
const TEXT = {
  get legend() { return t('settings.group.clickToDial'); },
  get enable() { return t('field.clickToDial.label'); },
  get enableHint() { return t('field.clickToDial.hint'); },
  get country() { return t('field.dialCountry.label'); },
  get countryHint() { return t('field.dialCountry.hint'); },
  get off() { return t('field.clickToDialOffOrigins.label'); },
  get offHint() { return t('field.clickToDialOffOrigins.hint'); },
};

export interface ClickToDialSettingsProps {
  draft: Draft;
  errors: FieldErrors;
  update: <K extends DraftField>(field: K, value: Draft[K]) => void;
  isLocked: (field: DraftField) => boolean;
}

/** The click-to-dial group of the settings form (lib/dial, entrypoints/click-to-dial.content). */
export function ClickToDialSettings({ draft, errors, update, isLocked }: ClickToDialSettingsProps) {
  return (
    <fieldset>
      <legend>{TEXT.legend}</legend>
      <div class="field field--check">
        <input
          id="clickToDial"
          name="clickToDial"
          type="checkbox"
          checked={draft.clickToDial}
          disabled={isLocked('clickToDial')}
          aria-describedby="clickToDial-hint"
          onChange={(e) => update('clickToDial', e.currentTarget.checked)}
        />
        <label for="clickToDial">{TEXT.enable}</label>
        {isLocked('clickToDial') && <LockedNote id="clickToDial" />}
        <p class="field__hint" id="clickToDial-hint">
          {TEXT.enableHint}
        </p>
      </div>
      <Field id="dialCountry" label={TEXT.country} error={errors.dialCountry} hint={TEXT.countryHint} locked={isLocked('dialCountry')}>
        {(describedBy, invalid) => (
          <input
            id="dialCountry"
            name="dialCountry"
            type="text"
            size={4}
            maxLength={2}
            autocomplete="country"
            readOnly={isLocked('dialCountry')}
            value={draft.dialCountry}
            placeholder="US"
            spellcheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => update('dialCountry', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field id="clickToDialOffOrigins" label={TEXT.off} error={errors.clickToDialOffOrigins} hint={TEXT.offHint} locked={isLocked('clickToDialOffOrigins')}>
        {(describedBy, invalid) => (
          <textarea
            id="clickToDialOffOrigins"
            name="clickToDialOffOrigins"
            rows={2}
            readOnly={isLocked('clickToDialOffOrigins')}
            value={draft.clickToDialOffOrigins}
            spellcheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => update('clickToDialOffOrigins', e.currentTarget.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}

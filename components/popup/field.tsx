import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  /** Set by the organisation's policy: the control is read-only and says so. */
  locked?: boolean;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}

/**
 * A labelled form row with its inline validation message. The message is tied to the control with
 * aria-describedby so screen readers read it with the field, and it is plain text (never HTML).
 */
export function Field({ id, label, error, hint, locked = false, children }: FieldProps) {
  const describedBy = [locked ? `${id}-locked` : '', error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}${locked ? ' field--locked' : ''}`}>
      <label for={id}>{label}</label>
      {children(describedBy, Boolean(error))}
      {locked && <LockedNote id={id} />}
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Beside a control the policy locks (lib/settings/managed-policy.ts). */
export function LockedNote({ id }: { id: string }) {
  return (
    <p class="field__locked" id={`${id}-locked`}>
      {t('settings.locked')}
    </p>
  );
}

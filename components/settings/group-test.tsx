import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

export interface TestOutcome {
  ok: boolean;
  text: string;
}

/**
 * A group's 'Test' button on the options page and its result, announced politely. The test runs
 * on the draft as typed (nothing is saved); `run` returns the sentence to show.
 */
export function GroupTest({ id, label, run }: { id: string; label: string; run: () => Promise<TestOutcome | null> }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const click = () => {
    setBusy(true);
    setOutcome(null);
    run()
      .then(setOutcome, (e: unknown) => setOutcome({ ok: false, text: e instanceof Error ? e.message : String(e) }))
      .finally(() => setBusy(false));
  };
  return (
    <div class="group-test" data-test={id}>
      <button type="button" class="group-test__button" disabled={busy} aria-describedby={`${id}-test-result`} onClick={click}>
        {label}
      </button>
      <p id={`${id}-test-result`} class={`group-test__result${outcome ? (outcome.ok ? ' group-test__result--ok' : ' group-test__result--failed') : ''}`} role="status" data-field={`${id}-test-result`}>
        {busy ? t('test.running') : (outcome?.text ?? '')}
      </p>
    </div>
  );
}

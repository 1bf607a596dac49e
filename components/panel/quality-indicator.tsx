import type { CallQuality } from '@/lib/phone/call-quality';

/** English strings in one place, for the locale files (i18n). */
const TEXT = {
  level: { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection' },
  figures: (q: Pick<CallQuality, 'lossPct' | 'jitterMs' | 'rttMs'>) =>
    `Loss ${q.lossPct}% · jitter ${q.jitterMs} ms${q.rttMs === undefined ? '' : ` · RTT ${q.rttMs} ms`}`,
};

export type QualityView = Pick<CallQuality, 'level' | 'lossPct' | 'jitterMs' | 'rttMs' | 'warning'>;

/**
 * The active call's connection quality (lib/phone/call-quality.ts): a dot and a word, the figures
 * as the title, and the plain warning when it is fair or poor. Used by the caller panel and the popup.
 */
export function QualityIndicator({ quality }: { quality: QualityView | undefined }) {
  if (!quality) return null;
  return (
    <div class={`quality quality--${quality.level}`} data-field="quality" data-level={quality.level}>
      <span class="quality__level" title={TEXT.figures(quality)}>
        <span class="quality__dot" aria-hidden="true">●</span> {TEXT.level[quality.level]}
      </span>
      <span class="quality__figures">{TEXT.figures(quality)}</span>
      {quality.warning && (
        <p class="quality__warning" role="status">
          {quality.warning}
        </p>
      )}
    </div>
  );
}

import { msg } from '@/lib/content/panel-i18n';
import type { CallQuality } from '@/lib/phone/call-quality';

// The figures go in as the phone rounded them (String, not Intl: the panel carries no formatter).
const TEXT = {
  level: (level: CallQuality['level']) => msg(`panel.quality.${level}`),
  figures: (q: Pick<CallQuality, 'lossPct' | 'jitterMs' | 'rttMs'>) =>
    q.rttMs === undefined
      ? msg('panel.quality.figures', [String(q.lossPct), String(q.jitterMs)])
      : msg('panel.quality.figuresRtt', [String(q.lossPct), String(q.jitterMs), String(q.rttMs)]),
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
        <span class="quality__dot" aria-hidden="true">●</span> {TEXT.level(quality.level)}
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

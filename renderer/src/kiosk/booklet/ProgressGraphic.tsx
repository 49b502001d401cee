import { useTranslation } from 'react-i18next';
import type { BookletView } from '../../../../main/contract';
import { useFormat } from '../../i18n/format';
import { tileStateOf, type TileState } from './field-words';

/** The four kinds of segment the graphic tells apart (each with its own fill, not colour alone). */
type Segment = 'fulfilled' | 'awaiting_review' | 'open' | 'not_possible';

function segmentOf(state: TileState): Segment {
  if (state === 'fulfilled' || state === 'awaiting_review' || state === 'not_possible') return state;
  return 'open';
}

/** An arc of the ring from angle a to b (degrees, 0 at the top, clockwise). */
function arc(a: number, b: number, outer = 96, inner = 66): string {
  const point = (r: number, deg: number) => {
    const rad = ((deg - 90) * Math.PI) / 180;
    return `${(100 + r * Math.cos(rad)).toFixed(2)} ${(100 + r * Math.sin(rad)).toFixed(2)}`;
  };
  const large = b - a > 180 ? 1 : 0;
  return `M ${point(outer, a)} A ${outer} ${outer} 0 ${large} 1 ${point(outer, b)} L ${point(inner, b)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, a)} Z`;
}

/**
 * The booklet as a ring, one segment per field (as the insurer's app shows progress): filled,
 * in review (hatched), open (outlined) and not possible (crossed out); in its middle the euros
 * earned, beside it the counts and what is still possible. Before participation is declared,
 * the fields a declaration opens count as open and the sum says what it would make possible.
 */
export function ProgressGraphic({ booklet }: { booklet: BookletView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const segments = booklet.fields.map((f) => segmentOf(tileStateOf(f, booklet).state));
  const count = (s: Segment) => segments.filter((x) => x === s).length;
  const n = Math.max(1, segments.length);
  const step = 360 / n;
  const preview = booklet.ifDeclared;
  const label = t('kiosk.progress.label', {
    fulfilled: count('fulfilled'),
    total: segments.length,
    awaiting: count('awaiting_review'),
    open: count('open'),
    closed: count('not_possible'),
    earned: format.euros(booklet.amount.earnedCents),
  });
  return (
    <section className="progress-graphic" aria-labelledby="progress-title" data-testid="progress">
      <h2 id="progress-title" className="visually-hidden">
        {t('kiosk.progress.title')}
      </h2>
      <div className="progress-ring">
        <svg viewBox="0 0 200 200" role="img" aria-label={label}>
          <defs>
            <pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="8" height="8" className="hatch-bg" />
              <rect width="4" height="8" className="hatch-line" />
            </pattern>
          </defs>
          {segments.map((s, i) => (
            <path key={booklet.fields[i]!.measure} d={arc(i * step + 2, (i + 1) * step - 2)} className={`seg seg--${s}`} />
          ))}
        </svg>
        <div className="progress-centre" aria-hidden="true">
          <span className="progress-earned" data-testid="earned">{format.euros(booklet.amount.earnedCents)}</span>
        </div>
      </div>
      <div className="progress-facts">
        <p className="progress-of" aria-hidden="true">
          {t('kiosk.progress.earnedOf', { maximum: format.euros(booklet.amount.maximumCents) })}
        </p>
        <ul className="progress-legend" aria-hidden="true">
          {(['fulfilled', 'awaiting_review', 'open', 'not_possible'] as const)
            .filter((s) => count(s) > 0)
            .map((s) => (
              <li key={s}>
                <span className={`swatch swatch--${s}`} />
                {t(`kiosk.progress.legend.${s}`, { count: count(s) })}
              </li>
            ))}
        </ul>
        <p className="progress-possible" data-testid="still-possible">
          {preview ? t('kiosk.progress.ifDeclared', { amount: format.euros(preview.stillEarnableCents) }) : t('kiosk.progress.stillPossible', { amount: format.euros(booklet.amount.stillEarnableCents) })}
        </p>
      </div>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { ClerkPageDetail } from '../../../main/contract';

/**
 * The straightened page with a frame over every field, coloured by what counts for it:
 * stamped (green, solid), empty (grey, thin), unsure (orange, dashed). The frame's number
 * and line style carry the same meaning for anyone who does not see the colours.
 */
export function PageImage({ page, current }: { page: ClerkPageDetail; current: number | null }) {
  const { t, i18n } = useTranslation();
  if (!page.image || !page.imageSize) return <p className="hint">{t('clerk.verify.noImage')}</p>;
  const { width, height } = page.imageSize;
  const lang = i18n.language === 'en' ? 'en' : 'de';
  return (
    <svg className="page-image" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('clerk.verify.imageLabel', { seq: page.seq })} data-testid="page-image">
      <image href={page.image} x={0} y={0} width={width} height={height} />
      {page.fields.map((f) => (
        <g key={f.measure} className={`field-overlay field-overlay--${f.effective}${f.measure === current ? ' field-overlay--current' : ''}`} data-testid={`overlay-${f.measure}`} data-decision={f.effective}>
          <title>{t('clerk.verify.overlayTitle', { measure: f.measure, title: f.title[lang], decision: t(`clerk.verify.decision.${f.effective}`) })}</title>
          <rect x={f.area.x * width} y={f.area.y * height} width={f.area.width * width} height={f.area.height * height} />
          <text x={f.area.x * width + 6} y={f.area.y * height + 22}>
            {f.measure}
          </text>
        </g>
      ))}
    </svg>
  );
}

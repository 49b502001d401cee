import { useRef, type PointerEvent, type WheelEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkPageDetail } from '../../../main/contract';

/** How the page is looked at: magnification and the point of the page in the middle (shares 0-1). */
export interface PageZoom {
  scale: number;
  cx: number;
  cy: number;
}
export const fitZoom: PageZoom = { scale: 1, cx: 0.5, cy: 0.5 };
const maxScale = 6;

/** The zoom after a step in or out (kept to 1-6×), or after panning by a share of the visible part. */
export function zoomBy(z: PageZoom, factor: number): PageZoom {
  const scale = Math.min(maxScale, Math.max(1, z.scale * factor));
  return clampZoom({ ...z, scale });
}
export function panBy(z: PageZoom, dx: number, dy: number): PageZoom {
  return clampZoom({ ...z, cx: z.cx + dx / z.scale, cy: z.cy + dy / z.scale });
}
function clampZoom(z: PageZoom): PageZoom {
  const half = 0.5 / z.scale;
  return { scale: z.scale, cx: Math.min(1 - half, Math.max(half, z.cx)), cy: Math.min(1 - half, Math.max(half, z.cy)) };
}

/**
 * The straightened page as large as its place allows, with a frame over every field, coloured
 * by what counts for it: stamped (green, solid), empty (grey, thin), unsure (orange, dashed);
 * the frame's number and line style carry the same meaning for anyone who does not see the
 * colours. Zoom with the wheel (or +, −, 0), pan by dragging (or Shift+arrows).
 */
export function PageImage({ page, current, zoom, onZoom }: { page: ClerkPageDetail; current: number | null; zoom: PageZoom; onZoom: (z: PageZoom) => void }) {
  const { t, i18n } = useTranslation();
  const drag = useRef<{ x: number; y: number; z: PageZoom } | null>(null);
  if (!page.image || !page.imageSize) return <p className="hint">{t('clerk.verify.noImage')}</p>;
  const { width, height } = page.imageSize;
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const w = width / zoom.scale;
  const h = height / zoom.scale;
  const viewBox = `${zoom.cx * width - w / 2} ${zoom.cy * height - h / 2} ${w} ${h}`;
  const onWheel = (e: WheelEvent<SVGSVGElement>) => onZoom(zoomBy(zoom, e.deltaY < 0 ? 1.25 : 0.8));
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (zoom.scale === 1) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, z: zoom };
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const from = drag.current;
    if (!from) return;
    const box = e.currentTarget.getBoundingClientRect();
    onZoom(panBy(from.z, -(e.clientX - from.x) / box.width, -(e.clientY - from.y) / box.height));
  };
  return (
    <svg
      className={`page-image${zoom.scale > 1 ? ' page-image--zoomed' : ''}`}
      viewBox={viewBox}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={t('clerk.verify.imageLabel', { seq: page.seq })}
      data-testid="page-image"
      data-zoom={zoom.scale.toFixed(2)}
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    >
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

/** The current field's part of the page, enlarged beside it: the stamp as the clerk needs to see it. */
export function FieldCrop({ page, measure }: { page: ClerkPageDetail; measure: number | null }) {
  const { t } = useTranslation();
  const field = page.fields.find((f) => f.measure === measure);
  if (!page.image || !page.imageSize || !field) return null;
  const { width, height } = page.imageSize;
  // A margin around the field, so a stamp that runs over its frame is seen whole.
  const mx = field.area.width * width * 0.12;
  const my = field.area.height * height * 0.25;
  const viewBox = `${field.area.x * width - mx} ${field.area.y * height - my} ${field.area.width * width + 2 * mx} ${field.area.height * height + 2 * my}`;
  return (
    <svg className={`field-crop field-crop--${field.effective}`} viewBox={viewBox} preserveAspectRatio="xMidYMid meet" role="img" aria-label={t('clerk.verify.cropLabel', { measure: field.measure })} data-testid="field-crop">
      <image href={page.image} x={0} y={0} width={width} height={height} />
      <rect className="field-crop-frame" x={field.area.x * width} y={field.area.y * height} width={field.area.width * width} height={field.area.height * height} />
    </svg>
  );
}

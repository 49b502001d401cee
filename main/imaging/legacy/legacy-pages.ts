import { renderBookletPage } from '../booklet/booklet-raster';
import type { PageCanvas } from '../booklet/page-canvas';
import { bookletTemplate, type BookletTemplate, type RectMm } from '../booklet/template';

/**
 * Test pages for legacy booklets: our own booklet page with the corner marks and the QR code
 * painted over with paper, which is what a booklet printed before the app looks like to the
 * pipeline (boxes, titles and date lines, nothing to register on). Used by the tests and the
 * end-to-end spec; the fields' stamp boxes are the known truth for the regions.
 */
export function legacyPage(program: 'adult' | 'child', page: number, paper: [number, number, number] = [250, 250, 248]): { canvas: PageCanvas; template: BookletTemplate } {
  const template = bookletTemplate(program);
  const canvas = renderBookletPage({ template, bookletId: 'LEGACY0000', year: 2026, page, dpi: 300, paper });
  const half = template.fiducial.size / 2 + 0.5;
  for (const c of template.fiducial.centers) canvas.cover(c.x - half, c.y - half, 2 * half, 2 * half, paper);
  const qr: RectMm = template.qr;
  canvas.cover(qr.x - 0.5, qr.y - 0.5, qr.width + 1, qr.height + 1, paper);
  return { canvas, template };
}

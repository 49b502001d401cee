import { PageCanvas, type Rgb } from '../../main/imaging/booklet/page-canvas';
import type { RectMm } from '../../main/imaging/booklet/template';
import { seededRandom } from '../support/seeded-random';
import type { Random } from '../booklet-corpus/marks';

/**
 * Booklets the insurer printed before the app, as our own generator draws them: an A5 page
 * with the insurer's logo block, a title and a line of small print, a table of fields (title
 * words, a stamp box, a date line with its label) and footer text — no corner marks, no QR
 * code. A form is drawn from a seed; `titlesSeed` changes only the words in the fields (page 2
 * of the same booklet: the same boxes and lines, other measures), which is the hardest other
 * layout to refuse.
 */
export interface LegacyForm {
  seed: number;
  /** Words of the field titles; by default those of the form's own seed. */
  titlesSeed?: number;
  fields?: number;
  /** Stamp box on the right of each row (true) or below the title (false). */
  boxRight?: boolean;
}

export interface LegacyFormPage {
  canvas: PageCanvas;
  /** Stamp boxes, in page mm, one per field, measure numbers from `firstMeasure`. */
  boxes: { measure: number; box: RectMm }[];
}

const ink: Rgb = [35, 35, 40];

/** Letter shapes: a few strokes each in a 1 × 1.4 cell, the same for every form (a typeface). */
const glyphs: [number, number, number, number][][] = (() => {
  const random = seededRandom(4242);
  return Array.from({ length: 36 }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => [random(), random() * 1.4, random(), random() * 1.4] as [number, number, number, number]));
})();

/** A line of pseudo-text: words of letter shapes, `size` mm high. Returns where it ended. */
export function drawText(canvas: PageCanvas, x: number, y: number, maxWidth: number, size: number, random: Random, color: Rgb = ink): number {
  const letter = size * 0.62;
  const stroke = Math.max(0.18, size * 0.09);
  let at = x;
  while (at < x + maxWidth - letter * 3) {
    const word = 2 + Math.floor(random() * 7);
    if (at + word * letter > x + maxWidth) break;
    for (let k = 0; k < word; k++) {
      for (const [x0, y0, x1, y1] of glyphs[Math.floor(random() * glyphs.length)]!) {
        canvas.strokeLine(at + x0 * letter * 0.8, y + (y0 * size) / 1.4, at + x1 * letter * 0.8, y + (y1 * size) / 1.4, stroke, color);
      }
      at += letter;
    }
    at += letter * 0.9;
    if (random() < 0.15) break;
  }
  return at;
}

export function legacyFormPage(form: LegacyForm, options: { dpi?: number; firstMeasure?: number; paper?: Rgb } = {}): LegacyFormPage {
  const random = seededRandom(form.seed);
  const titles = seededRandom(form.titlesSeed ?? form.seed * 7 + 1);
  const paper = options.paper ?? [248, 247, 242];
  const canvas = new PageCanvas(148, 210, options.dpi ?? 200, paper);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const margin = between(10, 14);
  const right = 148 - margin;

  // Header: the insurer's logo block and name, the program's title, a line of small print.
  const logo = between(14, 20);
  canvas.fillRect(margin, 10, logo, logo * 0.7, [40, 80, 140]);
  canvas.fillRect(margin + logo * 0.25, 10 + logo * 0.15, logo * 0.5, logo * 0.4, paper);
  drawText(canvas, margin + logo + 4, 11, right - margin - logo - 4, 5, random);
  drawText(canvas, margin + logo + 4, 19, right - margin - logo - 30, 3, random);
  canvas.fillRect(margin, 30, right - margin, 0.6, ink);
  drawText(canvas, margin, 33, right - margin, 2.4, random);
  drawText(canvas, margin, 37, (right - margin) * 0.7, 2.4, random);

  const count = form.fields ?? 4;
  const top = 45;
  const rowHeight = (180 - top) / count;
  const boxes: LegacyFormPage['boxes'] = [];
  for (let i = 0; i < count; i++) {
    const y = top + i * rowHeight;
    canvas.strokeRect(margin, y, right - margin, rowHeight - 3, 0.35, ink);
    drawText(canvas, margin + 3, y + 3, form.boxRight === false ? right - margin - 6 : 52, 3, titles);
    drawText(canvas, margin + 3, y + 8, form.boxRight === false ? right - margin - 6 : 50, 2.2, titles);
    const box: RectMm =
      form.boxRight === false
        ? { x: margin + 3, y: y + 13, width: 70, height: rowHeight - 19 }
        : { x: right - 70, y: y + 3, width: 67, height: rowHeight - 9 };
    canvas.strokeRect(box.x, box.y, box.width, box.height, 0.3, ink);
    // The date line with its label under the title.
    const dateX = form.boxRight === false ? margin + 78 : margin + 3;
    drawText(canvas, dateX, y + rowHeight - 10, 14, 2.2, random);
    canvas.fillRect(dateX + 16, y + rowHeight - 7.5, 30, 0.25, ink);
    boxes.push({ measure: (options.firstMeasure ?? 1) + i, box });
  }
  // Footer: small print and the form's number.
  drawText(canvas, margin, 185, right - margin, 2.2, random);
  drawText(canvas, margin, 189, right - margin, 2.2, random);
  drawText(canvas, margin, 198, 30, 2, random);
  return { canvas, boxes };
}

/** The stamp boxes as the clerk draws them on an unturned scan with `border` px of lid around the page: shares of the scan. */
export function drawnRegions(page: LegacyFormPage, border: number): { measure: number; rect: { x: number; y: number; width: number; height: number } }[] {
  const k = page.canvas.pxPerMm;
  const w = page.canvas.width + 2 * border;
  const h = page.canvas.height + 2 * border;
  return page.boxes.map(({ measure, box }) => ({ measure, rect: { x: (box.x * k + border) / w, y: (box.y * k + border) / h, width: (box.width * k) / w, height: (box.height * k) / h } }));
}

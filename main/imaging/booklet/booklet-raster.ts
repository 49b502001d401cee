import type { Program } from '../../domain/index';
import { PageCanvas, type Rgb } from './page-canvas';
import { encodePageId } from './qr-payload';
import { qrModules } from './qr-matrix';
import { pageOf, type BookletTemplate, type RectMm } from './template';

/**
 * The same page as the PDF, drawn as pixels (300 dpi by default) for the test corpus and
 * the benchmark. Text is drawn as word-shaped grey blocks rather than glyphs: no font
 * files are needed, the result is identical on every machine, and text never lies inside a
 * stamp box, where recognition looks.
 */
export interface RasterPageRequest {
  template: BookletTemplate;
  bookletId: string;
  year: number;
  page: number;
  dpi?: number;
  paper?: Rgb;
}

const black: Rgb = [0, 0, 0];
const gray: Rgb = [115, 115, 115];

export function renderBookletPage(request: RasterPageRequest): PageCanvas {
  const { template } = request;
  const layout = pageOf(template, request.page);
  if (!layout) throw new Error(`The ${template.program} booklet has no page ${request.page}.`);
  const canvas = new PageCanvas(template.pageSize.width, template.pageSize.height, request.dpi ?? 300, request.paper);

  const half = template.fiducial.size / 2;
  const bar = (template.fiducial.size - template.fiducial.hole) / 2;
  for (const c of template.fiducial.centers) {
    for (const r of fiducialBars(c.x - half, c.y - half, template.fiducial.size, bar)) canvas.fillRect(r.x, r.y, r.width, r.height, black);
  }

  drawQr(canvas, template.qr, encodePageId({ bookletId: request.bookletId, year: request.year, program: template.program, page: request.page }));

  const h = template.header;
  drawWords(canvas, h.x, h.y + 1, 34, 4.2, black, programSeed(template.program));
  drawWords(canvas, h.x, h.y + 8.5, 60, 2.6, black, 3);
  drawWords(canvas, h.x, h.y + 13.8, 44, 2, gray, 4);

  for (const field of layout.fields) {
    drawWords(canvas, field.title.x, field.title.y + 1.5, 50 + (field.measure % 5) * 10, 2.8, black, field.measure);
    const b = field.stampBox;
    canvas.strokeRect(b.x, b.y, b.width, b.height, template.lineWidth, black);
    drawWords(canvas, b.x, b.y + b.height + 1, 48, 1.8, gray, 5);
    const d = field.dateLine;
    canvas.fillRect(d.x, d.y - template.lineWidth / 2, d.width, template.lineWidth, black);
    drawWords(canvas, d.x, d.y + 1, 8, 1.8, gray, 6);
  }
  return canvas;
}

/** The four bars of a corner mark (a square ring) at (x, y) with outer size and bar width. */
export function fiducialBars(x: number, y: number, size: number, bar: number): RectMm[] {
  return [
    { x, y, width: size, height: bar },
    { x, y: y + size - bar, width: size, height: bar },
    { x, y: y + bar, width: bar, height: size - 2 * bar },
    { x: x + size - bar, y: y + bar, width: bar, height: size - 2 * bar },
  ];
}

export function drawQr(canvas: PageCanvas, area: RectMm, text: string): void {
  const modules = qrModules(text);
  const quiet = 4;
  const cell = area.width / (modules.length + 2 * quiet);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) canvas.fillRect(area.x + (c + quiet) * cell, area.y + (r + quiet) * cell, cell, cell, black);
    }),
  );
}

/** A line of word-shaped blocks standing in for printed text. */
function drawWords(canvas: PageCanvas, xMm: number, yMm: number, widthMm: number, heightMm: number, color: Rgb, seed: number): void {
  let x = xMm;
  let n = seed * 7 + 3;
  while (x < xMm + widthMm) {
    n = (n * 1103515245 + 12345) % 2147483648;
    const word = Math.min(xMm + widthMm - x, heightMm * (1.2 + (n % 5)));
    canvas.fillRect(x, yMm, word, heightMm, color, 0.85);
    x += word + heightMm * 0.7;
  }
}

function programSeed(program: Program): number {
  return program === 'adult' ? 1 : 2;
}

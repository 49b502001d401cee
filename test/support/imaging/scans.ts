import sharp from 'sharp';
import { renderBookletPage } from '../../../main/imaging/booklet/booklet-raster';
import type { PageCanvas, Rgb } from '../../../main/imaging/booklet/page-canvas';
import { bookletTemplate, type RectMm } from '../../../main/imaging/booklet/template';

/**
 * Simple scans for the unit tests: a page rendered from the template, a few marks, turned on
 * a light scanner lid and saved as JPEG. (The full corpus with noise, shadows and perspective
 * is in test/booklet-corpus.)
 */
export function bookletPage(program: 'adult' | 'child', page: number, bookletId = 'K7M2Q9X4TR'): PageCanvas {
  return renderBookletPage({ template: bookletTemplate(program), bookletId, year: 2026, page, dpi: 300 });
}

/** A practice stamp: frame plus three lines of text strokes, in a stamp-pad blue. */
export function stampInto(canvas: PageCanvas, box: RectMm, color: Rgb = [30, 50, 160]): void {
  const x = box.x + 8;
  const y = box.y + 6;
  canvas.strokeRect(x, y, 46, 18, 0.5, color);
  for (let line = 0; line < 3; line++) {
    for (let g = 0; g < 24; g++) canvas.strokeLine(x + 4 + g * 1.6, y + 3.5 + line * 4.5, x + 4.4 + g * 1.6, y + 6 + line * 4.5, 0.35, color);
  }
}

/** A ballpoint signature: a wavy stroke. */
export function signInto(canvas: PageCanvas, box: RectMm): void {
  let px = box.x + 20;
  let py = box.y + 18;
  for (let k = 1; k < 60; k++) {
    const nx = box.x + 20 + k * 0.6;
    const ny = box.y + 18 + Math.sin(k * 0.5) * 3;
    canvas.strokeLine(px, py, nx, ny, 0.4, [20, 30, 120]);
    px = nx;
    py = ny;
  }
}

export async function scanOf(canvas: PageCanvas, options: { angle?: number; quality?: number } = {}): Promise<Buffer> {
  const lid = { r: 232, g: 232, b: 230 };
  return sharp(Buffer.from(canvas.rgb.buffer, canvas.rgb.byteOffset, canvas.rgb.byteLength), { raw: { width: canvas.width, height: canvas.height, channels: 3 } })
    .extend({ top: 60, bottom: 60, left: 60, right: 60, background: lid })
    .rotate(options.angle ?? 0, { background: lid })
    .jpeg({ quality: options.quality ?? 85 })
    .toBuffer();
}

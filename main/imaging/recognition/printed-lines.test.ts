import { describe, expect, it } from 'vitest';
import { renderBookletPage } from '../booklet/booklet-raster';
import { PageCanvas } from '../booklet/page-canvas';
import { bookletTemplate } from '../booklet/template';
import type { GrayImage } from '../pipeline/gray-image';
import { stampInto } from '../../../test/support/imaging/scans';
import { findBox, printedLinesInPlace } from './printed-lines';

const template = bookletTemplate('adult');
const layout = template.pages[1]!;
const dpi = 150;
const pxPerMm = dpi / 25.4;

function gray(canvas: PageCanvas): GrayImage {
  return { data: canvas.toGray(), width: canvas.width, height: canvas.height };
}

/** The page drawn `dx`, `dy` mm off its place, as a page registered a little or a lot wrong looks. */
function shifted(canvas: PageCanvas, dxMm: number, dyMm: number): GrayImage {
  const page = gray(canvas);
  const out = new Uint8Array(page.data.length).fill(250);
  const dx = Math.round(dxMm * pxPerMm);
  const dy = Math.round(dyMm * pxPerMm);
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      const sx = x - dx;
      const sy = y - dy;
      if (sx >= 0 && sy >= 0 && sx < page.width && sy < page.height) out[y * page.width + x] = page.data[sy * page.width + sx]!;
    }
  }
  return { data: out, width: page.width, height: page.height };
}

describe('the printed lines as proof of registration', () => {
  const page = () => renderBookletPage({ template, bookletId: 'K7M2Q9X4TR', year: 2026, page: 2, dpi, paper: [246, 246, 240] });

  it('finds every box edge and date line where the template puts them, also under a stamp crossing an edge', () => {
    const canvas = page();
    stampInto(canvas, { ...layout.fields[0]!.stampBox, x: layout.fields[0]!.stampBox.x - 10 });
    const lines = printedLinesInPlace(gray(canvas), pxPerMm, layout);
    expect(lines.inPlace).toBe(true);
    expect(lines.score).toBeGreaterThan(0.9);
  });

  it('follows a page that lies a millimetre off (an open booklet curving to its spine) and reports where the box is', () => {
    const lines = printedLinesInPlace(shifted(page(), 1, -1), pxPerMm, layout);
    expect(lines.inPlace).toBe(true);
    const box = lines.boxes[0]!.box;
    expect(Math.abs(box.x - (layout.fields[0]!.stampBox.x + 1))).toBeLessThan(0.4);
    expect(Math.abs(box.y - (layout.fields[0]!.stampBox.y - 1))).toBeLessThan(0.4);
  });

  it.each([
    [9, 0],
    [0, 12],
    [-18, 0],
    [5, 5],
  ])('is not fooled by a page registered %i mm, %i mm off', (dx, dy) => {
    expect(printedLinesInPlace(shifted(page(), dx, dy), pxPerMm, layout).inPlace).toBe(false);
  });

  it('finds nothing on blank paper or on a page of text without boxes', () => {
    const blank = new PageCanvas(148, 210, dpi, [240, 240, 236]);
    expect(printedLinesInPlace(gray(blank), pxPerMm, layout).inPlace).toBe(false);
    expect(findBox(gray(blank), pxPerMm, layout.fields[0]!.stampBox).edges.top.found).toBeLessThan(0.2);
    const text = new PageCanvas(148, 210, dpi, [240, 240, 236]);
    for (let y = 20; y < 200; y += 4) for (let x = 15; x < 130; x += 9) text.fillRect(x, y, 6, 2, [30, 30, 30]);
    expect(printedLinesInPlace(gray(text), pxPerMm, layout).inPlace).toBe(false);
  });
});

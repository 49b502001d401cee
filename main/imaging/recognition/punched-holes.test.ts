import { describe, expect, it } from 'vitest';
import { renderBookletPage } from '../booklet/booklet-raster';
import type { PageCanvas } from '../booklet/page-canvas';
import { bookletTemplate } from '../booklet/template';
import { drawPunchedHoles } from '../../../test/booklet-corpus/defects';
import { drawStamp } from '../../../test/booklet-corpus/marks';
import { seededRandom } from '../../../test/support/seeded-random';
import { findPunchedHoles, holeMask } from './punched-holes';

const dpi = 150;
const pxPerMm = dpi / 25.4;
const template = bookletTemplate('adult');

function page(): PageCanvas {
  return renderBookletPage({ template, bookletId: 'K7M2Q9X4TR', year: 2026, page: 1, dpi, paper: [245, 244, 238] });
}

const gray = (canvas: PageCanvas) => ({ data: canvas.toGray(), width: canvas.width, height: canvas.height });

describe('punched filing holes', () => {
  it('finds two holes onto a dark table, also where they reach into a stamp box, and masks them in the box window', () => {
    for (const seed of [1, 2, 3, 4]) {
      const canvas = page();
      drawPunchedHoles(canvas, seededRandom(seed), [40, 44, 52]);
      const holes = findPunchedHoles(gray(canvas), pxPerMm);
      expect(holes.length, `seed ${seed}`).toBe(2);
      for (const h of holes) {
        expect(h.x).toBeGreaterThan(8);
        expect(h.x).toBeLessThan(16.5);
      }
      const box = template.pages[0]!.fields[0]!.stampBox;
      const region = { x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2 };
      const mask = holeMask(holes, region, pxPerMm, Math.round(region.width * pxPerMm), Math.round(region.height * pxPerMm));
      // Only a hole that reaches the box marks pixels of it, and never more than its rim.
      if (mask) expect(mask.reduce((s, v) => s + v, 0)).toBeLessThan(Math.PI * (3.2 + 0.8) ** 2 * pxPerMm ** 2);
    }
  });

  it('finds none on a page without holes, nor in a stamp lying in the margin', () => {
    const canvas = page();
    expect(findPunchedHoles(gray(canvas), pxPerMm)).toEqual([]);
    drawStamp(canvas, { cx: 14, cy: 60, width: 40, height: 20, angle: 3 }, seededRandom(9), 1, [20, 20, 20]);
    expect(findPunchedHoles(gray(canvas), pxPerMm)).toEqual([]);
    // A solid dark blot of the hole's size does pass for one: leaving it out of a box costs only that blot.
    canvas.fillRect(8, 120, 6, 6, [30, 30, 30]);
    const holes = findPunchedHoles(gray(canvas), pxPerMm);
    expect(holes).toHaveLength(1);
    expect(Math.abs(holes[0]!.y - 123)).toBeLessThan(1.5);
  });

  it('searches only the margin bands from which a hole could reach a stamp box', () => {
    const canvas = page();
    drawPunchedHoles(canvas, seededRandom(1), [40, 44, 52]);
    // A hole-sized blot in the right margin: the booklet's boxes (16-98 mm across) end far from it.
    canvas.fillRect(132, 120, 6, 6, [30, 30, 30]);
    const everywhere = findPunchedHoles(gray(canvas), pxPerMm);
    expect(everywhere.filter((h) => h.x > 100)).toHaveLength(1);
    const boxes = template.pages[0]!.fields.map((f) => f.stampBox);
    const nearBoxes = findPunchedHoles(gray(canvas), pxPerMm, boxes);
    expect(nearBoxes).toEqual(everywhere.filter((h) => h.x < 100));
    expect(nearBoxes).toHaveLength(2);
  });
});

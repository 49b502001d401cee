import { describe, expect, it } from 'vitest';
import { linePixels, refineLine, spanningLines } from './straight-lines';

/** A stamp box's inside at 150 dpi (80 × 28 mm). */
const w = 472;
const h = 165;

function drawLine(mask: Uint8Array, theta: number, rho: number, halfWidth: number, from = 0, to = Infinity): void {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  for (let y = 0; y < h; y++) for (let x = from; x < Math.min(w, to); x++) if (Math.abs(x * c + y * s - rho) <= halfWidth) mask[y * w + x] = 1;
}

describe('straight lines across a stamp box', () => {
  it('finds a one-pixel fold at any slope up to 15°, once, where it is (the votes are cast on a halved mask)', () => {
    for (const degrees of [90, 84, 97, 104]) {
      const theta = (degrees * Math.PI) / 180;
      const rho = 60 * Math.sin(theta) + 236 * Math.cos(theta);
      const mask = new Uint8Array(w * h);
      drawLine(mask, theta, rho, 0.5);
      const found = spanningLines(mask, w, h);
      expect(found, `${degrees}°`).toHaveLength(1);
      const line = refineLine(found[0]!, mask, w, h);
      // The refined line runs through the drawn one: at the box's middle it is within a pixel.
      const c = Math.cos(line.theta);
      const s = Math.sin(line.theta);
      expect(Math.abs((line.rho - 236 * c) / s - 60), `${degrees}°`).toBeLessThan(1);
    }
  });

  it('finds vertical folds too, each of two separate lines, and nothing elsewhere', () => {
    const mask = new Uint8Array(w * h);
    drawLine(mask, 0, 100, 1);
    drawLine(mask, (3 * Math.PI) / 180, 300, 1);
    // Where each found line crosses the box's middle row (a thick line may be found at both its edges).
    const crossings = spanningLines(mask, w, h).map((l) => (l.rho - 82 * Math.sin(l.theta)) / Math.cos(l.theta));
    const at100 = crossings.filter((x) => Math.abs(Math.abs(x) - 100) <= 3);
    const at300 = crossings.filter((x) => Math.abs(Math.abs(x) - (300 - 82 * Math.sin((3 * Math.PI) / 180)) / Math.cos((3 * Math.PI) / 180)) <= 3);
    expect(at100.length).toBeGreaterThan(0);
    expect(at300.length).toBeGreaterThan(0);
    expect(at100.length + at300.length).toBe(crossings.length);
  });

  it('does not take a stamp frame (55 mm of an 80 mm box) or text rows for a line across the box', () => {
    const mask = new Uint8Array(w * h);
    // A frame 55 mm wide and its text rows, dense as a stamp's.
    drawLine(mask, Math.PI / 2, 30, 1, 60, 60 + 325);
    drawLine(mask, Math.PI / 2, 130, 1, 60, 60 + 325);
    for (let y = 45; y < 120; y += 9) for (let x = 70; x < 370; x++) if ((x >> 2) % 3 !== 0) mask[y * w + x] = 1;
    expect(spanningLines(mask, w, h)).toEqual([]);
  });

  it('lists the pixels along a line row by row, without walking the whole window', () => {
    const line = { theta: Math.PI / 2, rho: 50, cover: 1 };
    const pixels = linePixels(line, w, h, 1.5);
    expect(pixels.length).toBe(3 * w);
    expect([...pixels].every((i, k, all) => k === 0 || i > all[k - 1]!)).toBe(true);
    expect(Math.floor(pixels[0]! / w)).toBe(49);
  });
});

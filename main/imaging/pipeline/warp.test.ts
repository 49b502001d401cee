import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random';
import { homographyFrom } from './homography';
import { scanRowsFor, warpRgbToTemplate, warpRowsToTemplate, warpToTemplate } from './warp';

const size = { width: 900, height: 1250 };
const pxPerMm = 150 / 25.4;
const page = [{ x: 0, y: 0 }, { x: 148, y: 0 }, { x: 148, y: 210 }, { x: 0, y: 210 }];

function noise(seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: size.width * size.height * 3 }, () => Math.floor(random() * 256));
}

describe('straightening a stamp box from the rows it needs', () => {
  // Upright, turned a little, a phone's strong perspective, upside down.
  const maps = {
    upright: [{ x: 20, y: 30 }, { x: 880, y: 30 }, { x: 880, y: 1230 }, { x: 20, y: 1230 }],
    turned: [{ x: 60, y: 10 }, { x: 890, y: 70 }, { x: 820, y: 1240 }, { x: 5, y: 1180 }],
    perspective: [{ x: 150, y: 40 }, { x: 760, y: 90 }, { x: 895, y: 1245 }, { x: 2, y: 1150 }],
    upsideDown: [{ x: 880, y: 1230 }, { x: 20, y: 1230 }, { x: 20, y: 30 }, { x: 880, y: 30 }],
  };
  const rgb = noise(3);
  for (const [name, corners] of Object.entries(maps)) {
    it(`gives the same pixels as from the whole picture (${name})`, () => {
      const h = homographyFrom(page, corners);
      for (const region of [{ x: 10, y: 20, width: 80, height: 28 }, { x: 60, y: 150, width: 80, height: 28 }, { x: 0, y: 0, width: 148, height: 30 }]) {
        const whole = warpRgbToTemplate(rgb, size, h, region, pxPerMm);
        const { first, end } = scanRowsFor(h, region, size.height);
        expect(end - first).toBeLessThan(size.height / 2);
        const rows = rgb.slice(first * size.width * 3, end * size.width * 3);
        const part = warpRgbToTemplate(rows, size, h, region, pxPerMm, first);
        expect(part.width).toBe(whole.width);
        expect(Buffer.from(part.data).equals(Buffer.from(whole.data))).toBe(true);
      }
    });
  }

  it('straightens a grey page in parts of rows, each from the scan rows it reads, to the same bytes as at once', () => {
    const gray = { data: noise(8).subarray(0, size.width * size.height), width: size.width, height: size.height };
    const h = homographyFrom(page, maps.perspective);
    const region = { x: 0, y: 0, width: 148, height: 210 };
    const whole = warpToTemplate(gray, h, region, pxPerMm);
    const cuts = [0, 1, 400, 401, 777, whole.height];
    const parts = cuts.slice(1).map((to, k) => {
      const from = cuts[k]!;
      const part = { ...region, y: from / pxPerMm, height: (to - from) / pxPerMm };
      const { first, end } = scanRowsFor(h, part, size.height);
      return warpRowsToTemplate(gray.data.slice(first * size.width, end * size.width), first, size, h, region, pxPerMm, from, to).data;
    });
    expect(Buffer.concat(parts).equals(Buffer.from(whole.data))).toBe(true);
  });

  it('takes every row when the map has no real page (a corner behind the camera)', () => {
    const h = [1, 0, 0, 0, 1, 0, 0.01, 0, -0.5] as const;
    expect(scanRowsFor(h, { x: 10, y: 10, width: 80, height: 28 }, size.height)).toEqual({ first: 0, end: size.height });
  });
});

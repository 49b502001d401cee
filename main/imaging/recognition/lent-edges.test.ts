import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random';
import { edgeSample, lentEdges } from './lent-edges';

describe('edges lent by what was taken out', () => {
  it('marks every pixel within reach (a square) of a taken pixel, and nothing else', () => {
    const random = seededRandom(11);
    for (const [w, h, reach] of [
      [37, 23, 2],
      [5, 40, 1],
      [60, 3, 3],
    ] as const) {
      const taken = Uint8Array.from({ length: w * h }, () => (random() < 0.03 ? 1 : 0));
      const lent = lentEdges(taken, w, h, reach);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let near = 0;
          for (let dy = -reach; dy <= reach; dy++) for (let dx = -reach; dx <= reach; dx++) if (x + dx >= 0 && y + dy >= 0 && x + dx < w && y + dy < h && taken[(y + dy) * w + x + dx]) near = 1;
          expect(lent[y * w + x], `${w}x${h} at ${x},${y}`).toBe(near);
        }
      }
    }
  });

  it('judges a mark by its free edges unless too few of them are left', () => {
    const all = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    expect([...edgeSample(all, Float32Array.from([1, 2, 3, 4, 5, 0, 0, 0]), 5)]).toEqual([1, 2, 3, 4, 5]);
    expect(edgeSample(all, Float32Array.from([1, 2, 0, 0, 0, 0, 0, 0]), 2)).toBe(all);
  });
});

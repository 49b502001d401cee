import { describe, expect, it } from 'vitest';
import { homographyFrom, project } from './homography';

describe('homography from four point pairs', () => {
  it('maps the four points exactly and keeps straight lines straight', () => {
    const from = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 150 }, { x: 0, y: 150 }];
    const to = [{ x: 12, y: 30 }, { x: 1190, y: 55 }, { x: 1160, y: 1830 }, { x: -5, y: 1790 }];
    const h = homographyFrom(from, to);
    from.forEach((p, i) => {
      const q = project(h, p.x, p.y);
      expect(q.x).toBeCloseTo(to[i]!.x, 6);
      expect(q.y).toBeCloseTo(to[i]!.y, 6);
    });
    const a = project(h, 0, 0);
    const b = project(h, 100, 150);
    const mid = project(h, 50, 75);
    const cross = (b.x - a.x) * (mid.y - a.y) - (b.y - a.y) * (mid.x - a.x);
    expect(Math.abs(cross)).toBeLessThan(1e-6 * Math.hypot(b.x - a.x, b.y - a.y) ** 2);
  });

  it('refuses points of which three lie on one line', () => {
    const line = [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 0, y: 5 }];
    expect(() => homographyFrom(line, line)).toThrow(/collinear/);
  });
});

import type { RectMm } from '../booklet/template';
import type { GrayImage } from '../pipeline/gray-image';

/**
 * Filing holes punched into a page (5.5-6.5 mm across, near the left or right edge). In a
 * photo the hole shows the table, dark and even; where it reaches into a stamp box it would
 * be measured as a large blot of ink. Found on the straightened page as a disc that differs
 * evenly from the paper around it; the ink measure then leaves it out.
 */
export interface PunchedHole {
  /** Centre and radius, template mm. */
  x: number;
  y: number;
  r: number;
}

/** Where holes are punched: the margins along the long edges, clear of the corner marks. */
const searchBands: RectMm[] = [
  { x: 4, y: 18, width: 18, height: 174 },
  { x: 126, y: 18, width: 18, height: 174 },
];
const radii = [2.6, 2.9, 3.2];

export function findPunchedHoles(page: GrayImage, pxPerMm: number): PunchedHole[] {
  const { width, height, data } = page;
  const stride = width + 1;
  const sum = new Float64Array(stride * (height + 1));
  const sq = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    let rowSq = 0;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      row += v;
      rowSq += v * v;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1]! + row;
      sq[(y + 1) * stride + x + 1] = sq[y * stride + x + 1]! + rowSq;
    }
  }
  const rect = (table: Float64Array, x0: number, y0: number, x1: number, y1: number) => {
    const a = Math.max(0, Math.min(width, Math.round(x0)));
    const b = Math.max(0, Math.min(height, Math.round(y0)));
    const c = Math.max(0, Math.min(width, Math.round(x1)));
    const d = Math.max(0, Math.min(height, Math.round(y1)));
    return { total: table[d * stride + c]! - table[b * stride + c]! - table[d * stride + a]! + table[b * stride + a]!, n: Math.max(1, (c - a) * (d - b)) };
  };
  const found: (PunchedHole & { score: number })[] = [];
  const step = 0.5;
  for (const band of searchBands) {
    for (let cy = band.y; cy <= band.y + band.height; cy += step) {
      for (let cx = band.x; cx <= band.x + band.width; cx += step) {
        for (const r of radii) {
          const px = cx * pxPerMm;
          const py = cy * pxPerMm;
          // Inside: the square inscribed in the disc. Around: a ring of squares just outside it.
          const k = (r / Math.SQRT2) * pxPerMm;
          const inner = rect(sum, px - k, py - k, px + k, py + k);
          const innerSq = rect(sq, px - k, py - k, px + k, py + k);
          const mean = inner.total / inner.n;
          const spread = Math.sqrt(Math.max(0, innerSq.total / inner.n - mean * mean));
          const o = (r + 1.6) * pxPerMm;
          const i = (r + 0.6) * pxPerMm;
          const outer = rect(sum, px - o, py - o, px + o, py + o);
          const hole = rect(sum, px - i, py - i, px + i, py + i);
          const ring = (outer.total - hole.total) / Math.max(1, outer.n - hole.n);
          const contrast = ring - mean;
          // Darker than the paper all over, evenly: a hole onto the table (print is never a filled disc).
          if (contrast < 40 || spread > 14) continue;
          found.push({ x: cx, y: cy, r, score: contrast - spread });
        }
      }
    }
  }
  // Best first; one hole per place.
  const holes: PunchedHole[] = [];
  for (const h of found.sort((a, b) => b.score - a.score)) {
    if (holes.some((o) => Math.hypot(o.x - h.x, o.y - h.y) < 5)) continue;
    holes.push({ x: h.x, y: h.y, r: h.r });
    if (holes.length === 6) break;
  }
  return holes;
}

/** The pixels of a box window (the region in mm, at pxPerMm) that lie in or at the rim of a hole. */
export function holeMask(holes: readonly PunchedHole[], region: RectMm, pxPerMm: number, width: number, height: number): Uint8Array | undefined {
  const near = holes.filter((h) => h.x + h.r + 1 > region.x && h.x - h.r - 1 < region.x + region.width && h.y + h.r + 1 > region.y && h.y - h.r - 1 < region.y + region.height);
  if (near.length === 0) return undefined;
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const mx = region.x + (x + 0.5) / pxPerMm;
      const my = region.y + (y + 0.5) / pxPerMm;
      if (near.some((h) => Math.hypot(mx - h.x, my - h.y) <= h.r + 0.8)) mask[y * width + x] = 1;
    }
  }
  return mask;
}

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

/**
 * @param near the regions a hole matters to (the stamp boxes): a margin band no hole in which
 * could reach one of them is not searched (the booklet's boxes keep clear of the right margin).
 */
export function findPunchedHoles(page: GrayImage, pxPerMm: number, near?: readonly RectMm[]): PunchedHole[] {
  const found: (PunchedHole & { score: number })[] = [];
  for (const band of searchBands) if (!near || near.some((region) => reaches(band, region))) found.push(...searchBand(page, pxPerMm, band));
  // Best first; one hole per place.
  const holes: PunchedHole[] = [];
  for (const h of found.sort((a, b) => b.score - a.score)) {
    if (holes.some((o) => Math.hypot(o.x - h.x, o.y - h.y) < 5)) continue;
    holes.push({ x: h.x, y: h.y, r: h.r });
    if (holes.length === 6) break;
  }
  return holes;
}

/** Largest reach of a test around a centre, mm: the outer ring of the largest radius. */
const reachMm = Math.max(...radii) + 1.6 + 0.5;

/** Whether a hole centred in the band could cover a pixel of the region (or its rim, as `holeMask` takes it). */
function reaches(band: RectMm, region: RectMm): boolean {
  const r = Math.max(...radii) + 1;
  return band.x - r < region.x + region.width && band.x + band.width + r > region.x && band.y - r < region.y + region.height && band.y + band.height + r > region.y;
}

/**
 * Every centre on a 0.5 mm grid of one margin band and every radius, by sums over
 * rectangles from integral images of that band alone (not the whole page: the bands are
 * a fifth of it).
 */
function searchBand(page: GrayImage, pxPerMm: number, band: RectMm): (PunchedHole & { score: number })[] {
  const { width, height, data } = page;
  const left = Math.max(0, Math.floor((band.x - reachMm) * pxPerMm));
  const top = Math.max(0, Math.floor((band.y - reachMm) * pxPerMm));
  const right = Math.min(width, Math.ceil((band.x + band.width + reachMm) * pxPerMm));
  const bottom = Math.min(height, Math.ceil((band.y + band.height + reachMm) * pxPerMm));
  const w = right - left;
  const h = bottom - top;
  if (w <= 0 || h <= 0) return [];
  const stride = w + 1;
  const sum = new Float64Array(stride * (h + 1));
  const sq = new Float64Array(stride * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    let rowSq = 0;
    const line = (top + y) * width + left;
    for (let x = 0; x < w; x++) {
      const v = data[line + x]!;
      row += v;
      rowSq += v * v;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1]! + row;
      sq[(y + 1) * stride + x + 1] = sq[y * stride + x + 1]! + rowSq;
    }
  }
  // Page pixel rectangle [x0, x1) × [y0, y1), rounded and clamped to the page as the band covers it.
  let n = 0;
  const total = (table: Float64Array, x0: number, y0: number, x1: number, y1: number): number => {
    const a = Math.max(left, Math.min(right, Math.round(x0))) - left;
    const b = Math.max(top, Math.min(bottom, Math.round(y0))) - top;
    const c = Math.max(left, Math.min(right, Math.round(x1))) - left;
    const d = Math.max(top, Math.min(bottom, Math.round(y1))) - top;
    n = Math.max(1, (c - a) * (d - b));
    return table[d * stride + c]! - table[b * stride + c]! - table[d * stride + a]! + table[b * stride + a]!;
  };
  const found: (PunchedHole & { score: number })[] = [];
  const step = 0.5;
  for (let cy = band.y; cy <= band.y + band.height; cy += step) {
    for (let cx = band.x; cx <= band.x + band.width; cx += step) {
      const px = cx * pxPerMm;
      const py = cy * pxPerMm;
      for (const r of radii) {
        // Inside: the square inscribed in the disc. Around: a ring of squares just outside it.
        const k = (r / Math.SQRT2) * pxPerMm;
        const mean = total(sum, px - k, py - k, px + k, py + k) / n;
        // The ring is at most white (255): on paper the contrast cannot reach 40, so the ring need not be summed.
        if (mean > 255 - 40) continue;
        const o = (r + 1.6) * pxPerMm;
        const i = (r + 0.6) * pxPerMm;
        const outer = total(sum, px - o, py - o, px + o, py + o);
        const outerN = n;
        const hole = total(sum, px - i, py - i, px + i, py + i);
        const ring = (outer - hole) / Math.max(1, outerN - n);
        const contrast = ring - mean;
        // Darker than the paper all over, evenly: a hole onto the table (print is never a filled disc).
        if (contrast < 40) continue;
        const innerSq = total(sq, px - k, py - k, px + k, py + k) / n;
        const spread = Math.sqrt(Math.max(0, innerSq - mean * mean));
        if (spread > 14) continue;
        found.push({ x: cx, y: cy, r, score: contrast - spread });
      }
    }
  }
  return found;
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

import type { BookletTemplate } from '../booklet/template';
import { connectedComponents, type Component } from './components';
import { downsample, percentile, type GrayImage } from './gray-image';
import type { Point } from './homography';

/**
 * Finds the four corner marks of a booklet page in a scan: search a small overview for
 * dark, square rings (a square with a hole), take the four whose sizes agree
 * and whose positions form the template's rectangle, then refine each centre on the full
 * image. Assumes a light scanner background (lid or ADF backing) and rotation well below
 * 45°; a page fed upside down is recognised later from where its QR code is.
 */
export interface FoundFiducials {
  /** Centres in scan pixels: top-left, top-right, bottom-right, bottom-left as seen in the scan. */
  centers: [Point, Point, Point, Point];
  /** Scan pixels per template millimetre, from the distance between the marks. */
  pxPerMm: number;
}

const overviewSide = 640;
const maxCandidates = 12;

export function findFiducials(scan: GrayImage, template: BookletTemplate): FoundFiducials | undefined {
  const factor = Math.max(1, Math.round(Math.max(scan.width, scan.height) / overviewSide));
  const overview = downsample(scan, factor);
  const paper = percentile(overview.data, 0.9);
  const threshold = paper * 0.45;
  const mask = new Uint8Array(overview.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = overview.data[i]! < threshold ? 1 : 0;
  const { components } = connectedComponents(mask, overview.width, overview.height);

  const candidates: Component[] = [];
  for (const c of components) {
    const w = c.maxX - c.minX + 1;
    const h = c.maxY - c.minY + 1;
    if (w < 3 || h < 3) continue;
    if (Math.max(w, h) / Math.min(w, h) > 1.35) continue;
    const fill = c.area / (w * h);
    if (fill < 0.55 || fill > 0.95) continue;
    // The mark's hole: its middle is paper. Solid blocks (text, a QR finder's core) are dark there.
    if (mask[Math.round((c.minY + c.maxY) / 2) * overview.width + Math.round((c.minX + c.maxX) / 2)]) continue;
    if (!isolated(mask, overview.width, overview.height, c)) continue;
    candidates.push(c);
  }
  // Not by image quadrant: an A5 page on an A4 flatbed lies in one corner of the scan.
  const best = bestSet(candidates.sort((a, b) => b.area - a.area).slice(0, maxCandidates), template);
  if (!best) return undefined;

  const [tl, tr, br, bl] = best.map((c) => refineCenter(scan, { x: (c.cx + 0.5) * factor, y: (c.cy + 0.5) * factor }, ((c.maxX - c.minX + c.maxY - c.minY + 2) / 2) * factor)) as [Point, Point, Point, Point];
  const f = template.fiducial.centers;
  const templateWidth = f[1].x - f[0].x;
  const templateHeight = f[3].y - f[0].y;
  const pxPerMm = (dist(tl, tr) + dist(bl, br)) / (2 * templateWidth) / 2 + (dist(tl, bl) + dist(tr, br)) / (2 * templateHeight) / 2;
  return { centers: [tl, tr, br, bl], pxPerMm };
}

/**
 * A printed mark stands alone: the paper around it (0.4 of its size wide) is clear.
 * Blocks of text, stamp lines and the QR code's finder patterns all have ink nearby.
 */
function isolated(mask: Uint8Array, width: number, height: number, c: Component): boolean {
  const margin = Math.max(2, Math.round(Math.max(c.maxX - c.minX, c.maxY - c.minY) * 0.4));
  const x0 = Math.max(0, c.minX - margin);
  const y0 = Math.max(0, c.minY - margin);
  const x1 = Math.min(width - 1, c.maxX + margin);
  const y1 = Math.min(height - 1, c.maxY + margin);
  let dark = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) dark += mask[y * width + x]!;
  const ring = (x1 - x0 + 1) * (y1 - y0 + 1) - (c.maxX - c.minX + 1) * (c.maxY - c.minY + 1);
  return dark - c.area <= ring * 0.03;
}

/**
 * The four candidates whose sizes agree and whose centres form the template's rectangle,
 * returned top-left, top-right, bottom-right, bottom-left as they lie in the scan.
 */
function bestSet(candidates: Component[], template: BookletTemplate): Component[] | undefined {
  const f = template.fiducial.centers;
  const aspect = (f[1].x - f[0].x) / (f[3].y - f[0].y);
  const sizeShare = template.fiducial.size / (f[1].x - f[0].x);
  let best: { set: Component[]; score: number } | undefined;
  const n = candidates.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = j + 1; k < n; k++) {
        for (let l = k + 1; l < n; l++) {
          const set = inReadingOrder([candidates[i]!, candidates[j]!, candidates[k]!, candidates[l]!]);
          const [a, b, c, d] = set as [Component, Component, Component, Component];
          const top = distC(a, b);
          const bottom = distC(d, c);
          const left = distC(a, d);
          const right = distC(b, c);
          const width = (top + bottom) / 2;
          const height = (left + right) / 2;
          if (Math.abs(top - bottom) / width > 0.08 || Math.abs(left - right) / height > 0.08) continue;
          // Diagonals of a rectangle are equal; a parallelogram's are not.
          const diagonals = [distC(a, c), distC(b, d)];
          if (Math.abs(diagonals[0]! - diagonals[1]!) / Math.max(...diagonals) > 0.08) continue;
          const aspectError = Math.abs(width / height / aspect - 1);
          if (aspectError > 0.1) continue;
          const sides = set.map((s) => (s.maxX - s.minX + s.maxY - s.minY + 2) / 2);
          const expected = sizeShare * width;
          const sizeError = Math.max(...sides.map((s) => Math.abs(s / expected - 1)));
          if (sizeError > 0.4) continue;
          const score = aspectError + sizeError;
          if (!best || score < best.score) best = { set, score };
        }
      }
    }
  }
  return best?.set;
}

/**
 * Orders four points around their centre starting top-left, clockwise on screen. Works for
 * any rotation below 45°; a page upside down comes out with its marks swapped, which the QR
 * code sorts out.
 */
function inReadingOrder(points: Component[]): Component[] {
  const cx = points.reduce((s, p) => s + p.cx, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.cy, 0) / points.length;
  // Turned so that the marks sit at 45°, 135°, 225° and 315°: 45° of slack either way.
  const angle = (p: Component) => (Math.atan2(p.cy - cy, p.cx - cx) + 3 * Math.PI) % (2 * Math.PI);
  return [...points].sort((p, q) => angle(p) - angle(q));
}

/**
 * The centroid of the dark pixels around a coarse centre, thresholded half-way between the
 * mark's ink and the paper around it: sub-pixel accurate, which the homography needs.
 */
function refineCenter(scan: GrayImage, coarse: Point, sidePx: number): Point {
  const half = Math.ceil(sidePx * 0.95);
  const x0 = Math.max(0, Math.round(coarse.x) - half);
  const y0 = Math.max(0, Math.round(coarse.y) - half);
  const x1 = Math.min(scan.width - 1, Math.round(coarse.x) + half);
  const y1 = Math.min(scan.height - 1, Math.round(coarse.y) + half);
  let min = 255;
  let max = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = scan.data[y * scan.width + x]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const threshold = (min + max) / 2;
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = scan.data[y * scan.width + x]!;
      if (v >= threshold) continue;
      // Weight by darkness so the anti-aliased edge counts in proportion.
      const w = threshold - v;
      sum += w;
      sx += w * (x + 0.5);
      sy += w * (y + 0.5);
    }
  }
  return sum > 0 ? { x: sx / sum, y: sy / sum } : coarse;
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function distC(a: Component, b: Component): number {
  return Math.hypot(a.cx - b.cx, a.cy - b.cy);
}

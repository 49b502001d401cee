import type { BookletTemplate } from '../booklet/template';
import { connectedComponents, type Component } from './components';
import { downsample, percentile, type GrayImage } from './gray-image';
import type { Point } from './homography';

/**
 * Finds the four corner marks of a booklet page in a scan: search a small overview for
 * dark, square rings (a square with a hole), take the four (one per image quadrant) whose sizes agree
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
const perQuadrant = 4;

export function findFiducials(scan: GrayImage, template: BookletTemplate): FoundFiducials | undefined {
  const factor = Math.max(1, Math.round(Math.max(scan.width, scan.height) / overviewSide));
  const overview = downsample(scan, factor);
  const paper = percentile(overview.data, 0.9);
  const threshold = paper * 0.45;
  const mask = new Uint8Array(overview.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = overview.data[i]! < threshold ? 1 : 0;
  const { components } = connectedComponents(mask, overview.width, overview.height);

  const quadrants: Component[][] = [[], [], [], []];
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
    const right = c.cx > overview.width / 2;
    const bottom = c.cy > overview.height / 2;
    quadrants[bottom ? (right ? 2 : 3) : right ? 1 : 0]!.push(c);
  }
  const top = quadrants.map((q) => q.sort((a, b) => b.area - a.area).slice(0, perQuadrant));
  const best = bestSet(top as [Component[], Component[], Component[], Component[]], template);
  if (!best) return undefined;

  const [tl, tr, br, bl] = best.map((c) => refineCenter(scan, { x: (c.cx + 0.5) * factor, y: (c.cy + 0.5) * factor }, ((c.maxX - c.minX + c.maxY - c.minY + 2) / 2) * factor)) as [Point, Point, Point, Point];
  const f = template.fiducial.centers;
  const templateWidth = f[1].x - f[0].x;
  const templateHeight = f[3].y - f[0].y;
  const pxPerMm = (dist(tl, tr) + dist(bl, br)) / (2 * templateWidth) / 2 + (dist(tl, bl) + dist(tr, br)) / (2 * templateHeight) / 2;
  return { centers: [tl, tr, br, bl], pxPerMm };
}

/**
 * A printed mark stands alone: the paper around it (about half its size wide) is clear.
 * Blocks of text, stamp lines and the QR code's finder patterns all have ink nearby.
 */
function isolated(mask: Uint8Array, width: number, height: number, c: Component): boolean {
  const margin = Math.max(2, Math.round(Math.max(c.maxX - c.minX, c.maxY - c.minY) * 0.6));
  const x0 = Math.max(0, c.minX - margin);
  const y0 = Math.max(0, c.minY - margin);
  const x1 = Math.min(width - 1, c.maxX + margin);
  const y1 = Math.min(height - 1, c.maxY + margin);
  let dark = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) dark += mask[y * width + x]!;
  const ring = (x1 - x0 + 1) * (y1 - y0 + 1) - (c.maxX - c.minX + 1) * (c.maxY - c.minY + 1);
  return dark - c.area <= ring * 0.03;
}

/** The combination whose sizes agree and whose shape is the template's rectangle. */
function bestSet(quadrants: [Component[], Component[], Component[], Component[]], template: BookletTemplate): Component[] | undefined {
  const f = template.fiducial.centers;
  const aspect = (f[1].x - f[0].x) / (f[3].y - f[0].y);
  const sizeShare = template.fiducial.size / (f[1].x - f[0].x);
  let best: { set: Component[]; score: number } | undefined;
  for (const a of quadrants[0]) {
    for (const b of quadrants[1]) {
      for (const c of quadrants[2]) {
        for (const d of quadrants[3]) {
          const set = [a, b, c, d];
          const top = distC(a, b);
          const bottom = distC(d, c);
          const left = distC(a, d);
          const right = distC(b, c);
          const width = (top + bottom) / 2;
          const height = (left + right) / 2;
          if (Math.abs(top - bottom) / width > 0.08 || Math.abs(left - right) / height > 0.08) continue;
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

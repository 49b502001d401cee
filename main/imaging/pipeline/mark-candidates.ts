import { connectedComponents, type Component } from './components';
import { boxMean, downsample, type GrayImage } from './gray-image';

/**
 * Everything in a scan or photo that could be one of the booklet's corner marks: a compact
 * dark ring with one light hole in its middle, standing alone on paper. Found on an overview
 * with a threshold against the local mean (so the lid's shadow, a hand's shadow or light
 * falling off across a photo do not matter), for any turn of the page and under the
 * perspective of a tilted camera (a square seen at an angle is still compact, still has its
 * hole in the middle). Candidates only: which four belong to one page is decided by
 * geometry and by what is printed between them (fiducials.ts, registration.ts).
 */
export interface MarkCandidate {
  /** Centre in scan pixels. */
  x: number;
  y: number;
  /** Side of the mark (ring and hole) in scan pixels: the square root of its filled area. */
  side: number;
}

/** Longest side of the overview searched: a 7 mm mark stays 12+ px for a page filling two thirds of a photo's height. */
const overviewSide = 720;

export function findMarkCandidates(scan: GrayImage, max = 24): MarkCandidate[] {
  const factor = Math.max(1, Math.round(Math.max(scan.width, scan.height) / overviewSide));
  const overview = downsample(scan, factor);
  const { width, height } = overview;
  const mask = darkAgainstLocalMean(overview, Math.max(6, Math.round(Math.max(width, height) / 24)));
  const { labels, components } = connectedComponents(mask, width, height);
  const found: { c: Component; side: number; score: number }[] = [];
  for (const c of components) {
    const w = c.maxX - c.minX + 1;
    const h = c.maxY - c.minY + 1;
    if (w < 5 || h < 5 || w > width / 5 || h > height / 5) continue;
    if (Math.max(w, h) / Math.min(w, h) > 2.2) continue;
    const ring = ringShape(c, labels, mask, width);
    if (!ring) continue;
    if (!isolated(mask, width, height, c)) continue;
    found.push({ c, side: Math.sqrt(ring.filled), score: ring.score });
  }
  return found
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map(({ c, side }) => {
      const center = refineCenter(scan, { x: (c.cx + 0.5) * factor, y: (c.cy + 0.5) * factor }, side * factor);
      return { ...center, side: side * factor };
    });
}

/** Pixels clearly darker than the mean of the (2r+1)² window around them. */
function darkAgainstLocalMean(image: GrayImage, r: number): Uint8Array {
  const { width, height, data } = image;
  const mean = boxMean(image, r);
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    const v = data[i]!;
    const m = mean[i]!;
    mask[i] = v < m * 0.7 && m - v > 20 ? 1 : 0;
  }
  return mask;
}

/**
 * A ring: the component encloses exactly the light pixels of one hole near its centre, the
 * hole about a fifth of the whole (ideal 9/49), and the whole is compact as a square is
 * (second moments about equal in every direction, as for a square at any turn). A QR
 * code's finder pattern has a dark core in its hole; text, lines and stamps have no hole.
 */
function ringShape(c: Component, labels: Int32Array, mask: Uint8Array, width: number): { filled: number; score: number } | undefined {
  const w = c.maxX - c.minX + 3;
  const h = c.maxY - c.minY + 3;
  // Flood the outside from the border of the (one pixel larger) box: what is left is the hole.
  const outside = new Uint8Array(w * h);
  const stack: number[] = [];
  const isRing = (lx: number, ly: number) => {
    const x = c.minX - 1 + lx;
    const y = c.minY - 1 + ly;
    return x >= 0 && y >= 0 && x < width && labels[y * width + x] === c.label;
  };
  for (let lx = 0; lx < w; lx++) stack.push(lx, 0, lx, h - 1);
  for (let ly = 0; ly < h; ly++) stack.push(0, ly, w - 1, ly);
  while (stack.length) {
    const ly = stack.pop()!;
    const lx = stack.pop()!;
    if (lx < 0 || ly < 0 || lx >= w || ly >= h || outside[ly * w + lx] || isRing(lx, ly)) continue;
    outside[ly * w + lx] = 1;
    stack.push(lx + 1, ly, lx - 1, ly, lx, ly + 1, lx, ly - 1);
  }
  let hole = 0;
  let darkInHole = 0;
  let hx = 0;
  let hy = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let filled = 0;
  for (let ly = 0; ly < h; ly++) {
    for (let lx = 0; lx < w; lx++) {
      if (outside[ly * w + lx]) continue;
      const ring = isRing(lx, ly);
      if (!ring) {
        hole++;
        hx += lx;
        hy += ly;
        const x = c.minX - 1 + lx;
        const y = c.minY - 1 + ly;
        darkInHole += mask[y * width + x]!;
      }
      filled++;
      sx += lx;
      sy += ly;
      sxx += lx * lx;
      syy += ly * ly;
      sxy += lx * ly;
    }
  }
  const holeShare = hole / filled;
  if (holeShare < 0.04 || holeShare > 0.4 || darkInHole > hole * 0.1) return undefined;
  const mx = sx / filled;
  const my = sy / filled;
  if (Math.hypot(hx / hole - mx, hy / hole - my) > 0.2 * Math.sqrt(filled)) return undefined;
  const vxx = sxx / filled - mx * mx;
  const vyy = syy / filled - my * my;
  const vxy = sxy / filled - mx * my;
  const spread = (vxx + vyy) / filled; // 1/6 for a square, 1/(2π) for a disc
  const root = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy * vxy);
  const elongation = ((vxx + vyy) / 2 + root) / Math.max(1e-9, (vxx + vyy) / 2 - root);
  if (spread < 0.13 || spread > 0.23 || elongation > 2.5) return undefined;
  // Closer to the ideal ring scores higher; the largest marks are not preferred over the right ones.
  const score = 1 - Math.abs(holeShare - 0.18) - Math.abs(spread - 0.167) * 3 - (elongation - 1) * 0.1;
  return { filled, score };
}

/**
 * A printed mark stands alone: the paper around it (half its size wide) is clear. Blocks of
 * text, stamp lines, the QR code's finder patterns and the table at a page edge all have
 * dark pixels that close.
 */
function isolated(mask: Uint8Array, width: number, height: number, c: Component): boolean {
  const margin = Math.max(2, Math.round(Math.max(c.maxX - c.minX, c.maxY - c.minY) * 0.45));
  const x0 = Math.max(0, c.minX - margin);
  const y0 = Math.max(0, c.minY - margin);
  const x1 = Math.min(width - 1, c.maxX + margin);
  const y1 = Math.min(height - 1, c.maxY + margin);
  let dark = 0;
  let ring = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (x >= c.minX && x <= c.maxX && y >= c.minY && y <= c.maxY) continue;
      ring++;
      dark += mask[y * width + x]!;
    }
  }
  return dark <= ring * 0.04;
}

/**
 * The centroid of the dark pixels around a coarse centre, thresholded half-way between the
 * mark's ink and the paper around it: sub-pixel accurate, which the homography needs.
 */
function refineCenter(scan: GrayImage, coarse: { x: number; y: number }, sidePx: number): { x: number; y: number } {
  const half = Math.ceil(sidePx * 0.75);
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
      const w = threshold - v;
      sum += w;
      sx += w * (x + 0.5);
      sy += w * (y + 0.5);
    }
  }
  return sum > 0 ? { x: sx / sum, y: sy / sum } : coarse;
}

import type { GrayImage } from './gray-image';
import { project, type Homography } from './homography';

type Region = { x: number; y: number; width: number; height: number };

/**
 * Resamples the scanned page into template space: output pixel (x, y) at `pxPerMm` shows
 * what the scan has at the template point (x / pxPerMm + origin) mapped through `templateToScan`.
 * Bilinear sampling; outside the scan reads as white paper.
 */
export function warpToTemplate(scan: GrayImage, templateToScan: Homography, region: Region, pxPerMm: number): GrayImage {
  return resample(scan.data, 1, scan, templateToScan, region, pxPerMm);
}

/**
 * Rows `from` to before `to` of what `warpToTemplate` gives for `region`, the same bytes, from
 * the scan's rows `firstRow` on (`scanRowsFor`): two threads straighten a page in two parts.
 */
export function warpRowsToTemplate(rows: Uint8Array, firstRow: number, size: { width: number; height: number }, templateToScan: Homography, region: Region, pxPerMm: number, from: number, to: number): GrayImage {
  return resample(rows, 1, size, templateToScan, region, pxPerMm, firstRow, from, to);
}

/** How many pixels `warpToTemplate` gives for `region`. */
export function warpedSize(region: Region, pxPerMm: number): { width: number; height: number } {
  return { width: Math.round(region.width * pxPerMm), height: Math.round(region.height * pxPerMm) };
}

/**
 * The same resampling for RGB pixels (three bytes a pixel), for the ink's colour in a stamp box.
 * `rgb` may hold only the rows of the scan from `firstRow` on (`scanRowsFor`): a box is
 * straightened in another thread from the rows it needs, with the same result.
 */
export function warpRgbToTemplate(rgb: Uint8Array, size: { width: number; height: number }, templateToScan: Homography, region: Region, pxPerMm: number, firstRow = 0): { data: Uint8Array; width: number; height: number } {
  return resample(rgb, 3, size, templateToScan, region, pxPerMm, firstRow);
}

/**
 * Part of a scan sent to another thread to straighten there: the scan's rows from `firstRow`
 * on that straightening `region` reads (`scanRowsFor`), the whole scan's size and the map.
 */
export interface ScanRows {
  rows: Uint8Array;
  firstRow: number;
  size: { width: number; height: number };
  h: Homography;
  region: Region;
  pxPerMm: number;
}

/**
 * The rows of the scan that straightening `region` reads: from `first` to before `end`. The
 * region maps to a convex quadrilateral, so its corners bound every point sampled inside it;
 * bilinear sampling reads the row below too, and a row of margin each way.
 */
export function scanRowsFor(templateToScan: Homography, region: Region, scanHeight: number): { first: number; end: number } {
  const corners = [
    [region.x, region.y],
    [region.x + region.width, region.y],
    [region.x, region.y + region.height],
    [region.x + region.width, region.y + region.height],
  ] as const;
  // The map's denominator is linear: positive at the four corners, positive inside. Otherwise (no real page) every row.
  const h = templateToScan;
  if (corners.some(([x, y]) => !(h[6] * x + h[7] * y + h[8] > 0))) return { first: 0, end: scanHeight };
  const ys = corners.map(([x, y]) => project(h, x, y).y - 0.5);
  const first = Math.floor(Math.min(...ys)) - 1;
  const end = Math.floor(Math.max(...ys)) + 3;
  return { first: Math.min(scanHeight, Math.max(0, first)), end: Math.min(scanHeight, Math.max(0, end)) };
}

/**
 * Along an output row the projective map's numerators and denominator change linearly, so
 * they are stepped by addition instead of evaluated per pixel; grey and colour have a loop
 * each so that each stays monomorphic. This is a large share of a page's time (the whole
 * page is straightened once for the archive and the printed lines).
 */
function resample(src: Uint8Array, channels: 1 | 3, size: { width: number; height: number }, h: Homography, region: Region, pxPerMm: number, firstRow = 0, from = 0, to?: number): { data: Uint8Array; width: number; height: number } {
  const { width, height: whole } = warpedSize(region, pxPerMm);
  const end = Math.min(whole, to ?? whole);
  const height = Math.max(0, end - from);
  const data = new Uint8Array(width * height * channels);
  const sw = size.width;
  const sh = size.height;
  const row = sw * channels;
  const step = 1 / pxPerMm;
  // Each output row from its own place in the region, so that a part is the same bytes as the whole.
  for (let oy = from; oy < end; oy++) {
    const my = region.y + (oy + 0.5) * step;
    const mx0 = region.x + 0.5 * step;
    const start = { u: h[0] * mx0 + h[1] * my + h[2], v: h[3] * mx0 + h[4] * my + h[5], w: h[6] * mx0 + h[7] * my + h[8] };
    const delta = { u: h[0] * step, v: h[3] * step, w: h[6] * step };
    if (channels === 1) grayRow(src, sw, sh, firstRow, data, (oy - from) * width, width, start, delta);
    else rgbRow(src, sw, sh, row, firstRow, data, (oy - from) * width * 3, width, start, delta);
  }
  return { data, width, height };
}

type Linear = { u: number; v: number; w: number };

function grayRow(src: Uint8Array, sw: number, sh: number, firstRow: number, out: Uint8Array, o: number, n: number, start: Linear, delta: Linear): void {
  let { u, v, w } = start;
  for (let k = 0; k < n; k++, u += delta.u, v += delta.v, w += delta.w) {
    const inv = 1 / w;
    const sx = u * inv - 0.5;
    const sy = v * inv - 0.5;
    // Outside (NaN too) reads as paper; inside, truncation equals floor.
    if (!(sx >= 0 && sy >= 0 && sx < sw - 1 && sy < sh - 1)) {
      out[o + k] = 255;
      continue;
    }
    const x0 = sx | 0;
    const y0 = sy | 0;
    const fx = sx - x0;
    const fy = sy - y0;
    const i = (y0 - firstRow) * sw + x0;
    const a = src[i]!;
    const c = src[i + sw]!;
    const top = a + (src[i + 1]! - a) * fx;
    const bottom = c + (src[i + sw + 1]! - c) * fx;
    out[o + k] = (top + (bottom - top) * fy + 0.5) | 0;
  }
}

function rgbRow(src: Uint8Array, sw: number, sh: number, row: number, firstRow: number, out: Uint8Array, o: number, n: number, start: Linear, delta: Linear): void {
  let { u, v, w } = start;
  for (let k = 0; k < n; k++, u += delta.u, v += delta.v, w += delta.w, o += 3) {
    const inv = 1 / w;
    const sx = u * inv - 0.5;
    const sy = v * inv - 0.5;
    if (!(sx >= 0 && sy >= 0 && sx < sw - 1 && sy < sh - 1)) {
      out[o] = 255;
      out[o + 1] = 255;
      out[o + 2] = 255;
      continue;
    }
    const x0 = sx | 0;
    const y0 = sy | 0;
    const fx = sx - x0;
    const fy = sy - y0;
    const i = (y0 - firstRow) * row + x0 * 3;
    for (let ch = 0; ch < 3; ch++) {
      const a = src[i + ch]!;
      const c = src[i + row + ch]!;
      const top = a + (src[i + 3 + ch]! - a) * fx;
      const bottom = c + (src[i + row + 3 + ch]! - c) * fx;
      out[o + ch] = (top + (bottom - top) * fy + 0.5) | 0;
    }
  }
}

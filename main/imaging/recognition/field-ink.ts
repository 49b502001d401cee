import type { RectMm } from '../booklet/template';
import { connectedComponents } from '../pipeline/components';
import type { GrayImage } from '../pipeline/gray-image';
import { paperLevel } from './box-pixels';

/**
 * How much ink a provider left in a field's stamp box. The page is already in template
 * space, so the box is where the template says. The printed box outline is removed in two
 * ways: the measured area stays a little inside the outline, and any long straight run of
 * dark pixels near an edge (the outline, if the registration is a pixel or two off) is
 * dropped. What remains dark against the paper and forms blobs bigger than sensor noise or
 * JPEG ringing counts as ink.
 */
export interface InkMeasure {
  /** Share of the box interior covered by ink, 0-1. */
  inkShare: number;
  /**
   * Share covered by faint ink (a dried-out stamp pad, a light pencil): darker than the
   * paper by `faintContrast` but not by `minContrast`, in blobs. Never decides a field on
   * its own; it keeps a faint stamp from being called empty.
   */
  faintShare: number;
  /** Pixels of the largest single ink blob, as a share of the interior. */
  largestBlobShare: number;
  /** Paper brightness estimated in the box (0-255). */
  paper: number;
}

export interface InkSettings {
  /** Inset from the printed outline, mm (covers line width and registration error). */
  insetMm: number;
  /** How much darker than the paper a pixel must be to count as ink (0-255). */
  minContrast: number;
  /** How much darker than the paper a pixel must be to count as faint ink. */
  faintContrast: number;
  /** Blobs smaller than this many mm² are noise. */
  minBlobMm2: number;
}

export const defaultInkSettings: InkSettings = { insetMm: 1.0, minContrast: 42, faintContrast: 16, minBlobMm2: 0.12 };

export function measureInk(page: GrayImage, pxPerMm: number, box: RectMm, settings: InkSettings = defaultInkSettings): InkMeasure {
  const x0 = Math.round((box.x + settings.insetMm) * pxPerMm);
  const y0 = Math.round((box.y + settings.insetMm) * pxPerMm);
  const w = Math.max(1, Math.round((box.width - 2 * settings.insetMm) * pxPerMm));
  const h = Math.max(1, Math.round((box.height - 2 * settings.insetMm) * pxPerMm));

  const smooth = boxMean3(page, x0, y0, w, h);
  const background = paperLevel(smooth, w, h, Math.max(8, Math.round(4 * pxPerMm)));
  const strong = new Uint8Array(w * h);
  const faint = new Uint8Array(w * h);
  for (let i = 0; i < strong.length; i++) {
    const contrast = background[i]! - smooth[i]!;
    strong[i] = contrast >= settings.minContrast ? 1 : 0;
    faint[i] = contrast >= settings.faintContrast ? 1 : 0;
  }
  const band = Math.round(2.5 * pxPerMm);
  removePrintedLines(strong, w, h, band);
  removePrintedLines(faint, w, h, band);

  const minBlob = settings.minBlobMm2 * pxPerMm * pxPerMm;
  const area = w * h;
  const inked = blobPixels(strong, w, h, minBlob);
  // Faint strokes are thin and broken: they need more area together to count.
  const faintInk = blobPixels(faint, w, h, minBlob * 2);
  let paper = 0;
  for (let i = 0; i < background.length; i++) paper += background[i]!;
  return { inkShare: inked.total / area, faintShare: faintInk.total / area, largestBlobShare: inked.largest / area, paper: paper / area };
}

function blobPixels(mask: Uint8Array, w: number, h: number, minBlob: number): { total: number; largest: number } {
  const { components } = connectedComponents(mask, w, h);
  let total = 0;
  let largest = 0;
  for (const c of components) {
    if (c.area < minBlob) continue;
    total += c.area;
    if (c.area > largest) largest = c.area;
  }
  return { total, largest };
}

/**
 * Clears rows and columns near the edges whose dark run spans most of the box: that is the
 * printed outline showing through a slightly off registration, never a stamp.
 */
export function removePrintedLines(mask: Uint8Array, w: number, h: number, band: number): void {
  for (let y = 0; y < h; y++) {
    if (y >= band && y < h - band) continue;
    let dark = 0;
    for (let x = 0; x < w; x++) dark += mask[y * w + x]!;
    if (dark > w * 0.6) mask.fill(0, y * w, y * w + w);
  }
  for (let x = 0; x < w; x++) {
    if (x >= band && x < w - band) continue;
    let dark = 0;
    for (let y = 0; y < h; y++) dark += mask[y * w + x]!;
    if (dark > h * 0.6) for (let y = 0; y < h; y++) mask[y * w + x] = 0;
  }
}

/** 3×3 mean of the page over the w × h window at (x0, y0), against single-pixel noise. Edges replicate. */
function boxMean3(page: GrayImage, x0: number, y0: number, w: number, h: number): Uint8Array {
  const src = page.data;
  const pw = page.width;
  const ph = page.height;
  // Horizontal sums of three for rows y0-1 .. y0+h, then vertical sums of those.
  const rows = new Uint16Array((h + 2) * w);
  for (let r = 0; r < h + 2; r++) {
    const sy = Math.min(ph - 1, Math.max(0, y0 + r - 1));
    const line = sy * pw;
    for (let x = 0; x < w; x++) {
      const sx = x0 + x;
      const l = src[line + Math.max(0, Math.min(pw - 1, sx - 1))]!;
      const c = src[line + Math.max(0, Math.min(pw - 1, sx))]!;
      const rr = src[line + Math.max(0, Math.min(pw - 1, sx + 1))]!;
      rows[r * w + x] = l + c + rr;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out[y * w + x] = ((rows[y * w + x]! + rows[(y + 1) * w + x]! + rows[(y + 2) * w + x]!) / 9 + 0.5) | 0;
  }
  return out;
}

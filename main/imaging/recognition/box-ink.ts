import { connectedComponents } from '../pipeline/components';
import { dilateSquare } from '../pipeline/mask-dilation';
import { boxPixels } from './box-pixels';
import type { BoxWindow, WindowToWarp } from './box-window';
import { defaultInkSettings, removePrintedLines, type InkMeasure, type InkSettings } from './field-ink';
import { edgeSample, lentEdges } from './lent-edges';
import { removeSpanningLines, takeOutSpecks } from './taken-out';

/**
 * What is in a stamp box, mark by mark. Every connected mark darker than the paper is looked
 * at for what separates a provider's ink from what else ends up in a box:
 *
 * - colour against its own paper: stamp pads are blue, red, violet, green or black; a mark
 *   that absorbs mostly blue (coffee, tea, yellowed tape, rust) is a stain, not ink, and a
 *   coloured mark is ink even when faint (a dried-out pad);
 * - stroke structure: ink lies on the paper's surface and has sharp edges, so blurring it a
 *   little takes much of its contrast away; the back of the sheet showing through is seen
 *   through the paper, already blurred, and blurring changes it little;
 * - straight lines across the whole box (a fold, the back's box outline) are no stamp;
 * - specks below `minBlobMm2` are dust; the printed outline is outside the measured window.
 *
 * The result keeps the measures `decideField` works on: `inkShare` counts only marks judged
 * ink, `faintShare` marks that are neither clearly ink nor clearly something else, so that
 * they go to review instead of being called empty.
 */
export type MarkKind = 'ink' | 'faint' | 'stain' | 'show_through' | 'line' | 'dust';

export interface MarkFeatures {
  kind: MarkKind;
  area: number;
  /** Pixels of the mark at full ink contrast (`minContrast`). */
  strong: number;
  /** Mean and 90th percentile contrast, 0-255. */
  contrast: number;
  peak: number;
  /** Mean densities (0-1) of red, green and blue against the paper. */
  density: [number, number, number];
  /**
   * Steepness of its edges: the 90th percentile of the contrast's gradient (per pixel) against
   * its peak contrast. Ink on the surface has sharp edges; what shows through the paper is blurred.
   */
  edge: number;
  /** Bounding box in window pixels. */
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Length and thickness (mm) of the mark taken as a straight bar (from its second moments). */
  lengthMm: number;
  thicknessMm: number;
}

export interface BoxInk extends InkMeasure {
  /** Share of the box covered by stains (coffee and the like). */
  stainShare: number;
  /** Lines across the whole box that were taken out (folds, outlines from the back). */
  linesRemoved: number;
  marks?: MarkFeatures[];
}

/** One box to measure (box-ink-pool.ts sends it to another thread): its window (straightened, or to straighten there) and how. */
export interface BoxJob {
  window: BoxWindow | WindowToWarp;
  pxPerMm: number;
  options: BoxInkOptions;
}

export interface BoxInkOptions {
  settings?: InkSettings;
  /** Pixels (window indices) that are not the page: a punched hole. */
  ignore?: Uint8Array;
  /** Keep each mark's features (for the corpus tools). */
  withMarks?: boolean;
}

/**
 * Edge steepness that ink reaches at least. Measured on the generated corpus (scans, 150 dpi
 * straightened): marks of stamps and signatures 0.28 and up (2nd percentile), the back
 * showing through at most 0.22 (98th percentile). Below `minEdge` a faint mark shows through.
 */
const minEdge = 0.25;
/** Edges at least this steep are ink beyond doubt; between the two a faint mark goes to review. */
const sureEdge = 0.25;
/**
 * A faint mark that is grey or only slightly coloured needs steeper edges to be ink beyond
 * doubt: the back showing through (a stamp there gives it a pale colour), crossed by a fold's
 * crease or a coffee rim, borrows their sharp edges and reaches 0.3. Between `minEdge` and
 * this it goes to review.
 */
const sureGreyEdge = 0.34;
/** A faint mark whose blue density exceeds its red by this share of it is tinted by a stain. */
const stainTint = 0.2;
/**
 * A coffee rim is brown only on bare paper: where it crosses a fold or the back showing
 * through, it turns greyish and stays behind as faint marks tinted like a stain. A tinted mark
 * with `rimShare` of its pixels within `stainReach` of brown ones runs along the rim: it is the
 * stain. A stamp's stroke crosses the rim and runs on beyond it: it still goes to review.
 */
const [stainReach, rimShare] = [2, 0.8];
/** Densities within this share of each other are grey. */
const greyWithin = 0.3;

export function measureBoxInk(window: BoxWindow, pxPerMm: number, options: BoxInkOptions = {}): BoxInk {
  const settings = options.settings ?? defaultInkSettings;
  const px = boxPixels(window, Math.max(8, Math.round(4 * pxPerMm)));
  const { width: w, height: h, contrast } = px;
  const area = w * h;
  const faint = new Uint8Array(area);
  // What is taken out as something other than a mark: its edges are not the marks' (lent-edges.ts).
  const taken = new Uint8Array(area);
  let stainPixels = 0;
  const stainMask = new Uint8Array(area);
  for (let i = 0; i < area; i++) {
    if (options.ignore?.[i]) taken[i] = 1;
    if (contrast[i]! < settings.faintContrast || options.ignore?.[i]) continue;
    // Brown pixel by pixel first: a coffee rim running into other marks would lend them its colour and its edge.
    if (px.colour && isBrown(px.density[i * 3]!, px.density[i * 3 + 1]!, px.density[i * 3 + 2]!)) {
      stainPixels++;
      stainMask[i] = 1;
      taken[i] = 1;
    } else faint[i] = 1;
  }
  const beforeLines = faint.slice();
  // The printed outline, where the registration is a pixel or two off.
  removePrintedLines(faint, w, h, Math.round(2.5 * pxPerMm));
  const linesRemoved = removeSpanningLines(faint, px, Math.max(1.5, 0.35 * pxPerMm), greyWithin);
  for (let i = 0; i < area; i++) if (beforeLines[i] && !faint[i]) taken[i] = 1;
  takeOutSpecks(faint, contrast, taken, w, h, settings.minContrast, pxPerMm);
  const lent = lentEdges(taken, w, h, 2);
  const nearStain = stainPixels > 0 ? dilateSquare(stainMask, w, h, stainReach) : undefined;

  const { labels, components } = connectedComponents(faint, w, h);
  const minBlob = settings.minBlobMm2 * pxPerMm * pxPerMm;
  type Mark = MarkFeatures & { sum: number; dr: number; dg: number; db: number; n: number; values: Uint8Array; grads: Float32Array; free: Float32Array; fn: number; m: Float64Array; nearStain: number };
  // Indexed by label: typed arrays sized by each mark's area, no growing lists.
  const byLabel: (Mark | undefined)[] = [];
  for (const c of components) {
    if (c.area < minBlob) continue;
    const box = { x0: c.minX, y0: c.minY, x1: c.maxX, y1: c.maxY };
    byLabel[c.label] = { kind: 'faint', area: c.area, strong: 0, contrast: 0, peak: 0, density: [0, 0, 0], edge: 0, box, lengthMm: 0, thicknessMm: 0, sum: 0, dr: 0, dg: 0, db: 0, n: 0, values: new Uint8Array(c.area), grads: new Float32Array(c.area), free: new Float32Array(c.area), fn: 0, m: new Float64Array(5), nearStain: 0 };
  }
  const marksFound = byLabel.filter((m): m is Mark => m !== undefined);
  for (let i = 0; i < area; i++) {
    const label = labels[i]!;
    const m = label ? byLabel[label] : undefined;
    if (!m) continue;
    const c = contrast[i]!;
    const x = i % w;
    const y = (i - x) / w;
    m.sum += c;
    m.values[m.n] = c;
    // Sobel of the contrast, per pixel (the window's border has none).
    if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
      const gx = contrast[i + 1 - w]! + 2 * contrast[i + 1]! + contrast[i + 1 + w]! - contrast[i - 1 - w]! - 2 * contrast[i - 1]! - contrast[i - 1 + w]!;
      const gy = contrast[i - 1 + w]! + 2 * contrast[i + w]! + contrast[i + 1 + w]! - contrast[i - 1 - w]! - 2 * contrast[i - w]! - contrast[i + 1 - w]!;
      const g = Math.sqrt(gx * gx + gy * gy) / 8;
      m.grads[m.n] = g;
      if (!lent[i]) m.free[m.fn++] = g;
    }
    m.n++;
    m.m[0]! += x;
    m.m[1]! += y;
    m.m[2]! += x * x;
    m.m[3]! += y * y;
    m.m[4]! += x * y;
    if (c >= settings.minContrast) m.strong++;
    if (nearStain?.[i]) m.nearStain++;
    m.dr += px.density[i * 3]!;
    m.dg += px.density[i * 3 + 1]!;
    m.db += px.density[i * 3 + 2]!;
  }
  for (const m of marksFound) {
    m.contrast = m.sum / m.area;
    m.values.sort();
    m.peak = m.values[Math.floor(m.values.length * 0.9)]!;
    m.density = [m.dr / m.area / 255, m.dg / m.area / 255, m.db / m.area / 255];
    const grads = edgeSample(m.grads, m.free, m.fn).sort();
    m.edge = m.peak > 0 ? grads[Math.floor(grads.length * 0.9)]! / m.peak : 0;
    const [mx, my] = [m.m[0]! / m.area, m.m[1]! / m.area];
    const [vxx, vyy, vxy] = [m.m[2]! / m.area - mx * mx, m.m[3]! / m.area - my * my, m.m[4]! / m.area - mx * my];
    const root = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy * vxy);
    // A uniform bar of length L has variance L²/12 along it.
    m.lengthMm = Math.sqrt(12 * ((vxx + vyy) / 2 + root)) / pxPerMm;
    m.thicknessMm = Math.sqrt(12 * Math.max(0, (vxx + vyy) / 2 - root)) / pxPerMm;
    m.kind = classify(m, px.colour, minBlob, m.nearStain / m.area);
  }
  if (px.colour) markFadedPad(marksFound, minBlob);
  markBrokenLines(marksFound, pxPerMm);
  markDust(marksFound, pxPerMm);
  let ink = 0;
  let largest = 0;
  let faintArea = 0;
  let stain = 0;
  const marks: MarkFeatures[] = [];
  for (const m of marksFound) {
    if (m.kind === 'ink') {
      ink += m.area;
      largest = Math.max(largest, m.area);
    } else if (m.kind === 'faint') faintArea += m.area;
    else if (m.kind === 'stain') stain += m.area;
    if (options.withMarks) marks.push({ kind: m.kind, area: m.area, strong: m.strong, contrast: m.contrast, peak: m.peak, density: m.density, edge: m.edge, box: m.box, lengthMm: m.lengthMm, thicknessMm: m.thicknessMm });
  }
  const result: BoxInk = { inkShare: ink / area, faintShare: faintArea / area, largestBlobShare: largest / area, paper: px.paper, stainShare: (stain + stainPixels) / area, linesRemoved };
  if (options.withMarks) result.marks = marks;
  return result;
}

function classify(m: MarkFeatures, colour: boolean, minBlob: number, alongStain: number): MarkKind {
  const [r, g, b] = m.density;
  const top = Math.max(r, g, b);
  const spread = top - Math.min(r, g, b);
  const grey = spread <= greyWithin * top;
  if (colour && !grey && isBrown(r, g, b)) return 'stain';
  // Seen through the paper: blurred (and, being seen through paper, never dark).
  if (m.peak < 90 && m.edge < minEdge) return 'show_through';
  // A long thin straight grey bar, not dark: a printed line from the back, or what is left of a fold.
  if (grey && m.peak < 90 && m.lengthMm >= 12 && m.thicknessMm <= 1) return 'line';
  // Coloured like a stamp pad, measurably more than noise (the back showing through is coloured too, but paler).
  const padColour = colour && !grey && spread >= 0.06;
  const sharp = m.peak >= 90 || m.edge >= (padColour ? sureEdge : sureGreyEdge);
  // Not dark, and its density rising from red to blue: tinted by a stain. Along the rim it is the
  // rim (above); elsewhere a stamp seen through coffee, or a coffee rim over the back showing
  // through. No stamp pad is warm, so the clerk looks rather than the measure guessing.
  if (colour && m.peak < 90 && b >= g && g >= r && b - r >= stainTint * b) {
    if (alongStain >= rimShare) return 'stain';
    return m.area < minBlob * 2 ? 'dust' : 'faint';
  }
  if (m.strong >= minBlob && (sharp || m.strong >= m.area / 2)) return 'ink';
  // Faint, but coloured like a stamp pad (measurably: more than noise) and sharp: a dried-out pad.
  if (padColour && sharp) return 'ink';
  return m.area < minBlob * 2 ? 'dust' : 'faint';
}

/** Absorbs mostly blue and least red: brown or yellow (coffee, tea, tape). No stamp pad is. Any scale of densities. */
function isBrown(r: number, g: number, b: number): boolean {
  return b >= g && g >= r && b - r >= 0.35 * b && b - r >= 0.03 * (b > 1 ? 255 : 1);
}

/**
 * Strokes of a dried-out pad whose colour, mark by mark, is too pale to tell from noise (the
 * densities 0.03-0.06 apart): several sharp strokes (edges of ink on the surface, steeper
 * than anything seen through the paper or lent by a crease) that all absorb the same
 * channel most, and not blue (that is a stain's tint), about equally dark, are one stamp's
 * text. Noise does not agree across strokes; the back showing through is blurred; a coffee
 * rim absorbs blue; pieces of the back that a crease or a rim lends edges differ in darkness.
 */
const fadedPad = { minStrokes: 4, minSpread: 0.025, minEdge: sureGreyEdge, maxDensitySpread: 0.15 };

function markFadedPad(marks: MarkFeatures[], minBlob: number): void {
  const strokes = marks.filter((m) => {
    if (m.kind !== 'faint' || m.edge < fadedPad.minEdge || m.area < minBlob * 2) return false;
    const [r, g, b] = m.density;
    return Math.max(r, g, b) - Math.min(r, g, b) >= fadedPad.minSpread && b < Math.max(r, g);
  });
  const dominant = (m: MarkFeatures) => (m.density[0] >= m.density[1] ? 0 : 1);
  for (const channel of [0, 1]) {
    const agreeing = strokes.filter((m) => dominant(m) === channel);
    if (agreeing.length < fadedPad.minStrokes) continue;
    // One pad prints every stroke about as dark; a crease or a coffee rim lends edges to some pieces of the back, unevenly.
    const values = agreeing.map((m) => m.density[channel]!);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const spread = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    if (spread <= fadedPad.maxDensitySpread * mean) for (const m of agreeing) m.kind = 'ink';
  }
}

/**
 * A faint grey line along an axis (the back's box outline, a fold's edge) one pixel thin
 * and broken into pieces, each too short to be taken for a line: thin straight grey bars,
 * three or more in one row (within a millimetre across), are that line. Stamp text has no
 * such bars; a stamp frame long enough is a line already.
 */
function markBrokenLines(marks: MarkFeatures[], pxPerMm: number): void {
  const bars = marks.filter((m) => {
    if (m.kind !== 'faint' || m.peak >= 90 || m.thicknessMm > 0.6 || m.lengthMm < 3) return false;
    const top = Math.max(...m.density);
    return top - Math.min(...m.density) <= greyWithin * top;
  });
  for (const horizontal of [true, false]) {
    const across = (m: MarkFeatures) => (horizontal ? (m.box.y0 + m.box.y1) / 2 : (m.box.x0 + m.box.x1) / 2);
    const along = bars.filter((m) => (horizontal ? m.box.x1 - m.box.x0 > 4 * (m.box.y1 - m.box.y0 + 1) : m.box.y1 - m.box.y0 > 4 * (m.box.x1 - m.box.x0 + 1)));
    for (const m of along) {
      const row = along.filter((o) => Math.abs(across(o) - across(m)) <= pxPerMm);
      if (row.length >= 3) for (const o of row) o.kind = 'line';
    }
  }
}

/**
 * A speck of dust or a crumb of toner: a small compact mark with nothing else near it. The
 * strokes of a stamp's text are as small, but never alone: their neighbours are a millimetre
 * or two away.
 */
function markDust(marks: MarkFeatures[], pxPerMm: number): void {
  const small = 1.5 * pxPerMm;
  const near = 3 * pxPerMm;
  for (const m of marks) {
    if (m.kind !== 'ink' && m.kind !== 'faint') continue;
    if (m.box.x1 - m.box.x0 > small || m.box.y1 - m.box.y0 > small) continue;
    const alone = marks.every((o) => o === m || o.kind === 'stain' || o.kind === 'show_through' || o.box.x0 - m.box.x1 > near || m.box.x0 - o.box.x1 > near || o.box.y0 - m.box.y1 > near || m.box.y0 - o.box.y1 > near);
    if (alone) m.kind = 'dust';
  }
}

import { decodePageId, type BookletPageId } from '../booklet/qr-payload';
import type { BookletTemplate, PageLayout, RectMm } from '../booklet/template';
import { markHypotheses, type HypothesisOptions, type MarkHypothesis } from '../pipeline/fiducials';
import type { GrayImage } from '../pipeline/gray-image';
import { project, type Homography } from '../pipeline/homography';
import { findMarkCandidates } from '../pipeline/mark-candidates';
import { warpToTemplate } from '../pipeline/warp';
import { printedLinesInPlace, type FoundBox } from './printed-lines';
import { readQr } from './qr-reader';

/**
 * Registration that cannot pick the wrong page. Four marks are accepted as one page's
 * corner marks only when everything agrees:
 *
 * 1. geometry: a camera could have seen the template's mark rectangle so (fiducials.ts);
 * 2. each mark, seen through the homography, is the printed ring (dark ring, light hole,
 *    clear paper around), not a blob that happened to fit;
 * 3. the QR code decodes *and* its finder patterns are where the template printed them;
 * 4. the page's printed lines (every stamp box's four edges, the date lines) are where the
 *    template puts them for the page the QR code names.
 *
 * A photo of an open booklet has two pages' marks in the frame; sets mixing them fail 3 or 4
 * (their QR code, if it decodes, is millimetres off; their boxes are centimetres off). When
 * both pages pass, the one nearer the middle of the picture is the one photographed. Marks
 * without a readable code are 'unidentified' only when the boxes every page has (the
 * first two) are in place; anything else is unregistered, never a confident read.
 */
export interface Registered {
  kind: 'registered';
  h: Homography;
  pageId: BookletPageId;
  /** The page as straightened (template space) at the given resolution. */
  page: GrayImage;
  boxes: FoundBox[];
  turnDegrees: 0 | 90 | 180 | 270;
  tiltDegrees: number;
}

export interface Unidentified {
  kind: 'unidentified';
  h: Homography;
  page: GrayImage;
  turnDegrees: 0 | 90 | 180 | 270;
}

export type RegistrationResult = Registered | Unidentified | { kind: 'none' };

export interface RegistrationOptions {
  pxPerMm: number;
  /** The layout of an identified page (the template of the booklet's program and year). */
  layoutFor: (pageId: BookletPageId) => PageLayout | undefined;
  /** The geometry's tolerances (tests loosen them to show the later checks hold on their own). */
  geometry?: HypothesisOptions;
  /** Hypotheses tried at most: each costs a QR decode (a few ms). */
  maxTried?: number;
  /** How far the QR code's finder patterns may lie from their printed place (tests widen it to show the printed lines hold alone). */
  qrToleranceMm?: number;
  /** Straightens the page once its code is read (default: here, on this thread; page-split.ts shares it with the box helper). */
  straighten?: (scan: GrayImage, h: Homography, region: RectMm, pxPerMm: number) => GrayImage | Promise<GrayImage>;
}

export async function registerPage(scan: GrayImage, template: BookletTemplate, options: RegistrationOptions): Promise<RegistrationResult> {
  const candidates = findMarkCandidates(scan);
  if (candidates.length < 4) return { kind: 'none' };
  const hypotheses = markHypotheses(candidates, template, scan, options.geometry);
  const accepted: { registered: Registered; offCentre: number; used: MarkHypothesis['scanPoints'] }[] = [];
  const tried = darkCodeFirst(scan, hypotheses.slice(0, options.maxTried ?? 12), template);
  const withoutCode: MarkHypothesis[] = [];
  for (const hypothesis of tried) {
    if (accepted.some((a) => sharesMarks(a.used, hypothesis.scanPoints))) continue;
    const verdict = await verifyHypothesis(scan, hypothesis, template, options, false);
    if (verdict.kind === 'registered') {
      accepted.push({ registered: verdict, offCentre: hypothesis.offCentre, used: hypothesis.scanPoints });
      if (accepted.length === 2) break;
    } else if (verdict.kind === 'rejected' && verdict.reason === 'no_code') withoutCode.push(hypothesis);
  }
  if (accepted.length > 0) return accepted.sort((a, b) => a.offCentre - b.offCentre)[0]!.registered;
  // No page identified: a page of ours whose code is unreadable, if its boxes are in place.
  let unidentified: { result: Unidentified; qrDark: number } | undefined;
  for (const hypothesis of withoutCode) {
    const verdict = await verifyHypothesis(scan, hypothesis, template, options, true);
    // Of the two half-turns of one set, the one with the code's dark modules where the code belongs.
    if (verdict.kind === 'unidentified' && verdict.qrDark > (unidentified?.qrDark ?? -1)) unidentified = { result: verdict.unidentified, qrDark: verdict.qrDark };
  }
  return unidentified?.result ?? { kind: 'none' };
}

export type Verdict =
  | Registered
  | { kind: 'unidentified'; unidentified: Unidentified; qrDark: number }
  | { kind: 'rejected'; reason: 'marks_not_printed' | 'qr_misplaced' | 'lines_misplaced' | 'no_code' | 'no_code_and_lines_misplaced' };

/** Checks 2-4 of one hypothesis (see above); without a code, `orUnidentified` checks the boxes every page has. */
export async function verifyHypothesis(scan: GrayImage, hypothesis: MarkHypothesis, template: BookletTemplate, options: RegistrationOptions, orUnidentified = true): Promise<Verdict> {
  const size = template.pageSize;
  const whole = { x: 0, y: 0, width: size.width, height: size.height };
  const { h } = hypothesis;
  if (!marksLookPrinted(scan, h, template)) return { kind: 'rejected', reason: 'marks_not_printed' };
  const qr = readQr(scan, h, template.qr, options.qrToleranceMm);
  if ('misplaced' in qr) return { kind: 'rejected', reason: 'qr_misplaced' };
  const pageId = 'read' in qr ? decodePageId(qr.read.text) : undefined;
  const layout = pageId ? options.layoutFor(pageId) : undefined;
  if (!(pageId && layout) && !orUnidentified) return { kind: 'rejected', reason: 'no_code' };
  const page = await (options.straighten ?? warpToTemplate)(scan, h, whole, options.pxPerMm);
  if (pageId && layout) {
    const lines = printedLinesInPlace(page, options.pxPerMm, layout);
    if (!lines.inPlace) return { kind: 'rejected', reason: 'lines_misplaced' };
    return { kind: 'registered', h, pageId, page, boxes: lines.boxes, turnDegrees: turnOf(h, size), tiltDegrees: hypothesis.tiltDegrees };
  }
  // No code read (or not one of ours): a page of ours with a smudged code, if the boxes every page has (the first two) are in place.
  const common = { fields: template.pages[0]!.fields.slice(0, 2) };
  if (!printedLinesInPlace(page, options.pxPerMm, common).inPlace) return { kind: 'rejected', reason: 'no_code_and_lines_misplaced' };
  return { kind: 'unidentified', unidentified: { kind: 'unidentified', h, page, turnDegrees: turnOf(h, size) }, qrDark: darkShare(scan, h, template.qr) };
}

/**
 * The two half-turns of one set of marks are both hypotheses; only one has the code where the
 * template prints it, and a failed decode costs jsQR several times a good one. Of hypotheses on
 * the same four marks, the one whose code area is darker is tried first; sets keep their order.
 */
function darkCodeFirst(scan: GrayImage, hypotheses: MarkHypothesis[], template: BookletTemplate): MarkHypothesis[] {
  const groups: MarkHypothesis[][] = [];
  for (const h of hypotheses) {
    const group = groups.find((g) => sameMarks(g[0]!.scanPoints, h.scanPoints));
    if (group) group.push(h);
    else groups.push([h]);
  }
  return groups.flatMap((g) => (g.length < 2 ? g : g.map((h) => ({ h, dark: darkShare(scan, h.h, template.qr) })).sort((a, b) => b.dark - a.dark).map((x) => x.h)));
}

type Point = { x: number; y: number };

/** The same mark: centres within a pixel. */
const samePoint = (p: Point, q: Point): boolean => Math.abs(p.x - q.x) < 1 && Math.abs(p.y - q.y) < 1;

function sameMarks(a: readonly Point[], b: readonly Point[]): boolean {
  return a.length === b.length && a.every((p) => b.some((q) => samePoint(p, q)));
}

function sharesMarks(a: readonly Point[], b: readonly Point[]): boolean {
  return a.some((p) => b.some((q) => samePoint(p, q)));
}

/** How the page lies in the picture: the angle of its "up" against the picture's, in quarter turns. */
function turnOf(h: Homography, size: { width: number; height: number }): 0 | 90 | 180 | 270 {
  const bottom = project(h, size.width / 2, size.height * 0.9);
  const top = project(h, size.width / 2, size.height * 0.1);
  const angle = (Math.atan2(top.x - bottom.x, bottom.y - top.y) * 180) / Math.PI; // 0 = upright, clockwise positive
  const quarter = (((Math.round(angle / 90) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
  return ([0, 90, 180, 270] as const)[quarter];
}

/** Bilinear sample of the scan at a template point. */
function sampleAt(scan: GrayImage, h: Homography, x: number, y: number): number {
  const p = project(h, x, y);
  const sx = p.x - 0.5;
  const sy = p.y - 0.5;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  if (x0 < 0 || y0 < 0 || x0 + 1 >= scan.width || y0 + 1 >= scan.height) return 255;
  const fx = sx - x0;
  const fy = sy - y0;
  const i = y0 * scan.width + x0;
  const d = scan.data;
  const top = d[i]! + (d[i + 1]! - d[i]!) * fx;
  const bottom = d[i + scan.width]! + (d[i + scan.width + 1]! - d[i + scan.width]!) * fx;
  return top + (bottom - top) * fy;
}

/**
 * Each mark through the homography is the printed ring: its ring dark, its hole and the
 * paper around it light. Sampled on a 0.5 mm grid, away from the edges blur softens.
 */
function marksLookPrinted(scan: GrayImage, h: Homography, template: BookletTemplate): boolean {
  const half = template.fiducial.size / 2;
  const holeHalf = template.fiducial.hole / 2;
  for (const c of template.fiducial.centers) {
    let ring = 0;
    let ringN = 0;
    let hole = 0;
    let holeN = 0;
    let paper = 0;
    let paperN = 0;
    for (let dy = -5; dy <= 5; dy += 0.5) {
      for (let dx = -5; dx <= 5; dx += 0.5) {
        const r = Math.max(Math.abs(dx), Math.abs(dy));
        const inHole = r <= holeHalf - 0.5;
        const inRing = r >= holeHalf + 0.5 && r <= half - 0.5;
        const outside = r >= half + 0.6;
        if (!inHole && !inRing && !outside) continue;
        const v = sampleAt(scan, h, c.x + dx, c.y + dy);
        if (inHole) [hole, holeN] = [hole + v, holeN + 1];
        else if (inRing) [ring, ringN] = [ring + v, ringN + 1];
        else [paper, paperN] = [paper + v, paperN + 1];
      }
    }
    const ringMean = ring / ringN;
    const light = Math.min(hole / holeN, paper / paperN);
    if (light - ringMean < Math.max(25, 0.3 * (paper / paperN))) return false;
  }
  return true;
}

/** Share of dark samples in the code's area: high where a QR code is, low on a box's corner. */
function darkShare(scan: GrayImage, h: Homography, area: { x: number; y: number; width: number; height: number }): number {
  const values: number[] = [];
  for (let y = area.y + 3; y < area.y + area.height - 3; y += 0.6) for (let x = area.x + 3; x < area.x + area.width - 3; x += 0.6) values.push(sampleAt(scan, h, x, y));
  const sorted = [...values].sort((a, b) => a - b);
  const paper = sorted[Math.floor(sorted.length * 0.95)]!;
  return values.filter((v) => v < paper * 0.6).length / values.length;
}

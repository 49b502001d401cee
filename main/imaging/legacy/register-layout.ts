import { decodeScan } from '../pipeline/decode-scan';
import type { GrayImage } from '../pipeline/gray-image';
import { project, type Homography } from '../pipeline/homography';
import type { InputLimits } from '../safe-input';
import type { RegionPlacement } from './measure-regions';
import { matchFeatures, ransacHomography } from './feature-match';
import { blankRegions, workingImage, workingWidth, type LayoutReference, type ShareRect } from './layout-reference';
import { detectFeatures, mergeFeatures, type PageFeatures } from './page-features';
import { printAgreement, printMap, type PrintAgreement } from './print-map';

/**
 * A legacy page (no marks) registered against the layouts the clerk drew before, by its
 * printed content: the scan's points are matched to each layout's, a homography is fitted,
 * and the fit must prove itself before any region is placed by it. Anything short of proof is
 * "unregistered" and the clerk draws by hand, as before.
 */
export interface StoredLayout {
  id: string;
  reference: LayoutReference;
  /** Regions as shares of the reference page. */
  regions: readonly { measure: number; rect: ShareRect }[];
}

export interface LayoutCheck {
  layoutId: string;
  matches: number;
  inliers: number;
  rms: number;
  agreement?: PrintAgreement;
  /** Why the fit was not taken; absent when it passed. */
  refused?: string;
}

export type LayoutRegistration =
  | { kind: 'registered'; layoutId: string; h: Homography; regions: { measure: number; rect: ShareRect }[]; placement: RegionPlacement; checks: LayoutCheck[] }
  | { kind: 'unregistered'; reason: string; checks: LayoutCheck[] };

/**
 * What a fit must show. Measured on the generated legacy corpus (test/legacy-corpus): pages of
 * the layout give 100-400 inliers at rms below 0.6 px, and their print correlates with the
 * reference's at 0.95 overall and 0.86 in the worst cell (turned 12°, scaled, keystoned, noisy);
 * a page of another form gives fewer than 10 coincidental inliers, and the same form with
 * other titles (another page of the booklet) fits as well as the right one but its worst cell
 * correlates at 0.54.
 */
export const verification = {
  minInliers: 30,
  minInlierShare: 0.2,
  maxRms: 2,
  /** Of a 3 × 3 grid over the reference page: the fit must be supported all over it. */
  minCoveredCells: 5,
  minPrintCorrelation: 0.8,
  minCellCorrelation: 0.72,
  /** A second layout this close to the best one is a tie: no guess between them. */
  tieShare: 0.7,
};

/** Scales the scan's points are found at, against the reference's one: the page may fill more or less of the picture. */
const queryScales = [0.8, 1, 1.25];

export interface ScanForLayouts {
  /** The page's own size (the archive the regions are measured on). */
  pageSize: { width: number; height: number };
  image: GrayImage;
  features: PageFeatures;
  print: Uint8Array;
}

/** The scan's working image, its points at several scales and its print. */
export async function prepareScan(archive: Buffer, limits: InputLimits = {}): Promise<ScanForLayouts> {
  const page = await decodeScan(archive, limits);
  const image = await workingImage(page, workingWidth);
  const levels: PageFeatures[] = [];
  for (const scale of queryScales) {
    const level = scale === 1 ? image : await workingImage(image, Math.round(workingWidth * scale));
    levels.push(detectFeatures(level, { scale, maxPoints: 700 }));
  }
  return { pageSize: { width: page.width, height: page.height }, image, features: mergeFeatures(levels), print: printMap(image) };
}

export function registerOnLayouts(scan: ScanForLayouts, layouts: readonly StoredLayout[]): LayoutRegistration {
  const checks: LayoutCheck[] = [];
  const passed: { layout: StoredLayout; h: Homography; inliers: number }[] = [];
  for (const layout of layouts) {
    const { check, h } = checkLayout(scan, layout);
    checks.push(check);
    if (!check.refused && h) passed.push({ layout, h, inliers: check.inliers });
  }
  if (passed.length === 0) return { kind: 'unregistered', reason: layouts.length ? 'no layout fits' : 'no layouts', checks };
  passed.sort((a, b) => b.inliers - a.inliers);
  const best = passed[0]!;
  const regions = best.layout.regions.map((r) => ({ measure: r.measure, rect: mapRect(best.h, r.rect, best.layout.reference, scan.image) }));
  // Two layouts that both fit are the same form drawn twice, or a tie that must not be guessed.
  for (const other of passed.slice(1)) {
    if (other.inliers < verification.tieShare * best.inliers) break;
    const theirs = other.layout.regions.map((r) => ({ measure: r.measure, rect: mapRect(other.h, r.rect, other.layout.reference, scan.image) }));
    if (!sameRegions(regions, theirs)) return { kind: 'unregistered', reason: 'two layouts fit with different fields', checks };
  }
  return { kind: 'registered', layoutId: best.layout.id, h: best.h, regions, placement: placementOf(best.h, best.layout, scan), checks };
}

function checkLayout(scan: ScanForLayouts, layout: StoredLayout): { check: LayoutCheck; h?: Homography } {
  const ref = layout.reference;
  const matches = matchFeatures(ref.features, scan.features);
  const fit = ransacHomography(matches, { threshold: 3 });
  const check: LayoutCheck = { layoutId: layout.id, matches: matches.length, inliers: fit?.inliers.length ?? 0, rms: fit?.rms ?? 0 };
  const refuse = (why: string) => ({ check: { ...check, refused: why } });
  if (!fit || fit.inliers.length < verification.minInliers) return refuse('too few points agree');
  if (fit.inliers.length < verification.minInlierShare * matches.length) return refuse('too few of the matches agree');
  if (fit.rms > verification.maxRms) return refuse('points agree only loosely');
  const sanity = pageShapeProblem(fit.h, ref, scan.image);
  if (sanity) return refuse(sanity);
  const cells = new Set(fit.inliers.map((m) => Math.min(2, Math.floor((m.from.y / ref.height) * 3)) * 3 + Math.min(2, Math.floor((m.from.x / ref.width) * 3))));
  if (cells.size < verification.minCoveredCells) return refuse('the agreeing points cover too little of the page');
  const agreement = printAgreement(ref, { width: scan.image.width, height: scan.image.height, print: scan.print }, fit.h, regionMask(layout));
  check.agreement = agreement;
  if (agreement.overall < verification.minPrintCorrelation || agreement.worstCell < verification.minCellCorrelation) return refuse('the print differs from the layout');
  return { check, h: fit.h };
}

/** The reference's regions, grown as when the reference was made: not judged (a scan has stamps there). */
function regionMask(layout: StoredLayout): Uint8Array {
  return blankRegions({ data: new Uint8Array(layout.reference.width * layout.reference.height), width: layout.reference.width, height: layout.reference.height }, layout.regions.map((r) => r.rect)).mask;
}

/**
 * The reference page's outline as the fit puts it on the scan must look like a page lying on
 * a scanner or photographed: convex, corners not too sharp, the size plausible.
 */
function pageShapeProblem(h: Homography, ref: { width: number; height: number }, scan: { width: number; height: number }): string | null {
  const corners = [project(h, 0, 0), project(h, ref.width, 0), project(h, ref.width, ref.height), project(h, 0, ref.height)];
  if (corners.some((c) => !Number.isFinite(c.x) || !Number.isFinite(c.y))) return 'the fit is degenerate';
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = corners[i]!;
    const b = corners[(i + 1) % 4]!;
    const c = corners[(i + 2) % 4]!;
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (sign === 0) sign = Math.sign(cross);
    if (Math.sign(cross) !== sign || sign <= 0) return 'the fitted page is not a plausible quadrilateral';
    const u = { x: a.x - b.x, y: a.y - b.y };
    const v = { x: c.x - b.x, y: c.y - b.y };
    const angle = (Math.acos((u.x * v.x + u.y * v.y) / (Math.hypot(u.x, u.y) * Math.hypot(v.x, v.y))) * 180) / Math.PI;
    if (angle < 55 || angle > 125) return 'the fitted page is skewed beyond a photo';
  }
  let area = 0;
  for (let i = 0; i < 4; i++) area += corners[i]!.x * corners[(i + 1) % 4]!.y - corners[(i + 1) % 4]!.x * corners[i]!.y;
  const share = Math.abs(area) / 2 / (scan.width * scan.height);
  if (share < 0.25 || share > 1.6) return 'the fitted page has an implausible size';
  return null;
}

/** The fit from the reference's shares to the page's own pixels, for straightened regions. */
function placementOf(h: Homography, layout: StoredLayout, scan: ScanForLayouts): RegionPlacement {
  const { width: rw, height: rh } = layout.reference;
  const k = scan.pageSize.width / scan.image.width;
  const m = scan.pageSize.height / scan.image.height;
  const toPage: Homography = [k * h[0] * rw, k * h[1] * rh, k * h[2], m * h[3] * rw, m * h[4] * rh, m * h[5], h[6] * rw, h[7] * rh, h[8]];
  return { referenceToPage: toPage, referenceAspect: rh / rw, rects: new Map(layout.regions.map((r) => [r.measure, r.rect])) };
}

/** A reference region on the scan: the bounding box of its four mapped corners, clamped to the page. */
export function mapRect(h: Homography, rect: ShareRect, ref: { width: number; height: number }, scan: { width: number; height: number }): ShareRect {
  const pts = [
    [rect.x, rect.y],
    [rect.x + rect.width, rect.y],
    [rect.x + rect.width, rect.y + rect.height],
    [rect.x, rect.y + rect.height],
  ].map(([x, y]) => project(h, x! * ref.width, y! * ref.height));
  const clamp = (v: number) => Math.max(0, Math.min(1, v));
  const x0 = clamp(Math.min(...pts.map((p) => p.x)) / scan.width);
  const y0 = clamp(Math.min(...pts.map((p) => p.y)) / scan.height);
  const x1 = clamp(Math.max(...pts.map((p) => p.x)) / scan.width);
  const y1 = clamp(Math.max(...pts.map((p) => p.y)) / scan.height);
  return { x: x0, y: y0, width: Math.max(0.005, x1 - x0), height: Math.max(0.005, y1 - y0) };
}

function sameRegions(a: { measure: number; rect: ShareRect }[], b: { measure: number; rect: ShareRect }[]): boolean {
  if (a.length !== b.length) return false;
  const key = (r: { measure: number }) => r.measure;
  const sa = [...a].sort((p, q) => key(p) - key(q));
  const sb = [...b].sort((p, q) => key(p) - key(q));
  return sa.every((r, i) => {
    const o = sb[i]!;
    return r.measure === o.measure && Math.abs(r.rect.x - o.rect.x) < 0.02 && Math.abs(r.rect.y - o.rect.y) < 0.02 && Math.abs(r.rect.width - o.rect.width) < 0.02 && Math.abs(r.rect.height - o.rect.height) < 0.02;
  });
}

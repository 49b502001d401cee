import type { BookletTemplate } from '../booklet/template';
import { homographyFrom, project, type Homography, type Point } from './homography';
import type { MarkCandidate } from './mark-candidates';

/**
 * Which four mark candidates could be one page's corner marks. Four points always define
 * some homography; what makes them a page is that a real camera (or a flatbed) could have
 * seen the template's mark rectangle (130 × 192 mm) that way: the homography must factor
 * into a focal length and a rotation (the page's axes at right angles and of the
 * template's lengths), tilted no more than a member holds a phone, and each mark must be as
 * large as the homography says it should be there. Sets spanning two pages of an open
 * booklet fail this in most cases; the rest is left to what must be printed between
 * the marks (registration.ts), which no wrong set survives.
 *
 * Returns hypotheses best first: the centres top-left, top-right, bottom-right,
 * bottom-left of the page as assigned, for the page upright or half-turned; the QR code
 * decides which.
 */
export interface MarkHypothesis {
  /** Scan points for the template's marks (top-left, top-right, bottom-right, bottom-left). */
  scanPoints: [Point, Point, Point, Point];
  /** Template (mm) to scan (px). */
  h: Homography;
  /** How far from a perfect camera fit (0 = perfect). */
  error: number;
  /** The page's tilt against the camera, degrees (0 for a flatbed). */
  tiltDegrees: number;
  /** Distance of the marks' centre from the image centre, as a share of the image's long side. */
  offCentre: number;
}

export interface HypothesisOptions {
  /** Largest camera fit error accepted (relative, on both right angle and side ratio). */
  maxError?: number;
  maxTiltDegrees?: number;
  maxHypotheses?: number;
  /** Largest relative difference between a mark's size and the size the fit gives it there. */
  maxSizeError?: number;
}

export function markHypotheses(candidates: readonly MarkCandidate[], template: BookletTemplate, image: { width: number; height: number }, options: HypothesisOptions = {}): MarkHypothesis[] {
  const maxError = options.maxError ?? 0.06;
  const maxTilt = options.maxTiltDegrees ?? 40;
  const marks = template.fiducial.centers;
  const longSide = Math.max(image.width, image.height);
  const hypotheses: MarkHypothesis[] = [];
  const n = candidates.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = j + 1; k < n; k++) {
        for (let l = k + 1; l < n; l++) {
          const set = clockwise([candidates[i]!, candidates[j]!, candidates[k]!, candidates[l]!]);
          if (!set) continue;
          const sides = set.map((c) => c.side);
          if (Math.max(...sides) / Math.min(...sides) > 1 + 2 * (options.maxSizeError ?? 0.45)) continue;
          // The page's long side runs either way round the set; half-turns share the fit.
          for (const start of [0, 1, 2, 3]) {
            const points = [0, 1, 2, 3].map((q) => set[(start + q) % 4]!) as [MarkCandidate, MarkCandidate, MarkCandidate, MarkCandidate];
            let h: Homography;
            try {
              h = homographyFrom(marks, points);
            } catch {
              continue;
            }
            const fit = cameraFit(h, image.width / 2, image.height / 2, longSide);
            if (fit.error > maxError || fit.tiltDegrees > maxTilt) continue;
            const sizeError = markSizeError(h, points, template);
            if (sizeError > (options.maxSizeError ?? 0.45)) continue;
            const cx = (points[0].x + points[1].x + points[2].x + points[3].x) / 4;
            const cy = (points[0].y + points[1].y + points[2].y + points[3].y) / 4;
            hypotheses.push({
              scanPoints: points.map((p) => ({ x: p.x, y: p.y })) as [Point, Point, Point, Point],
              h,
              error: fit.error + sizeError * 0.2,
              tiltDegrees: fit.tiltDegrees,
              offCentre: Math.hypot(cx - image.width / 2, cy - image.height / 2) / longSide,
            });
          }
        }
      }
    }
  }
  return hypotheses.sort((a, b) => a.error - b.error).slice(0, options.maxHypotheses ?? 16);
}

/** The four points in clockwise order on screen (y down), or undefined when they do not form a convex quadrilateral. */
function clockwise(points: MarkCandidate[]): MarkCandidate[] | undefined {
  const cx = points.reduce((s, p) => s + p.x, 0) / 4;
  const cy = points.reduce((s, p) => s + p.y, 0) / 4;
  const sorted = [...points].sort((p, q) => Math.atan2(p.y - cy, p.x - cx) - Math.atan2(q.y - cy, q.x - cx));
  for (let q = 0; q < 4; q++) {
    const a = sorted[q]!;
    const b = sorted[(q + 1) % 4]!;
    const c = sorted[(q + 2) % 4]!;
    if ((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x) <= 0) return undefined;
  }
  return sorted;
}

/**
 * How well the homography factors as K [r1 r2 t] for a pinhole camera with its principal
 * point at the image centre and some focal length f: r1 and r2 (the images of the
 * template's x and y axes, whose units are millimetres) must be orthogonal and equally
 * long. Returns the best over f of the larger of the two relative errors, and the tilt
 * there. A flatbed scan is the limit of a very long focal length.
 */
export function cameraFit(h: Homography, cx: number, cy: number, longSide: number): { error: number; tiltDegrees: number; focal: number } {
  // f·K⁻¹·h for the first two columns: (h_x − cx·h_w, h_y − cy·h_w, f·h_w).
  const a1 = h[0] - cx * h[6];
  const b1 = h[3] - cy * h[6];
  const a2 = h[1] - cx * h[7];
  const b2 = h[4] - cy * h[7];
  const w1 = h[6];
  const w2 = h[7];
  let best = { error: Infinity, tiltDegrees: 90, focal: 0 };
  const consider = (f: number) => {
    if (!(f > 0) || !Number.isFinite(f)) return;
    const z1 = f * w1;
    const z2 = f * w2;
    const n1 = Math.hypot(a1, b1, z1);
    const n2 = Math.hypot(a2, b2, z2);
    const orth = Math.abs(a1 * a2 + b1 * b2 + z1 * z2) / (n1 * n2);
    const ratio = Math.abs(n1 / n2 - 1);
    const error = Math.max(orth, ratio);
    if (error >= best.error) return;
    // Normal of the page plane in camera space: r1 × r2; its angle to the optical axis is the tilt.
    const nx = b1 * z2 - z1 * b2;
    const ny = z1 * a2 - a1 * z2;
    const nz = a1 * b2 - b1 * a2;
    const tilt = (Math.acos(Math.min(1, Math.abs(nz) / Math.hypot(nx, ny, nz))) * 180) / Math.PI;
    best = { error, tiltDegrees: tilt, focal: f };
  };
  // Log-spaced focal lengths from a wide phone lens to an almost orthographic flatbed…
  for (let f = 0.3 * longSide; f <= 40 * longSide; f *= 1.15) consider(f);
  // …and the two exact solutions (right angle; equal lengths), where they exist.
  if (w1 * w2 !== 0) consider(Math.sqrt(-(a1 * a2 + b1 * b2) / (w1 * w2)));
  if (w1 * w1 !== w2 * w2) consider(Math.sqrt((a2 * a2 + b2 * b2 - a1 * a1 - b1 * b1) / (w1 * w1 - w2 * w2)));
  return best;
}

/** Largest relative difference between a mark's measured side and the side the homography gives it there. */
function markSizeError(h: Homography, points: readonly MarkCandidate[], template: BookletTemplate): number {
  const size = template.fiducial.size;
  let worst = 0;
  template.fiducial.centers.forEach((m, q) => {
    const o = project(h, m.x, m.y);
    const ex = project(h, m.x + 1, m.y);
    const ey = project(h, m.x, m.y + 1);
    // Area scale (px² per mm²) from the local Jacobian.
    const area = Math.abs((ex.x - o.x) * (ey.y - o.y) - (ex.y - o.y) * (ey.x - o.x));
    const expected = Math.sqrt(area) * size;
    worst = Math.max(worst, Math.abs(points[q]!.side / expected - 1));
  });
  return worst;
}

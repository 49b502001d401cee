import { homographyFrom, project, type Homography, type Point } from '../pipeline/homography';
import { descriptorWords, type PageFeatures } from './page-features';

/**
 * Pairs of points of two pages whose codes agree, and the one projective transform most of
 * them agree on (RANSAC over four-point fits, then a least-squares fit on all that agree).
 */
export interface Match {
  from: Point;
  to: Point;
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * For each point of `query` the nearest code of `reference` by Hamming distance, kept when it
 * is close (≤ maxDistance bits) and clearly closer than the second nearest (Lowe's ratio): a
 * corner that repeats on the page (every box has four alike) matches nothing rather than the
 * wrong one.
 */
export function matchFeatures(reference: PageFeatures, query: PageFeatures, maxDistance = 64, ratio = 0.8): Match[] {
  const matches: Match[] = [];
  const rd = reference.descriptors;
  const qd = query.descriptors;
  const nr = reference.x.length;
  for (let q = 0; q < query.x.length; q++) {
    const qa = q * descriptorWords;
    let best = 257;
    let second = 257;
    let bestIndex = -1;
    for (let r = 0; r < nr; r++) {
      const ra = r * descriptorWords;
      let d = 0;
      for (let k = 0; k < descriptorWords && d < second; k++) d += popcount(qd[qa + k]! ^ rd[ra + k]!);
      if (d < best) {
        second = best;
        best = d;
        bestIndex = r;
      } else if (d < second) second = d;
    }
    if (bestIndex >= 0 && best <= maxDistance && best < ratio * second) matches.push({ from: { x: reference.x[bestIndex]!, y: reference.y[bestIndex]! }, to: { x: query.x[q]!, y: query.y[q]! } });
  }
  return matches;
}

export interface HomographyFit {
  h: Homography;
  inliers: Match[];
  /** Root mean square distance of the inliers from where the fit puts them, px. */
  rms: number;
}

/** A small deterministic generator: the same pages give the same fit. */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function error2(h: Homography, m: Match): number {
  const p = project(h, m.from.x, m.from.y);
  return (p.x - m.to.x) ** 2 + (p.y - m.to.y) ** 2;
}

/** Twice the area of the triangle: near 0 for three points on a line. */
function spread(a: Point, b: Point, c: Point): number {
  return Math.abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y));
}

export function ransacHomography(matches: readonly Match[], options: { threshold?: number; iterations?: number; seed?: number } = {}): HomographyFit | null {
  if (matches.length < 8) return null;
  const t2 = (options.threshold ?? 3) ** 2;
  const random = seeded(options.seed ?? 7);
  let best: { h: Homography; count: number } | null = null;
  let needed = options.iterations ?? 2000;
  for (let it = 0; it < needed; it++) {
    const idx = new Set<number>();
    while (idx.size < 4) idx.add(Math.floor(random() * matches.length));
    const sample = [...idx].map((i) => matches[i]!);
    const f = sample.map((m) => m.from);
    const g = sample.map((m) => m.to);
    if (Math.min(spread(f[0]!, f[1]!, f[2]!), spread(f[0]!, f[1]!, f[3]!), spread(f[0]!, f[2]!, f[3]!), spread(f[1]!, f[2]!, f[3]!)) < 400) continue;
    let h: Homography;
    try {
      h = homographyFrom(f, g);
    } catch {
      continue;
    }
    if (h[0] * h[4] - h[1] * h[3] <= 0) continue; // a mirror image is no scan of a page
    let count = 0;
    for (const m of matches) if (error2(h, m) < t2) count++;
    if (!best || count > best.count) {
      best = { h, count };
      const w = count / matches.length;
      needed = Math.min(needed, Math.ceil(Math.log(0.001) / Math.log(Math.max(1e-9, 1 - w ** 4))) + 20);
    }
  }
  if (!best || best.count < 8) return null;
  let h = best.h;
  let inliers = matches.filter((m) => error2(h, m) < t2);
  for (let round = 0; round < 3 && inliers.length >= 8; round++) {
    const refined = leastSquares(inliers);
    if (!refined) break;
    h = refined;
    inliers = matches.filter((m) => error2(h, m) < t2);
  }
  const rms = Math.sqrt(inliers.reduce((sum, m) => sum + error2(h, m), 0) / Math.max(1, inliers.length));
  return { h, inliers, rms };
}

/** The homography (h33 = 1) that fits all pairs best, on coordinates normalised for conditioning. */
export function leastSquares(matches: readonly Match[]): Homography | null {
  const norm = (pts: Point[]) => {
    const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
    const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
    const d = pts.reduce((s, p) => s + Math.hypot(p.x - cx, p.y - cy), 0) / pts.length || 1;
    return { cx, cy, k: Math.SQRT2 / d };
  };
  const nf = norm(matches.map((m) => m.from));
  const nt = norm(matches.map((m) => m.to));
  const ata = Array.from({ length: 8 }, () => new Float64Array(9));
  const add = (row: number[], rhs: number) => {
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) ata[i]![j]! += row[i]! * row[j]!;
      ata[i]![8]! += row[i]! * rhs;
    }
  };
  for (const m of matches) {
    const x = (m.from.x - nf.cx) * nf.k;
    const y = (m.from.y - nf.cy) * nf.k;
    const u = (m.to.x - nt.cx) * nt.k;
    const v = (m.to.y - nt.cy) * nt.k;
    add([x, y, 1, 0, 0, 0, -u * x, -u * y], u);
    add([0, 0, 0, x, y, 1, -v * x, -v * y], v);
  }
  const sol = gauss(ata);
  if (!sol) return null;
  // Undo the normalisation: H = Tt⁻¹ · Hn · Tf.
  const hn = [...sol, 1];
  const tf = [nf.k, 0, -nf.k * nf.cx, 0, nf.k, -nf.k * nf.cy, 0, 0, 1];
  const ttInv = [1 / nt.k, 0, nt.cx, 0, 1 / nt.k, nt.cy, 0, 0, 1];
  const h = mul(ttInv, mul(hn, tf));
  const s = h[8]!;
  if (Math.abs(s) < 1e-12) return null;
  return h.map((v) => v / s) as unknown as Homography;
}

function mul(a: number[], b: number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return out;
}

function gauss(m: Float64Array[]): number[] | null {
  const n = m.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      if (f !== 0) for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

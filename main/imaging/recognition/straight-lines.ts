import { dilateSquare } from '../pipeline/mask-dilation';

/**
 * Straight lines that cross a whole stamp box: a fold in the paper (a thin shadow all the way
 * across), or the outline of a box on the back of the sheet showing through. No stamp or
 * signature draws one: a stamp's frame is at most 55 mm long in an 82 mm box, and a
 * signature is a curve. Found with a Hough transform over the marked pixels, for lines within
 * 15° of the page's axes (folds and outlines run along them); a line counts when marked
 * pixels cover most of its chord through the box.
 */
export interface SpanningLine {
  /** Normal angle (radians) and distance from the window's origin (pixels): x·cos θ + y·sin θ = ρ. */
  theta: number;
  rho: number;
  /** Share of the chord through the window covered by marked pixels (in a band three pixels wide). */
  cover: number;
}

const angles = 180;
const cosTable = Float64Array.from({ length: angles }, (_, a) => Math.cos((a * Math.PI) / angles));
const sinTable = Float64Array.from({ length: angles }, (_, a) => Math.sin((a * Math.PI) / angles));
/** Normal angles (degrees) of lines within 15° of vertical (normal near 0° or 180°) or horizontal (near 90°). */
const nearAxes = Array.from({ length: angles }, (_, a) => a).filter((a) => a <= 15 || a >= 165 || Math.abs(a - 90) <= 15);

/**
 * Votes are cast on the mask shrunk by two (a block is marked when any of its four pixels
 * is), which takes a quarter of the pixels and still sees any line the full mask has; each
 * line voted for is then measured on the full mask, at the best of the offsets the
 * shrinking leaves open.
 */
export function spanningLines(mask: Uint8Array, w: number, h: number, minCover = 0.8): SpanningLine[] {
  let marked = 0;
  for (let i = 0; i < mask.length; i++) marked += mask[i]!;
  // A line across the box has at least the box's smaller side in pixels.
  if (marked < Math.min(w, h) * minCover) return [];
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  const coarse = new Uint8Array(cw * ch);
  for (let y = 0; y < h; y++) {
    const line = y * w;
    const out = (y >> 1) * cw;
    for (let x = 0; x < w; x++) if (mask[line + x]) coarse[out + (x >> 1)] = 1;
  }
  const diagonal = Math.ceil(Math.hypot(cw, ch));
  const span = 2 * diagonal + 1;
  const votes = houghVotes(coarse, cw, ch, diagonal, span);
  const memo = new Float32Array(angles * span).fill(-1);
  const near = dilateSquare(coarse, cw, ch, 1);
  const coarseCoverage = (a: number, r: number): number => {
    const k = a * span + r;
    if (memo[k]! < 0) memo[k] = coverage(coarse, cw, ch, cosTable[a]!, sinTable[a]!, r - diagonal, minCover * 0.8, near);
    return memo[k]!;
  };
  const found: SpanningLine[] = [];
  for (const a of nearAxes) {
    const c = cosTable[a]!;
    const s = sinTable[a]!;
    // Roughly the chord of such a line through the shrunk window.
    const across = Math.min(Math.abs(s) > 1e-9 ? cw / Math.abs(s) : Infinity, Math.abs(c) > 1e-9 ? ch / Math.abs(c) : Infinity);
    for (let r = 1; r < span - 1; r++) {
      // A thick line spreads over neighbouring ρ: count a band of three.
      const v = votes[a * span + r - 1]! + votes[a * span + r]! + votes[a * span + r + 1]!;
      if (v < across * minCover) continue;
      // Most voted bands are stamp text, not a line: the shrunk mask's coverage rules them out cheaply.
      const coarseCover = Math.max(coarseCoverage(a, r - 1), coarseCoverage(a, r), coarseCoverage(a, r + 1));
      if (coarseCover < minCover * 0.8) continue;
      // Block (x, y) covers full pixels 2x and 2x+1: its ρ, doubled, plus half a pixel each way.
      const centre = 2 * (r - diagonal) + 0.5 * (c + s);
      const theta = (a * Math.PI) / angles;
      let best: SpanningLine | undefined;
      for (let d = -2; d <= 2; d++) {
        const rho = Math.round(centre) + d;
        // One line is found once: its neighbours in angle and offset are skipped before measuring.
        if (found.some((l) => Math.abs(l.theta - theta) < 0.05 && Math.abs(l.rho - rho) < 4)) continue;
        if (chordLength(c, s, rho, w, h) < Math.min(w, h) * 0.9) continue;
        const cover = coverage(mask, w, h, c, s, rho, minCover);
        if (cover >= minCover && (!best || cover > best.cover)) best = { theta, rho, cover };
      }
      if (best) found.push(best);
    }
  }
  return found;
}

/**
 * Votes of every marked block for the lines near the axes through it. The blocks are listed
 * once and each angle walks the list (the hot loop of a box's measure). ρ + diagonal is never negative, so adding ½ and
 * truncating rounds as Math.round does.
 */
function houghVotes(coarse: Uint8Array, cw: number, ch: number, diagonal: number, span: number): Uint16Array {
  let n = 0;
  for (let i = 0; i < coarse.length; i++) n += coarse[i]!;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let y = 0, k = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      if (!coarse[y * cw + x]) continue;
      xs[k] = x;
      ys[k++] = y;
    }
  }
  const votes = new Uint16Array(angles * span);
  const offset = diagonal + 0.5;
  for (const a of nearAxes) {
    const c = cosTable[a]!;
    const s = sinTable[a]!;
    const base = a * span;
    for (let k = 0; k < n; k++) votes[base + ((xs[k]! * c + ys[k]! * s + offset) | 0)]!++;
  }
  return votes;
}

/** Length of the line x·c + y·s = ρ inside the w × h window. */
function chordLength(c: number, s: number, rho: number, w: number, h: number): number {
  const points: [number, number][] = [];
  if (Math.abs(s) > 1e-9) {
    for (const x of [0, w]) {
      const y = (rho - x * c) / s;
      if (y >= 0 && y <= h) points.push([x, y]);
    }
  }
  if (Math.abs(c) > 1e-9) {
    for (const y of [0, h]) {
      const x = (rho - y * s) / c;
      if (x >= 0 && x <= w) points.push([x, y]);
    }
  }
  let longest = 0;
  for (const p of points) for (const q of points) longest = Math.max(longest, Math.hypot(p[0] - q[0], p[1] - q[1]));
  return longest;
}

/**
 * Share of the steps along the line where a marked pixel lies within a pixel of it. Most lines
 * asked about are bands of stamp text that cover far less than `need`: the walk stops as soon
 * as the steps left cannot reach it and answers 0 (the exact share only when it is `need` or more).
 */
function coverage(mask: Uint8Array, w: number, h: number, c: number, s: number, rho: number, need: number, near?: Uint8Array): number {
  // Walk along the line's direction (−s, c) from the foot of the normal.
  const fx = rho * c;
  const fy = rho * s;
  const reach = Math.hypot(w, h);
  // Only the steps inside the window: x = fx − t·s in [0, w), y = fy + t·c in [0, h).
  let lo = -reach;
  let hi = reach;
  if (Math.abs(s) > 1e-9) [lo, hi] = [Math.max(lo, Math.min((fx - w) / s, fx / s) - 1), Math.min(hi, Math.max((fx - w) / s, fx / s) + 1)];
  if (Math.abs(c) > 1e-9) [lo, hi] = [Math.max(lo, Math.min(-fy / c, (h - fy) / c) - 1), Math.min(hi, Math.max(-fy / c, (h - fy) / c) + 1)];
  // The same steps as from −reach: t = −reach + k.
  const first = -reach + Math.max(0, Math.ceil(lo + reach));
  // At most this many steps (the bounds above are a step wide): more misses than `allowed` and the share stays below `need`.
  const most = Math.max(0, Math.floor(hi - first) + 2);
  const allowed = most - need * most;
  if (near && tooManyMisses(near, w, h, c, s, fx, fy, first, hi, allowed)) return 0;
  let steps = 0;
  let hits = 0;
  for (let t = first; t <= hi; t += 1) {
    const x = fx - t * s;
    const y = fy + t * c;
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    steps++;
    let hit = false;
    for (let d = -1; d <= 1 && !hit; d++) {
      const px = Math.round(x + d * c);
      const py = Math.round(y + d * s);
      if (px >= 0 && py >= 0 && px < w && py < h && mask[py * w + px]) hit = true;
    }
    if (hit) hits++;
    else if (steps - hits > allowed) return 0;
  }
  return steps ? hits / steps : 0;
}

/**
 * The walk of `coverage` with one look a step, at the nearest pixel of `near` (the mask
 * dilated by one pixel each way): every pixel a step of the exact walk may look at is within
 * one pixel of that one, so this counts at most the exact walk's misses. When even these are
 * too many, the exact walk's are too.
 */
function tooManyMisses(near: Uint8Array, w: number, h: number, c: number, s: number, fx: number, fy: number, first: number, hi: number, allowed: number): boolean {
  let misses = 0;
  for (let t = first; t <= hi; t += 1) {
    const x = fx - t * s;
    const y = fy + t * c;
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    const px = Math.min(w - 1, Math.round(x));
    const py = Math.min(h - 1, Math.round(y));
    if (!near[py * w + px] && ++misses > allowed) return true;
  }
  return false;
}

/** The pixels within `halfWidth` of the line, walked along the line rather than over the whole window. */
export function linePixels(line: SpanningLine, w: number, h: number, halfWidth: number): Int32Array {
  const c = Math.cos(line.theta);
  const s = Math.sin(line.theta);
  const out: number[] = [];
  // Step along the axis the line runs nearer (t), and per step take the pixels across it (u) within reach.
  const alongX = Math.abs(s) >= Math.abs(c);
  const [steps, across, a, b] = alongX ? [w, h, c, s] : [h, w, s, c];
  const reach = halfWidth / Math.abs(b);
  for (let t = 0; t < steps; t++) {
    const centre = (line.rho - t * a) / b;
    const lo = Math.max(0, Math.ceil(centre - reach - 1e-9));
    const hi = Math.min(across - 1, Math.floor(centre + reach + 1e-9));
    for (let u = lo; u <= hi; u++) if (Math.abs(t * a + u * b - line.rho) <= halfWidth) out.push(alongX ? u * w + t : t * w + u);
  }
  // Row by row, as a scan over the window would list them.
  return Int32Array.from(out).sort();
}

/**
 * The line fitted to the marked pixels near it (total least squares), which undoes the
 * Hough transform's one-degree steps: over a box 80 mm wide they are more than a millimetre.
 */
export function refineLine(line: SpanningLine, mask: Uint8Array, w: number, h: number, band = 4): SpanningLine {
  let current = line;
  for (let pass = 0; pass < 2; pass++) {
    let n = 0;
    let sx = 0;
    let sy = 0;
    const points: number[] = [];
    for (const i of linePixels(current, w, h, band)) {
      if (!mask[i]) continue;
      const x = i % w;
      const y = (i - x) / w;
      points.push(x, y);
      sx += x;
      sy += y;
      n++;
    }
    if (n < 10) return current;
    const mx = sx / n;
    const my = sy / n;
    let xx = 0;
    let yy = 0;
    let xy = 0;
    for (let k = 0; k < points.length; k += 2) {
      const dx = points[k]! - mx;
      const dy = points[k + 1]! - my;
      xx += dx * dx;
      yy += dy * dy;
      xy += dx * dy;
    }
    // The normal is the direction of least spread.
    const theta = 0.5 * Math.atan2(2 * xy, xx - yy) + Math.PI / 2;
    current = { theta, rho: mx * Math.cos(theta) + my * Math.sin(theta), cover: line.cover };
  }
  return current;
}

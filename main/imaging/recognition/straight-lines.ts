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

export function spanningLines(mask: Uint8Array, w: number, h: number, minCover = 0.8): SpanningLine[] {
  let marked = 0;
  for (let i = 0; i < mask.length; i++) marked += mask[i]!;
  // A line across the box has at least the box's smaller side in pixels.
  if (marked < Math.min(w, h) * minCover) return [];
  const diagonal = Math.ceil(Math.hypot(w, h));
  const span = 2 * diagonal + 1;
  const votes = new Uint16Array(angles * span);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      for (const a of nearAxes) votes[a * span + Math.round(x * cosTable[a]! + y * sinTable[a]!) + diagonal]!++;
    }
  }
  const found: SpanningLine[] = [];
  for (const a of nearAxes) {
    // Roughly the chord of such a line through the window.
    const across = Math.min(Math.abs(sinTable[a]!) > 1e-9 ? w / Math.abs(sinTable[a]!) : Infinity, Math.abs(cosTable[a]!) > 1e-9 ? h / Math.abs(cosTable[a]!) : Infinity);
    for (let r = 1; r < span - 1; r++) {
      // A thick line spreads over neighbouring ρ: count a band of three.
      const v = votes[a * span + r - 1]! + votes[a * span + r]! + votes[a * span + r + 1]!;
      if (v < across * minCover) continue;
      const chord = chordLength(cosTable[a]!, sinTable[a]!, r - diagonal, w, h);
      if (chord < Math.min(w, h) * 0.9) continue;
      const cover = coverage(mask, w, h, cosTable[a]!, sinTable[a]!, r - diagonal);
      if (cover >= minCover && !found.some((l) => Math.abs(l.theta - (a * Math.PI) / angles) < 0.05 && Math.abs(l.rho - (r - diagonal)) < 4)) {
        found.push({ theta: (a * Math.PI) / angles, rho: r - diagonal, cover });
      }
    }
  }
  return found;
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

/** Share of the steps along the line where a marked pixel lies within a pixel of it. */
function coverage(mask: Uint8Array, w: number, h: number, c: number, s: number, rho: number): number {
  let steps = 0;
  let hits = 0;
  // Walk along the line's direction (−s, c) from the foot of the normal.
  const fx = rho * c;
  const fy = rho * s;
  const reach = Math.hypot(w, h);
  for (let t = -reach; t <= reach; t += 1) {
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
  }
  return steps ? hits / steps : 0;
}

/** The pixels within `halfWidth` of the line. */
export function linePixels(line: SpanningLine, w: number, h: number, halfWidth: number): number[] {
  const c = Math.cos(line.theta);
  const s = Math.sin(line.theta);
  const out: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (Math.abs(x * c + y * s - line.rho) <= halfWidth) out.push(y * w + x);
  return out;
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

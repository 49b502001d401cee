import type { GrayImage } from '../pipeline/gray-image';
import { project, type Homography } from '../pipeline/homography';

/** Two 3 × 3 box passes: strokes a pixel wide survive resampling as a soft ridge. */
function soften(map: Uint8Array, w: number, h: number): Uint8Array {
  let src = map;
  for (let pass = 0; pass < 2; pass++) {
    const out = new Uint8Array(w * h);
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        out[i] = (src[i - w - 1]! + src[i - w]! + src[i - w + 1]! + src[i - 1]! + src[i]! + src[i + 1]! + src[i + w - 1]! + src[i + w]! + src[i + w + 1]! + 4) / 9;
      }
    }
    src = out;
  }
  return src;
}

/**
 * Where a page has print: a pixel darker than its surrounding paper by a share (so a shadow
 * across a photo does not read as print). The registration's last check compares the
 * reference page's print with the scan's, cell by cell: another layout with the same boxes
 * and lines but other words has print where the reference has none.
 */
export function printMap(image: GrayImage): Uint8Array {
  const { width: w, height: h, data } = image;
  const block = 16;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const means = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let sum = 0;
      let n = 0;
      for (let y = by * block; y < Math.min(h, (by + 1) * block); y++) for (let x = bx * block; x < Math.min(w, (bx + 1) * block); x++, n++) sum += data[y * w + x]!;
      means[by * bw + bx] = sum / Math.max(1, n);
    }
  }
  // The paper around a block: the brightest block mean nearby (print only darkens).
  const paper = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let best = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const x = bx + dx;
        const y = by + dy;
        if (x >= 0 && y >= 0 && x < bw && y < bh) best = Math.max(best, means[y * bw + x]!);
      }
      paper[by * bw + bx] = best;
    }
  }
  const map = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / block) * bw;
    for (let x = 0; x < w; x++) {
      const p = paper[row + Math.floor(x / block)]!;
      // Darkness against the paper: 0 on paper (and a little below it: texture, noise), 255 for full ink.
      if (p > 60) map[y * w + x] = Math.max(0, Math.min(255, ((p - data[y * w + x]!) / p - 0.12) * 600));
    }
  }
  return soften(map, w, h);
}

export interface PrintAgreement {
  /** Correlation of the reference's print with the scan's over the whole page (regions left out). */
  overall: number;
  /** The worst cell with enough print to judge. */
  worstCell: number;
  cells: number;
}

/**
 * Whether the scan has the reference's print where `h` (reference → scan) puts it: per cell of
 * a grid, the correlation between the reference's print (0/1) and the scan's print softened
 * over 3 × 3 pixels (a pixel of slack for the fit). The same words give 0.5-0.9; other words
 * in a title's place hardly correlate, however much ink both have. `skip` marks the reference
 * pixels not to judge (the regions: stamps on the scan are no layout).
 */
export function printAgreement(
  reference: { width: number; height: number; print: Uint8Array },
  scan: { width: number; height: number; print: Uint8Array },
  h: Homography,
  skip?: Uint8Array,
  grid = { cols: 6, rows: 9 },
): PrintAgreement {
  const n = grid.cols * grid.rows;
  const stats = Array.from({ length: n }, () => ({ n: 0, ink: 0, sa: 0, saa: 0, sb: 0, sab: 0, sbb: 0 }));
  const { width: rw, height: rh } = reference;
  const { width: sw, height: sh, print } = scan;
  for (let y = 0; y < rh; y += 2) {
    for (let x = 0; x < rw; x += 2) {
      if (skip?.[y * rw + x]) continue;
      const a = reference.print[y * rw + x]! / 255;
      const p = project(h, x, y);
      const x0 = Math.floor(p.x);
      const y0 = Math.floor(p.y);
      if (x0 < 0 || y0 < 0 || x0 >= sw - 1 || y0 >= sh - 1) continue;
      const fx = p.x - x0;
      const fy = p.y - y0;
      const i = y0 * sw + x0;
      const top = print[i]! + (print[i + 1]! - print[i]!) * fx;
      const bottom = print[i + sw]! + (print[i + sw + 1]! - print[i + sw]!) * fx;
      const b = (top + (bottom - top) * fy) / 255;
      const s = stats[Math.min(grid.rows - 1, Math.floor((y / rh) * grid.rows)) * grid.cols + Math.min(grid.cols - 1, Math.floor((x / rw) * grid.cols))]!;
      s.n++;
      s.ink += a;
      s.sa += a;
      s.saa += a * a;
      s.sb += b;
      s.sab += a * b;
      s.sbb += b * b;
    }
  }
  const corr = (s: (typeof stats)[number]) => {
    const ma = s.sa / s.n;
    const mb = s.sb / s.n;
    const cov = s.sab / s.n - ma * mb;
    const va = s.saa / s.n - ma * ma;
    const vb = s.sbb / s.n - mb * mb;
    return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
  };
  const total = stats.reduce((t, s) => ({ n: t.n + s.n, ink: t.ink + s.ink, sa: t.sa + s.sa, saa: t.saa + s.saa, sb: t.sb + s.sb, sab: t.sab + s.sab, sbb: t.sbb + s.sbb }), { n: 0, ink: 0, sa: 0, saa: 0, sb: 0, sab: 0, sbb: 0 });
  let worst = 1;
  let cells = 0;
  for (const s of stats) {
    if (s.ink < 25) continue;
    cells++;
    worst = Math.min(worst, corr(s));
  }
  return { overall: total.n ? corr(total) : 0, worstCell: cells ? worst : 0, cells };
}


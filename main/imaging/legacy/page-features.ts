import type { GrayImage } from '../pipeline/gray-image';

/**
 * Points of a page's print that can be found again on another scan of the same layout:
 * corners of letters, lines and boxes (Harris response on a lightly smoothed page), each with
 * an oriented binary descriptor (ORB-like: the patch's intensity centroid gives its direction,
 * 256 pixel-pair comparisons turned by it give its code). Pure TypeScript: no OpenCV build to
 * load (the wasm builds weigh 8-10 MB and take longer to start than this takes to run).
 */
export interface PageFeatures {
  /** Working image size the points are in. */
  width: number;
  height: number;
  x: Float32Array;
  y: Float32Array;
  /** 8 words (256 bits) a point. */
  descriptors: Uint32Array;
}

export const descriptorWords = 8;
/** Patch radius of the descriptor's pixel pairs; points closer to the edge are left out. */
const patchRadius = 13;
const border = patchRadius + 6;
const angleBins = 32;

/** The 256 pixel pairs, drawn once from a fixed seed (Gaussian around the point, as BRIEF). */
const pairs: Int8Array = (() => {
  let seed = 0x2545f491;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 0x100000000;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const out = new Int8Array(256 * 4);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-patchRadius, Math.min(patchRadius, Math.round(gauss() * 5.5)));
  return out;
})();

/** The pairs turned into each of `angleBins` directions, as offsets. */
const steered: Int8Array[] = Array.from({ length: angleBins }, (_, bin) => {
  const a = (bin / angleBins) * 2 * Math.PI;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const out = new Int8Array(pairs.length);
  for (let i = 0; i < pairs.length; i += 2) {
    const x = pairs[i]!;
    const y = pairs[i + 1]!;
    out[i] = Math.max(-patchRadius, Math.min(patchRadius, Math.round(c * x - s * y)));
    out[i + 1] = Math.max(-patchRadius, Math.min(patchRadius, Math.round(s * x + c * y)));
  }
  return out;
});

export interface FeatureOptions {
  /** At most this many points (the strongest, spread over the page). */
  maxPoints?: number;
  /** Pixels the working image is a grid of, for spreading the points. */
  cellPx?: number;
  perCell?: number;
  /** Pixels set to 1 are left out (regions where stamps go: no layout content). */
  ignore?: Uint8Array;
  /** Point coordinates are divided by this (a pyramid level enlarged by `scale` reports in level-1 coordinates). */
  scale?: number;
}

/** Two box blurs: close to a Gaussian of σ ≈ 1.2, enough to steady the pixel comparisons. */
export function smooth(image: GrayImage): Float32Array {
  const { width: w, height: h } = image;
  let src = Float32Array.from(image.data);
  const tmp = new Float32Array(w * h);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      tmp[row] = (2 * src[row]! + src[row + 1]!) / 3;
      for (let x = 1; x < w - 1; x++) tmp[row + x] = (src[row + x - 1]! + src[row + x]! + src[row + x + 1]!) / 3;
      tmp[row + w - 1] = (src[row + w - 2]! + 2 * src[row + w - 1]!) / 3;
    }
    const out = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      const up = (y > 0 ? y - 1 : 0) * w;
      const down = (y < h - 1 ? y + 1 : h - 1) * w;
      const row = y * w;
      for (let x = 0; x < w; x++) out[row + x] = (tmp[up + x]! + tmp[row + x]! + tmp[down + x]!) / 3;
    }
    src = out;
  }
  return src;
}

/**
 * Harris corner response over 5 × 5 windows of the smoothed page's gradients. Row by row:
 * the gradient products of a row and their sums along it are made when the row is reached,
 * kept for the five rows a window spans, and summed down the columns with one running sum a
 * column. Values are rounded to 32-bit floats where an image of them would store them, so the
 * response is the same as from whole images of products and sums, without their 50 MB.
 */
function harris(s: Float32Array, w: number, h: number): Float32Array {
  const ring = 6;
  const rows = [new Float32Array(w * ring), new Float32Array(w * ring), new Float32Array(w * ring)];
  const products = [new Float32Array(w), new Float32Array(w), new Float32Array(w)];
  const acc = [new Float64Array(w), new Float64Array(w), new Float64Array(w)];
  const r = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    // Products of this row's gradients (zero on the image's border, as before).
    for (const p of products) p.fill(0);
    if (y > 0 && y < h - 1) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        const gx = s[i + 1]! - s[i - 1]!;
        const gy = s[i + w]! - s[i - w]!;
        products[0]![x] = gx * gx;
        products[1]![x] = gy * gy;
        products[2]![x] = gx * gy;
      }
    }
    const slot = (y % ring) * w;
    const gone = ((y + 1) % ring) * w; // the row five back: y - 5
    for (let k = 0; k < 3; k++) {
      const p = products[k]!;
      const row = rows[k]!;
      // Sum of five along the row, centred (the first two and last two stay zero).
      row.fill(0, slot, slot + w);
      let run = 0;
      for (let x = 0; x < w; x++) {
        run += p[x]! - (x >= 5 ? p[x - 5]! : 0);
        if (x >= 4) row[slot + x - 2] = run;
      }
      const sum = acc[k]!;
      for (let x = 0; x < w; x++) sum[x] = sum[x]! + (row[slot + x]! - (y >= 5 ? row[gone + x]! : 0));
    }
    if (y < 4) continue;
    const [a, b, c] = acc as [Float64Array, Float64Array, Float64Array];
    const at = (y - 2) * w;
    for (let x = 0; x < w; x++) {
      const ax = Math.fround(a[x]!);
      const bx = Math.fround(b[x]!);
      const cx = Math.fround(c[x]!);
      const tr = ax + bx;
      r[at + x] = ax * bx - cx * cx - 0.05 * tr * tr;
    }
  }
  return r;
}

export function detectFeatures(image: GrayImage, options: FeatureOptions = {}): PageFeatures {
  const { width: w, height: h } = image;
  const s = smooth(image);
  const r = harris(s, w, h);
  let max = 0;
  for (let i = 0; i < r.length; i++) if (r[i]! > max) max = r[i]!;
  const floor = Math.max(max * 0.005, 1e3);
  const cellPx = options.cellPx ?? 24;
  const perCell = options.perCell ?? 4;
  const cols = Math.ceil(w / cellPx);
  const cells = new Map<number, { i: number; r: number }[]>();
  for (let y = border; y < h - border; y++) {
    for (let x = border; x < w - border; x++) {
      const i = y * w + x;
      const v = r[i]!;
      if (v < floor || options.ignore?.[i]) continue;
      let peak = true;
      for (let dy = -2; dy <= 2 && peak; dy++) for (let dx = -2; dx <= 2; dx++) if ((dx || dy) && r[i + dy * w + dx]! > v) { peak = false; break; }
      if (!peak) continue;
      const cell = Math.floor(y / cellPx) * cols + Math.floor(x / cellPx);
      const list = cells.get(cell) ?? [];
      list.push({ i, r: v });
      cells.set(cell, list);
    }
  }
  const chosen: { i: number; r: number }[] = [];
  for (const list of cells.values()) chosen.push(...list.sort((p, q) => q.r - p.r).slice(0, perCell));
  chosen.sort((p, q) => q.r - p.r);
  const points = chosen.slice(0, options.maxPoints ?? 700);
  const scale = options.scale ?? 1;
  const out: PageFeatures = { width: Math.round(w / scale), height: Math.round(h / scale), x: new Float32Array(points.length), y: new Float32Array(points.length), descriptors: new Uint32Array(points.length * descriptorWords) };
  points.forEach((p, k) => {
    const px = p.i % w;
    const py = (p.i - px) / w;
    out.x[k] = px / scale;
    out.y[k] = py / scale;
    describe(s, w, px, py, out.descriptors, k * descriptorWords);
  });
  return out;
}

/** Direction of the patch (intensity centroid of the ink, darker = heavier) and its 256-bit code. */
function describe(s: Float32Array, w: number, px: number, py: number, into: Uint32Array, at: number): void {
  let mx = 0;
  let my = 0;
  for (let dy = -patchRadius; dy <= patchRadius; dy++) {
    const span = Math.floor(Math.sqrt(patchRadius * patchRadius - dy * dy));
    for (let dx = -span; dx <= span; dx++) {
      const ink = 255 - s[(py + dy) * w + px + dx]!;
      mx += dx * ink;
      my += dy * ink;
    }
  }
  const angle = Math.atan2(my, mx);
  const bin = ((Math.round((angle / (2 * Math.PI)) * angleBins) % angleBins) + angleBins) % angleBins;
  const offsets = steered[bin]!;
  const centre = py * w + px;
  for (let word = 0; word < descriptorWords; word++) {
    let bits = 0;
    for (let b = 0; b < 32; b++) {
      const k = (word * 32 + b) * 4;
      const a = s[centre + offsets[k + 1]! * w + offsets[k]!]!;
      const c = s[centre + offsets[k + 3]! * w + offsets[k + 2]!]!;
      if (a < c) bits |= 1 << b;
    }
    into[at + word] = bits >>> 0;
  }
}

/** Points of several pyramid levels as one set (coordinates in the level-1 image). */
export function mergeFeatures(levels: readonly PageFeatures[]): PageFeatures {
  const n = levels.reduce((sum, l) => sum + l.x.length, 0);
  const out: PageFeatures = { width: levels[0]!.width, height: levels[0]!.height, x: new Float32Array(n), y: new Float32Array(n), descriptors: new Uint32Array(n * descriptorWords) };
  let k = 0;
  for (const l of levels) {
    out.x.set(l.x, k);
    out.y.set(l.y, k);
    out.descriptors.set(l.descriptors, k * descriptorWords);
    k += l.x.length;
  }
  return out;
}

/**
 * The pixels of one stamp box, straightened, as the ink measure sees them: per pixel the
 * paper's colour around it (the bright end of small cells, which follows a shadow or a
 * gradient of light across the box) and how much darker than that paper the pixel is in each
 * colour channel.
 *
 * Ink is dark in the red or the green channel (blue and black absorb red, red and violet
 * absorb green, green absorbs both); coffee, tea and yellowed tape absorb mostly blue. So the
 * contrast that counts is the larger of the red and green ones, and the three densities
 * (1 − pixel / paper per channel) tell the colour of a mark against its own paper, whatever
 * the light's colour. A grayscale page (a legacy archive) has one channel for all three.
 */
export interface BoxPixels {
  width: number;
  height: number;
  /** Ink contrast against the local paper, 0-255 (larger of red and green). */
  contrast: Uint8Array;
  /** Per pixel the densities of red, green and blue against the paper, 0-1 (×255 as bytes). */
  density: Uint8Array;
  /** Whether the densities carry colour (false for a grayscale page: all three equal). */
  colour: boolean;
  /** Mean paper brightness in the box. */
  paper: number;
}

/**
 * @param rgb three bytes a pixel (or `gray`, one byte a pixel), the box window, row-major
 * @param cellPx size of the cells the paper level is taken in
 */
export function boxPixels(window: { width: number; height: number; rgb?: Uint8Array; gray?: Uint8Array }, cellPx: number): BoxPixels {
  const { width: w, height: h } = window;
  const channels = window.rgb ? 3 : 1;
  const source = window.rgb ?? window.gray!;
  const smooth: Uint8Array[] = [];
  const paper: Uint8Array[] = [];
  for (let k = 0; k < channels; k++) {
    const s = boxMean3(source, channels, k, w, h);
    smooth.push(s);
    paper.push(paperLevel(s, w, h, cellPx));
  }
  const contrast = new Uint8Array(w * h);
  const density = new Uint8Array(w * h * 3);
  const [pr, pg, pb] = channels === 3 ? paper : [paper[0]!, paper[0]!, paper[0]!];
  const [sr, sg, sb] = channels === 3 ? smooth : [smooth[0]!, smooth[0]!, smooth[0]!];
  let paperSum = 0;
  for (let i = 0, o = 0; i < w * h; i++, o += 3) {
    const r = pr![i]!;
    const g = pg![i]!;
    const vr = sr![i]!;
    const vg = sg![i]!;
    density[o] = densityTable[(r << 8) | vr]!;
    density[o + 1] = densityTable[(g << 8) | vg]!;
    density[o + 2] = densityTable[(pb![i]! << 8) | sb![i]!]!;
    // Red and green decide the contrast; blue only the colour.
    contrast[i] = Math.max(0, r - vr, g - vg);
    paperSum += r + g;
  }
  return { width: w, height: h, contrast, density, colour: channels === 3, paper: paperSum / 2 / (w * h) };
}

/** Density of a pixel against its paper, 0-255, for every (paper << 8 | pixel): one lookup instead of a division per channel. */
const densityTable = (() => {
  const table = new Uint8Array(256 * 256);
  for (let p = 1; p < 256; p++) for (let v = 0; v < p; v++) table[(p << 8) | v] = Math.round((255 * (p - v)) / p);
  return table;
})();

/** A sum of nine bytes as their mean, rounded: one lookup instead of a division per pixel. */
const ninth = Uint8Array.from({ length: 9 * 255 + 1 }, (_, sum) => (sum / 9 + 0.5) | 0);

/** 3×3 mean of channel `k` of `channels` against single-pixel noise; edges replicate. */
function boxMean3(src: Uint8Array, channels: number, k: number, w: number, h: number): Uint8Array {
  const rows = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const line = y * w;
    const at = line * channels + k;
    // The first and last pixel of a row count themselves for the missing neighbour.
    let left = src[at]!;
    let here = left;
    for (let x = 0; x < w; x++) {
      const right = x + 1 < w ? src[at + (x + 1) * channels]! : here;
      rows[line + x] = left + here + right;
      left = here;
      here = right;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w;
    const line = y * w;
    const down = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) out[line + x] = ninth[rows[up + x]! + rows[line + x]! + rows[down + x]!]!;
  }
  return out;
}

/**
 * The paper's brightness around each pixel: the bright end (80th percentile) of each cell of
 * a coarse grid, interpolated between cell centres. A cell is never all ink: stamp text and
 * signatures leave paper between their strokes.
 */
export function paperLevel(image: Uint8Array, w: number, h: number, cell: number): Uint8Array {
  const cols = Math.max(1, Math.round(w / cell));
  const rows = Math.max(1, Math.round(h / cell));
  const grid = new Float32Array(cols * rows);
  const histogram = new Uint32Array(256);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = Math.floor((c * w) / cols);
      const x1 = Math.floor(((c + 1) * w) / cols);
      const y0 = Math.floor((r * h) / rows);
      const y1 = Math.floor(((r + 1) * h) / rows);
      histogram.fill(0);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) histogram[image[y * w + x]!]!++;
      const target = (x1 - x0) * (y1 - y0) * 0.8;
      let seen = 0;
      let v = 0;
      for (; v < 255; v++) {
        seen += histogram[v]!;
        if (seen >= target) break;
      }
      grid[r * cols + c] = v;
    }
  }
  // Bilinear between cell centres: the column weights once, then per row a row of the grid interpolated in y.
  const c0 = new Int32Array(w);
  const c1 = new Int32Array(w);
  const fxs = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const gx = Math.min(cols - 1, Math.max(0, (x + 0.5) / (w / cols) - 0.5));
    c0[x] = Math.floor(gx);
    c1[x] = Math.min(cols - 1, c0[x]! + 1);
    fxs[x] = gx - c0[x]!;
  }
  const line = new Float64Array(cols);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / (h / rows) - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    for (let c = 0; c < cols; c++) line[c] = grid[r0 * cols + c]! * (1 - fy) + grid[r1 * cols + c]! * fy;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const fx = fxs[x]!;
      out[o + x] = line[c0[x]!]! * (1 - fx) + line[c1[x]!]! * fx;
    }
  }
  return out;
}

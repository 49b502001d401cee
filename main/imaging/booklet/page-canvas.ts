/**
 * An RGB page in memory at a given resolution, drawn in millimetres. Ink is laid down
 * multiplicatively (like ink on paper: two inks darken each other), with coverage 0-1.
 */
export type Rgb = readonly [number, number, number];

export class PageCanvas {
  readonly width: number;
  readonly height: number;
  readonly pxPerMm: number;
  readonly rgb: Uint8ClampedArray;

  constructor(widthMm: number, heightMm: number, dpi: number, paper: Rgb = [255, 255, 255]) {
    this.pxPerMm = dpi / 25.4;
    this.width = Math.round(widthMm * this.pxPerMm);
    this.height = Math.round(heightMm * this.pxPerMm);
    this.rgb = new Uint8ClampedArray(this.width * this.height * 3);
    for (let i = 0; i < this.rgb.length; i += 3) {
      this.rgb[i] = paper[0];
      this.rgb[i + 1] = paper[1];
      this.rgb[i + 2] = paper[2];
    }
  }

  /** Lays ink of `color` with `coverage` (0-1) on one pixel. */
  ink(x: number, y: number, color: Rgb, coverage: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || coverage <= 0) return;
    const i = (y * this.width + x) * 3;
    const c = Math.min(1, coverage);
    for (let k = 0; k < 3; k++) this.rgb[i + k] = this.rgb[i + k]! * (1 - c + (c * color[k]!) / 255);
  }

  /** A filled rectangle in millimetres, with anti-aliased edges. */
  fillRect(xMm: number, yMm: number, wMm: number, hMm: number, color: Rgb, coverage = 1): void {
    const x0 = xMm * this.pxPerMm;
    const y0 = yMm * this.pxPerMm;
    const x1 = (xMm + wMm) * this.pxPerMm;
    const y1 = (yMm + hMm) * this.pxPerMm;
    for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
      const cy = Math.min(y + 1, y1) - Math.max(y, y0);
      for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
        const cx = Math.min(x + 1, x1) - Math.max(x, x0);
        this.ink(x, y, color, coverage * cx * cy);
      }
    }
  }

  /** Covers a rectangle with opaque paper (correction tape, a label stuck over print). */
  cover(xMm: number, yMm: number, wMm: number, hMm: number, paper: Rgb = [255, 255, 255]): void {
    const x0 = Math.max(0, Math.round(xMm * this.pxPerMm));
    const y0 = Math.max(0, Math.round(yMm * this.pxPerMm));
    const x1 = Math.min(this.width, Math.round((xMm + wMm) * this.pxPerMm));
    const y1 = Math.min(this.height, Math.round((yMm + hMm) * this.pxPerMm));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) this.rgb.set(paper, (y * this.width + x) * 3);
  }

  /** The outline of a rectangle with the line centred on its edge. */
  strokeRect(xMm: number, yMm: number, wMm: number, hMm: number, lineMm: number, color: Rgb): void {
    const h = lineMm / 2;
    this.fillRect(xMm - h, yMm - h, wMm + lineMm, lineMm, color);
    this.fillRect(xMm - h, yMm + hMm - h, wMm + lineMm, lineMm, color);
    this.fillRect(xMm - h, yMm + h, lineMm, hMm - lineMm, color);
    this.fillRect(xMm + wMm - h, yMm + h, lineMm, hMm - lineMm, color);
  }

  /** A round-capped stroke from one point to another (pen lines, stamp frames). */
  strokeLine(x0Mm: number, y0Mm: number, x1Mm: number, y1Mm: number, widthMm: number, color: Rgb, coverage = 1): void {
    rasterLine(this.pxPerMm, x0Mm, y0Mm, x1Mm, y1Mm, widthMm, (x, y, cover) => this.ink(x, y, color, coverage * cover));
  }

  /** Luma (Rec. 601) of the whole page. */
  toGray(): Uint8Array {
    const gray = new Uint8Array(this.width * this.height);
    for (let i = 0, j = 0; j < gray.length; i += 3, j++) gray[j] = (77 * this.rgb[i]! + 150 * this.rgb[i + 1]! + 29 * this.rgb[i + 2]!) >> 8;
    return gray;
  }
}

/**
 * Anti-aliased round-capped line from (x0, y0) to (x1, y1) in millimetres; calls `plot` with
 * each covered pixel and its coverage 0-1.
 */
export function rasterLine(
  pxPerMm: number,
  x0Mm: number,
  y0Mm: number,
  x1Mm: number,
  y1Mm: number,
  widthMm: number,
  plot: (x: number, y: number, coverage: number) => void,
): void {
  const ax = x0Mm * pxPerMm;
  const ay = y0Mm * pxPerMm;
  const bx = x1Mm * pxPerMm;
  const by = y1Mm * pxPerMm;
  const r = (widthMm * pxPerMm) / 2;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy || 1;
  for (let y = Math.floor(Math.min(ay, by) - r - 1); y <= Math.ceil(Math.max(ay, by) + r + 1); y++) {
    for (let x = Math.floor(Math.min(ax, bx) - r - 1); x <= Math.ceil(Math.max(ax, bx) + r + 1); x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSq));
      const distance = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
      const cover = Math.max(0, Math.min(1, r + 0.5 - distance));
      if (cover > 0) plot(x, y, cover);
    }
  }
}

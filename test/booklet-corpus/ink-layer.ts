import { rasterLine, type PageCanvas, type Rgb } from '../../main/imaging/booklet/page-canvas';

/**
 * One mark (a stamp, a signature, a pen stroke) drawn as coverage first and laid on the page
 * afterwards, so that the whole mark gets one ink colour, one darkness and one pattern of
 * patchy inking, as a real rubber stamp does.
 */
export class InkLayer {
  private readonly coverage = new Map<number, number>();

  constructor(private readonly canvas: PageCanvas) {}

  line(x0: number, y0: number, x1: number, y1: number, widthMm: number): void {
    rasterLine(this.canvas.pxPerMm, x0, y0, x1, y1, widthMm, (x, y, c) => this.add(x, y, c));
  }

  /** A closed polyline through the points (stamp frames, ellipses). */
  polygon(points: { x: number; y: number }[], widthMm: number): void {
    points.forEach((p, i) => {
      const q = points[(i + 1) % points.length]!;
      this.line(p.x, p.y, q.x, q.y, widthMm);
    });
  }

  private add(x: number, y: number, c: number): void {
    if (x < 0 || y < 0 || x >= this.canvas.width || y >= this.canvas.height) return;
    const i = y * this.canvas.width + x;
    this.coverage.set(i, Math.min(1, Math.max(this.coverage.get(i) ?? 0, c)));
  }

  /** Lays the mark on the page; `strength` scales every pixel, `patchiness` returns 0-1 per pixel. */
  apply(color: Rgb, strength: number, patchiness: (x: number, y: number) => number = () => 1): void {
    for (const [i, c] of this.coverage) {
      const x = i % this.canvas.width;
      const y = (i - x) / this.canvas.width;
      this.canvas.ink(x, y, color, c * strength * patchiness(x, y));
    }
  }
}

import type { PageCanvas, Rgb } from '../../main/imaging/booklet/page-canvas';
import type { RectMm } from '../../main/imaging/booklet/template';
import { InkLayer } from './ink-layer';

/**
 * The marks a provider (or a member) leaves on a booklet page. Sizes are those of real
 * practice stamps (about 40-55 × 15-24 mm) and ballpoint signatures.
 */
export type Random = () => number;

export const stampInks: Rgb[] = [
  [30, 50, 160], // blue, the most common stamp pad
  [20, 30, 90], // dark blue
  [170, 25, 35], // red
  [95, 40, 130], // violet
  [25, 25, 25], // black
  [30, 110, 60], // green
];
export const penInks: Rgb[] = [
  [20, 40, 140],
  [15, 15, 20],
  [40, 40, 90],
];

function between(random: Random, lo: number, hi: number): number {
  return lo + random() * (hi - lo);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Low-frequency patchiness of a rubber stamp: smooth bumps where the pad gave less ink. */
function patchyInk(random: Random, depth: number): (x: number, y: number) => number {
  const waves = Array.from({ length: 3 }, () => ({ fx: between(random, 0.01, 0.05), fy: between(random, 0.01, 0.05), phase: random() * 6.3 }));
  return (x, y) => {
    let s = 0;
    for (const w of waves) s += Math.sin(x * w.fx + y * w.fy + w.phase);
    return 1 - depth * (0.5 + s / 6);
  };
}

export interface StampPlacement {
  /** Centre of the stamp in page millimetres. */
  cx: number;
  cy: number;
  width: number;
  height: number;
  /** Rotation in degrees. */
  angle: number;
}

/** A practice stamp: a frame (rectangle or oval) with three or four lines of text inside. */
export function drawStamp(canvas: PageCanvas, place: StampPlacement, random: Random, strength: number, ink?: Rgb): void {
  const layer = new InkLayer(canvas);
  const a = (place.angle * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const to = (u: number, v: number) => ({ x: place.cx + u * cos - v * sin, y: place.cy + u * sin + v * cos });
  const hw = place.width / 2;
  const hh = place.height / 2;
  const frame = random() < 0.6 ? 'rect' : 'oval';
  const frameLine = between(random, 0.35, 0.7);
  if (frame === 'rect') layer.polygon([to(-hw, -hh), to(hw, -hh), to(hw, hh), to(-hw, hh)], frameLine);
  else layer.polygon(Array.from({ length: 48 }, (_, k) => to(hw * Math.cos((k / 48) * 2 * Math.PI), hh * Math.sin((k / 48) * 2 * Math.PI))), frameLine);
  const lines = 3 + Math.floor(random() * 2);
  const pitch = (place.height * 0.62) / lines;
  for (let l = 0; l < lines; l++) {
    const v = -place.height * 0.31 + pitch * (l + 0.5);
    const lineWidth = (frame === 'oval' ? 0.62 : 0.82) * place.width * between(random, 0.7, 1);
    let u = -lineWidth / 2;
    const glyph = pitch * 0.55;
    while (u < lineWidth / 2) {
      const word = Math.min(lineWidth / 2 - u, glyph * between(random, 1.5, 5));
      // A word as a few vertical glyph strokes joined at the base: thin lines like printed letters.
      for (let g = u; g < u + word; g += glyph * 0.55) {
        const p = to(g, v - glyph / 2);
        const q = to(g + glyph * between(random, -0.1, 0.25), v + glyph / 2);
        layer.line(p.x, p.y, q.x, q.y, glyph * 0.22);
      }
      const b0 = to(u, v + glyph / 2);
      const b1 = to(u + word, v + glyph / 2);
      layer.line(b0.x, b0.y, b1.x, b1.y, glyph * 0.18);
      u += word + glyph * 0.8;
    }
  }
  const colour = pick(random, stampInks);
  layer.apply(ink ?? colour, strength, patchyInk(random, between(random, 0, 0.5)));
}

/** A ballpoint signature: a few connected loops along a baseline. */
export function drawSignature(canvas: PageCanvas, box: { x: number; y: number; width: number }, random: Random, strength: number): void {
  const layer = new InkLayer(canvas);
  const pen = between(random, 0.3, 0.55);
  let x = box.x;
  let y = box.y;
  const end = box.x + box.width;
  const amplitude = between(random, 2, 5);
  let t = 0;
  while (x < end) {
    const nx = x + between(random, 0.4, 0.9);
    t += between(random, 0.35, 0.7);
    const ny = box.y + Math.sin(t) * amplitude * (0.6 + 0.4 * Math.sin(t * 0.37)) + between(random, -0.3, 0.3);
    layer.line(x, y, nx, ny, pen);
    x = nx;
    y = ny;
  }
  // The flourish underneath.
  layer.line(box.x + box.width * 0.1, box.y + amplitude + 1, box.x + box.width * 0.9, box.y + amplitude + between(random, 0, 2), pen);
  layer.apply(pick(random, penInks), strength);
}

/** A short handwritten date on the date line (outside the stamp box). */
export function drawHandwrittenDate(canvas: PageCanvas, line: RectMm, random: Random): void {
  const layer = new InkLayer(canvas);
  let x = line.x + 1;
  for (let k = 0; k < 8 && x < line.x + line.width - 2; k++) {
    const h = between(random, 2, 3);
    layer.line(x, line.y - 1, x + between(random, 0.3, 1.2), line.y - 1 - h, 0.35);
    layer.line(x + 0.6, line.y - 1 - h, x + 1.2, line.y - 1, 0.35);
    x += k === 1 || k === 3 ? 3 : 1.9;
  }
  layer.apply(pick(random, penInks), between(random, 0.7, 1));
}

/** A stray pen stroke somewhere on the page (a tick, a note, a crossed-out word). */
export function drawPenMark(canvas: PageCanvas, area: RectMm, random: Random): void {
  const layer = new InkLayer(canvas);
  const x0 = area.x + random() * area.width;
  const y0 = area.y + random() * area.height;
  const x1 = Math.min(area.x + area.width, Math.max(area.x, x0 + between(random, -12, 12)));
  const y1 = Math.min(area.y + area.height, Math.max(area.y, y0 + between(random, -3, 3)));
  layer.line(x0, y0, x1, y1, between(random, 0.3, 0.6));
  layer.apply(pick(random, penInks), between(random, 0.6, 1));
}

import sharp from 'sharp';
import type { PageCanvas, Rgb } from '../../main/imaging/booklet/page-canvas';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { InkLayer } from './ink-layer';
import { drawSignature, drawStamp, type Random } from './marks';
import { renderBookletPage } from '../../main/imaging/booklet/booklet-raster';

/**
 * What years in a handbag, a drawer and a doctor's desk do to a booklet page, drawn onto the
 * page before it is scanned or photographed. None of it is a stamp: a field is still
 * stamped exactly when the corpus drew a stamp or signature into it.
 *
 * - fold: a crease across the page, a thin shadow line with a highlight beside it;
 * - show-through: the back of the sheet (another booklet page with its boxes and stamps),
 *   mirrored, blurred by the paper and faint;
 * - dust: specks and fibres on the scanner glass or the page;
 * - punched holes: two filing holes at the left edge, showing what lies under the page,
 *   sometimes reaching into the boxes;
 * - coffee ring: a brown ring with a faint tinted inside, over one or two boxes;
 * - faded: every stamp on the page from a dried-out pad (applied when the marks are drawn).
 */
export type Defect = 'fold' | 'show_through' | 'dust' | 'holes' | 'coffee' | 'faded';
export const defects: readonly Defect[] = ['fold', 'show_through', 'dust', 'holes', 'coffee', 'faded'];

function between(random: Random, lo: number, hi: number): number {
  return lo + random() * (hi - lo);
}

/** Darkens (factor < 1) or lightens (> 1) one pixel, keeping its colour. */
function shade(canvas: PageCanvas, x: number, y: number, factor: number): void {
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) return;
  const i = (y * canvas.width + x) * 3;
  for (let k = 0; k < 3; k++) canvas.rgb[i + k] = Math.min(255, canvas.rgb[i + k]! * factor);
}

/** A crease: a line through the page at a random place and angle, shadow on one side, highlight on the other. */
export function drawFold(canvas: PageCanvas, random: Random): void {
  const s = canvas.pxPerMm;
  const horizontal = random() < 0.6;
  const angle = (horizontal ? 0 : Math.PI / 2) + between(random, -0.06, 0.06);
  // Through a stamp box most of the time: that is where it matters.
  const through = horizontal ? { x: 74, y: between(random, 44, 190) } : { x: between(random, 20, 95), y: 105 };
  const nx = -Math.sin(angle);
  const ny = Math.cos(angle);
  const depth = between(random, 0.1, 0.3);
  const width = between(random, 0.15, 0.4) * s;
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const d = (x / s - through.x) * nx + (y / s - through.y) * ny;
      const dp = d * s;
      if (Math.abs(dp) > 6 * width) continue;
      const shadow = depth * Math.exp(-((dp / width) ** 2));
      const highlight = 0.05 * Math.exp(-(((dp - 1.5 * width) / width) ** 2));
      shade(canvas, x, y, 1 - shadow + highlight);
    }
  }
}

/**
 * The back of the sheet showing through: another page of the booklet with its own stamps,
 * mirrored left to right, blurred by the paper (0.3-0.6 mm) and laid on at 10-30 % of its density.
 */
export async function drawShowThrough(canvas: PageCanvas, random: Random): Promise<void> {
  const template = bookletTemplate(random() < 0.7 ? 'adult' : 'child');
  const back = renderBookletPage({ template, bookletId: 'BACK5ADE00', year: 2026, page: 1 + Math.floor(random() * template.pages.length), dpi: canvas.pxPerMm * 25.4 });
  for (const field of template.pages[0]!.fields) {
    const b = field.stampBox;
    if (random() < 0.6) drawStamp(back, { cx: b.x + b.width / 2 + between(random, -15, 15), cy: b.y + b.height / 2, width: between(random, 38, 55), height: between(random, 14, 24), angle: between(random, -8, 8) }, random, between(random, 0.6, 1));
    if (random() < 0.4) drawSignature(back, { x: b.x + 5 + random() * 30, y: b.y + 10 + random() * 12, width: between(random, 20, 40) }, random, 0.8);
  }
  const sigma = between(random, 0.3, 0.6) * canvas.pxPerMm;
  const blurred = await sharp(Buffer.from(back.rgb.buffer, back.rgb.byteOffset, back.rgb.byteLength), { raw: { width: back.width, height: back.height, channels: 3 } })
    .flop()
    .blur(sigma)
    .raw()
    .toBuffer();
  const strength = between(random, 0.1, 0.3);
  for (let i = 0; i < canvas.rgb.length; i++) canvas.rgb[i] = canvas.rgb[i]! * (1 - strength * (1 - blurred[i]! / 255));
}

/** Specks of dust (0.1-0.5 mm) and a few fibres (hairs, lint) lying on the page or the glass. */
export function drawDust(canvas: PageCanvas, random: Random): void {
  const specks = 30 + Math.floor(random() * 80);
  for (let k = 0; k < specks; k++) {
    const size = between(random, 0.08, 0.45);
    const gray = Math.round(between(random, 40, 140));
    canvas.fillRect(between(random, 5, 143), between(random, 5, 205), size, size * between(random, 0.6, 1.4), [gray, gray, gray], between(random, 0.5, 1));
  }
  const fibres = 1 + Math.floor(random() * 4);
  for (let k = 0; k < fibres; k++) {
    const layer = new InkLayer(canvas);
    let x = between(random, 16, 98);
    let y = between(random, 40, 200);
    let a = random() * Math.PI * 2;
    const length = between(random, 1.5, 5);
    for (let t = 0; t < length; t += 0.3) {
      a += between(random, -0.5, 0.5);
      const nx = x + Math.cos(a) * 0.3;
      const ny = y + Math.sin(a) * 0.3;
      layer.line(x, y, nx, ny, between(random, 0.04, 0.09));
      [x, y] = [nx, ny];
    }
    const g = Math.round(between(random, 50, 120));
    layer.apply([g, g, g], between(random, 0.5, 0.9));
  }
}

/**
 * Two filing holes at the left edge (80 mm apart about the middle), punched a little off,
 * so that their edge sometimes reaches into the stamp boxes (which start 16 mm from the edge).
 * The hole shows `under` (the scanner lid, the table); its upper rim casts a thin shadow.
 */
export function drawPunchedHoles(canvas: PageCanvas, random: Random, under: Rgb): void {
  const s = canvas.pxPerMm;
  const cx = between(random, 9, 15.5);
  const dy = between(random, -6, 6);
  const r = between(random, 2.6, 3.1);
  for (const cy of [105 - 40 + dy, 105 + 40 + dy]) {
    for (let y = Math.floor((cy - r - 1) * s); y <= Math.ceil((cy + r + 1) * s); y++) {
      for (let x = Math.floor((cx - r - 1) * s); x <= Math.ceil((cx + r + 1) * s); x++) {
        if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) continue;
        const d = Math.hypot(x / s - cx, y / s - cy);
        const i = (y * canvas.width + x) * 3;
        if (d <= r) {
          const edge = Math.max(0, Math.min(1, (r - d) * s)); // anti-aliased rim
          for (let k = 0; k < 3; k++) canvas.rgb[i + k] = canvas.rgb[i + k]! * (1 - edge) + under[k]! * edge;
        } else if (d <= r + 0.6 && y / s > cy) {
          // The paper's cut edge throws a thin shadow on the lower side.
          shade(canvas, x, y, 0.75 + 0.25 * ((d - r) / 0.6));
        }
      }
    }
  }
}

/** A coffee ring: an irregular brown rim, 1-3 mm wide, with a faint tint inside. */
export function drawCoffeeRing(canvas: PageCanvas, random: Random): void {
  const s = canvas.pxPerMm;
  const cx = between(random, 30, 110);
  const cy = between(random, 50, 170);
  const r = between(random, 22, 42);
  const rim = between(random, 0.8, 2.5);
  const brown: Rgb = [150, 105, 55];
  const strength = between(random, 0.2, 0.45);
  const wobble = Array.from({ length: 4 }, () => ({ f: 1 + Math.floor(random() * 5), a: between(random, 0, 0.04), p: random() * 6.3 }));
  for (let y = Math.max(0, Math.floor((cy - r - 4) * s)); y < Math.min(canvas.height, Math.ceil((cy + r + 4) * s)); y++) {
    for (let x = Math.max(0, Math.floor((cx - r - 4) * s)); x < Math.min(canvas.width, Math.ceil((cx + r + 4) * s)); x++) {
      const dx = x / s - cx;
      const dy = y / s - cy;
      const angle = Math.atan2(dy, dx);
      let radius = r;
      for (const w of wobble) radius += r * w.a * Math.sin(w.f * angle + w.p);
      const d = Math.hypot(dx, dy) - radius;
      // The rim is darkest at its outer edge, where the coffee dried last.
      const rimCover = d <= 0 && d > -rim ? strength * (0.5 + 0.5 * (1 + d / rim)) : d > 0 && d < 0.3 ? strength * (1 - d / 0.3) : 0;
      const inside = d <= -rim ? strength * 0.15 : 0;
      canvas.ink(x, y, brown, rimCover + inside);
    }
  }
}

/** Applies the defects that are drawn onto the finished page (faded stamps are drawn with the marks). */
export async function damagePage(canvas: PageCanvas, chosen: readonly Defect[], random: Random, under: Rgb): Promise<void> {
  if (chosen.includes('show_through')) await drawShowThrough(canvas, random);
  if (chosen.includes('coffee')) drawCoffeeRing(canvas, random);
  if (chosen.includes('fold')) drawFold(canvas, random);
  if (chosen.includes('holes')) drawPunchedHoles(canvas, random, under);
  if (chosen.includes('dust')) drawDust(canvas, random);
}

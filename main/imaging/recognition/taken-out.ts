import { connectedComponents } from '../pipeline/components';
import type { BoxPixels } from './box-pixels';
import { linePixels, refineLine, spanningLines } from './straight-lines';

// What is taken out of a stamp box before its marks are judged, besides the printed outline.

/**
 * Dark specks (dust, a crumb of toner) on their own: a compact patch of full ink contrast,
 * at most `smallMm` across, with no other such patch within `nearMm`. A speck that lands on a
 * faint mark (the back of the sheet showing through, a faded stamp) would otherwise lend it
 * both its dark pixels and its sharp edges and turn the back of the sheet into a stamp. A
 * stamp's strokes are as small, but never alone: their neighbours are a millimetre or two
 * away. The speck leaves the mark mask and is recorded in `taken`, so its blurred rim does
 * not vote on the edges of what it touches (lent-edges.ts).
 *
 * @param mark the marks found so far (1 = marked), changed in place
 * @returns how many specks were taken out
 */
export function takeOutSpecks(mark: Uint8Array, contrast: Uint8Array, taken: Uint8Array, w: number, h: number, minContrast: number, pxPerMm: number, smallMm = 1.5, nearMm = 3): number {
  const strong = new Uint8Array(w * h);
  for (let i = 0; i < strong.length; i++) if (mark[i] && contrast[i]! >= minContrast) strong[i] = 1;
  const { labels, components } = connectedComponents(strong, w, h);
  const small = smallMm * pxPerMm;
  const near = nearMm * pxPerMm;
  const specks = new Set<number>();
  for (const c of components) {
    if (c.maxX - c.minX > small || c.maxY - c.minY > small) continue;
    const alone = components.every((o) => o === c || o.minX - c.maxX > near || c.minX - o.maxX > near || o.minY - c.maxY > near || c.minY - o.maxY > near);
    if (alone) specks.add(c.label);
  }
  if (specks.size === 0) return 0;
  for (let i = 0; i < labels.length; i++) {
    if (!specks.has(labels[i]!)) continue;
    mark[i] = 0;
    taken[i] = 1;
  }
  return specks.size;
}

/**
 * Takes out grey lines across the whole box that are not dark (a fold's shadow, an outline
 * from the back). A dark or coloured line across the box is left: someone drew it. Grey:
 * the channel densities within `greyWithin` of the largest.
 */
export function removeSpanningLines(mask: Uint8Array, px: BoxPixels, halfWidth: number, greyWithin: number): number {
  const { width: w, height: h } = px;
  let removed = 0;
  for (const found of spanningLines(mask, w, h)) {
    const line = refineLine(found, mask, w, h);
    const pixels = linePixels(line, w, h, 1);
    let sum = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    let n = 0;
    for (const i of pixels) {
      if (!mask[i]) continue;
      sum += px.contrast[i]!;
      r += px.density[i * 3]!;
      g += px.density[i * 3 + 1]!;
      b += px.density[i * 3 + 2]!;
      n++;
    }
    if (n === 0) continue;
    const top = Math.max(r, g, b);
    const grey = !px.colour || top - Math.min(r, g, b) <= greyWithin * top;
    if (!grey || sum / n >= 90) continue;
    for (const i of linePixels(line, w, h, halfWidth)) mask[i] = 0;
    removed++;
  }
  return removed;
}

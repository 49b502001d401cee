import type { PageLayout, RectMm } from '../booklet/template';
import type { GrayImage } from '../pipeline/gray-image';

/**
 * The printed lines of a page (stamp box outlines, date lines), looked for where the
 * template puts them on the straightened page. Two uses:
 *
 * - proof of registration: a page registered on the wrong marks has its boxes somewhere
 *   else, so the printed lines are not found where they should be;
 * - the box as actually printed: each edge is searched a little either side of its place,
 *   which absorbs a page that did not lie flat (an open booklet curves towards its spine),
 *   and the ink measure then keeps clear of the outline where it really is.
 */
export interface FoundEdge {
  /** Offset of the found line from its template place, mm (across the line). */
  offsetMm: number;
  /** Share of the line's length where it stands out from the paper beside it. */
  found: number;
}

export interface FoundBox {
  /** The box's outline as found (template mm); the template's where an edge was not found. */
  box: RectMm;
  edges: { top: FoundEdge; bottom: FoundEdge; left: FoundEdge; right: FoundEdge };
}

/** How far either side of its place an edge is looked for. */
const searchMm = 2;

type Axis = 'horizontal' | 'vertical';

/**
 * One straight printed line: at each step along it, the darkest place within the search
 * band, compared with the paper 1.2 mm beyond it on both sides (the brighter side counts,
 * since a stamp may lie on one side). The offset is the one most steps agree on.
 */
export function findLine(page: GrayImage, pxPerMm: number, axis: Axis, at: number, from: number, to: number): FoundEdge {
  const band = Math.round(searchMm * pxPerMm);
  const beside = Math.max(2, Math.round(1.2 * pxPerMm));
  const centre = Math.round(at * pxPerMm - 0.5);
  const start = Math.round(from * pxPerMm);
  const end = Math.round(to * pxPerMm);
  const step = Math.max(1, Math.round(pxPerMm / 2));
  const value = (along: number, across: number): number => {
    const x = axis === 'horizontal' ? along : across;
    const y = axis === 'horizontal' ? across : along;
    if (x < 0 || y < 0 || x >= page.width || y >= page.height) return 255;
    return page.data[y * page.width + x]!;
  };
  const votes = new Float64Array(2 * band + 1);
  const hits: { offset: number; contrast: number; paper: number }[] = [];
  for (let s = start; s < end; s += step) {
    let darkest = Infinity;
    let offset = 0;
    for (let d = -band; d <= band; d++) {
      // Three pixels along the line against noise.
      const v = value(s - 1, centre + d) + value(s, centre + d) + value(s + 1, centre + d);
      if (v < darkest) {
        darkest = v;
        offset = d;
      }
    }
    const line = darkest / 3;
    const before = (value(s, centre + offset - beside) + value(s, centre + offset - beside - 1)) / 2;
    const after = (value(s, centre + offset + beside) + value(s, centre + offset + beside + 1)) / 2;
    const paper = Math.max(before, after);
    hits.push({ offset, contrast: paper - line, paper });
    votes[offset + band]! += Math.max(0, paper - line);
  }
  let bestOffset = 0;
  for (let d = -band; d <= band; d++) if (votes[d + band]! > votes[bestOffset + band]!) bestOffset = d;
  // A step counts where the line stands out near the agreed offset (a curved page bends it by a pixel or two).
  let found = 0;
  for (const h of hits) if (Math.abs(h.offset - bestOffset) <= Math.max(2, pxPerMm * 0.5) && h.contrast >= Math.max(12, 0.12 * h.paper)) found++;
  return { offsetMm: bestOffset / pxPerMm, found: hits.length ? found / hits.length : 0 };
}

export function findBox(page: GrayImage, pxPerMm: number, box: RectMm): FoundBox {
  const inset = 3;
  const top = findLine(page, pxPerMm, 'horizontal', box.y, box.x + inset, box.x + box.width - inset);
  const bottom = findLine(page, pxPerMm, 'horizontal', box.y + box.height, box.x + inset, box.x + box.width - inset);
  const left = findLine(page, pxPerMm, 'vertical', box.x, box.y + inset, box.y + box.height - inset);
  const right = findLine(page, pxPerMm, 'vertical', box.x + box.width, box.y + inset, box.y + box.height - inset);
  const use = (e: FoundEdge) => (e.found >= 0.5 ? e.offsetMm : 0);
  const x0 = box.x + use(left);
  const y0 = box.y + use(top);
  const x1 = box.x + box.width + use(right);
  const y1 = box.y + box.height + use(bottom);
  return { box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, edges: { top, bottom, left, right } };
}

/**
 * Whether the page's printed lines are where the template puts them: every box edge found
 * along at least half its length and the page's lines on average along most of theirs.
 * Stamps over an edge only darken it; what misses an edge is a box somewhere else.
 */
export function printedLinesInPlace(page: GrayImage, pxPerMm: number, layout: Pick<PageLayout, 'fields'>): { inPlace: boolean; boxes: FoundBox[]; score: number } {
  const boxes = layout.fields.map((f) => findBox(page, pxPerMm, f.stampBox));
  const dates = layout.fields.map((f) => findLine(page, pxPerMm, 'horizontal', f.dateLine.y, f.dateLine.x + 1, f.dateLine.x + f.dateLine.width - 1));
  const edges = boxes.flatMap((b) => Object.values(b.edges));
  const all = [...edges, ...dates].map((e) => e.found);
  const score = all.reduce((s, v) => s + v, 0) / all.length;
  const inPlace = edges.every((e) => e.found >= 0.5) && score >= 0.75;
  return { inPlace, boxes, score };
}

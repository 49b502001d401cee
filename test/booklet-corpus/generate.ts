import { renderBookletPage } from '../../main/imaging/booklet/booklet-raster';
import { PageCanvas } from '../../main/imaging/booklet/page-canvas';
import { bookletTemplate, type BookletTemplate, type FieldLayout } from '../../main/imaging/booklet/template';
import { seededRandom } from '../support/imaging/fixtures';
import { drawHandwrittenDate, drawPenMark, drawSignature, drawStamp, type Random } from './marks';
import { damagePage, type Defect } from './defects';
import type { PhotoConditions } from './photo';
import { randomScanConditions, scanPage, type ScanConditions } from './scan';

/**
 * The generated booklet corpus: scans of pages from our own template with known truth per
 * field. Deterministic from a seed; images are generated into a temporary folder, never
 * committed.
 */
export type FieldMark = 'none' | 'stamp' | 'signature' | 'stamp_and_signature';

export interface FieldTruth {
  measure: number;
  stamped: boolean;
  mark: FieldMark;
  /** The stamp crosses the box edge. */
  partial: boolean;
}

export interface PageTruth {
  index: number;
  /** A blank back of a sheet: no template, no fields. */
  blank: boolean;
  bookletId?: string;
  year?: number;
  program?: 'adult' | 'child';
  page?: number;
  fields: FieldTruth[];
  source: 'scan' | 'photo';
  /** Damage drawn onto the page (defects.ts). */
  defects?: Defect[];
  /** The page lies upside down in the image. */
  upsideDown: boolean;
  conditions: ScanConditions | PhotoConditions;
}

export interface CorpusPage {
  jpeg: Buffer;
  truth: PageTruth;
}

const templates: Record<'adult' | 'child', BookletTemplate> = { adult: bookletTemplate('adult'), child: bookletTemplate('child') };
const idAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export interface CorpusOptions {
  seed: number;
  dpi?: number;
  /** Share of pages that are blank backs. */
  blankShare?: number;
  /** Damage drawn onto every booklet page (defects.ts); the same pages as without, from their own random stream. */
  defects?: readonly Defect[];
}

export async function corpusPage(index: number, options: CorpusOptions): Promise<CorpusPage> {
  const random = seededRandom(options.seed * 100_003 + index);
  const dpi = options.dpi ?? 300;
  const conditions = randomScanConditions(random, dpi);
  if (random() < (options.blankShare ?? 0.08)) {
    const back = new PageCanvas(148, 210, dpi, [250, 250, 248]);
    // Show-through of the other side: a faint ghost of a few lines.
    for (let k = 0; k < 6; k++) back.fillRect(16 + random() * 20, 40 + k * 25, 60 + random() * 40, 1.5, [200, 200, 200], 0.15);
    return { jpeg: await scanPage(back, conditions, random), truth: { index, blank: true, fields: [], source: 'scan', upsideDown: conditions.upsideDown, conditions } };
  }
  const chosen = options.defects ?? [];
  const { canvas, truth } = markedPage(random, dpi, undefined, chosen.includes('faded'));
  const bg = conditions.background;
  await damagePage(canvas, chosen, seededRandom(options.seed * 7_919 + index + 1), [bg, bg, bg - 2]);
  const jpeg = await scanPage(canvas, conditions, random);
  return { jpeg, truth: { index, blank: false, ...truth, source: 'scan', upsideDown: conditions.upsideDown, defects: [...chosen], conditions } };
}

/** A booklet page of a random program, page and id with random marks in its fields, and the truth about them. */
export function markedPage(random: Random, dpi: number, only?: { program: 'adult' | 'child'; page: number; bookletId: string }, faded = false): { canvas: PageCanvas; truth: Required<Pick<PageTruth, 'bookletId' | 'year' | 'program' | 'page' | 'fields'>> } {
  const program = only?.program ?? (random() < 0.7 ? 'adult' : 'child');
  const template = templates[program];
  const page = only?.page ?? 1 + Math.floor(random() * template.pages.length);
  const bookletId = only?.bookletId ?? Array.from({ length: 10 }, () => idAlphabet[Math.floor(random() * idAlphabet.length)]).join('');
  const year = 2026;
  const paperTone = Math.round(238 + random() * 17);
  const canvas = renderBookletPage({ template, bookletId, year, page, dpi, paper: [paperTone, paperTone, paperTone - Math.round(random() * 8)] });
  const layout = template.pages[page - 1]!;
  const fields = layout.fields.map((field) => markField(canvas, field, random, faded));
  if (random() < 0.35) {
    // Pen marks outside the boxes: in the right margin, beside the title, under the header.
    // Areas 1.5 mm or more from any stamp box (boxes span x 16-98; fields start at y 34, 75, 116, 157).
    const areas = [
      { x: 100, y: 36, width: 30, height: 4 },
      { x: 134, y: 40, width: 5, height: 140 },
      { x: 16, y: 29, width: 80, height: 3 },
      { x: 100, y: 45, width: 20, height: 100 },
    ];
    const strokes = 1 + Math.floor(random() * 3);
    for (let k = 0; k < strokes; k++) drawPenMark(canvas, areas[Math.floor(random() * areas.length)]!, random);
  }
  return { canvas, truth: { bookletId, year, program, page, fields } };
}

function markField(canvas: PageCanvas, field: FieldLayout, random: Random, faded: boolean): FieldTruth {
  const box = field.stampBox;
  const r = random();
  const mark: FieldMark = r < 0.5 ? 'none' : r < 0.72 ? 'stamp_and_signature' : r < 0.87 ? 'stamp' : 'signature';
  let partial = false;
  if (mark === 'stamp' || mark === 'stamp_and_signature') {
    const width = 38 + random() * 17;
    const height = 14 + random() * 10;
    partial = random() < 0.2;
    let cx = box.x + width / 2 + 1 + random() * Math.max(0, box.width - width - 2);
    let cy = box.y + height / 2 + 1 + random() * Math.max(0, box.height - height - 2);
    if (partial) {
      // Up to a third of the stamp beyond one edge of the box.
      const over = (0.1 + random() * 0.23) * (random() < 0.5 ? width : height);
      const side = Math.floor(random() * 4);
      if (side === 0) cx = box.x + width / 2 - over;
      else if (side === 1) cx = box.x + box.width - width / 2 + over;
      else if (side === 2) cy = box.y + height / 2 - Math.min(over, height * 0.33);
      else cy = box.y + box.height - height / 2 + Math.min(over, height * 0.33);
    }
    // A dried-out pad gives a faint stamp now and then.
    const drawn = random() < 0.15 ? 0.28 + random() * 0.2 : 0.5 + random() * 0.5;
    // A dried-out pad for the whole page: 0.16-0.36 of full strength (same draws, so the same page otherwise).
    const strength = faded ? 0.16 + ((drawn - 0.28) / 0.72) * 0.2 : drawn;
    drawStamp(canvas, { cx, cy, width, height, angle: (random() - 0.5) * 16 }, random, strength);
  }
  if (mark === 'signature' || mark === 'stamp_and_signature') {
    // Some providers only initial the field: a short paraph of 8-14 mm.
    const width = random() < 0.2 ? 8 + random() * 6 : 22 + random() * 25;
    drawSignature(canvas, { x: box.x + 3 + random() * (box.width - width - 6), y: box.y + 9 + random() * (box.height - 16), width }, random, 0.5 + random() * 0.5);
  }
  if (mark !== 'none' && random() < 0.7) drawHandwrittenDate(canvas, field.dateLine, random);
  return { measure: field.measure, stamped: mark !== 'none', mark, partial };
}

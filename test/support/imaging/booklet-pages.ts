import { renderBookletPage } from '../../../main/imaging/booklet/booklet-raster';
import { bookletTemplate } from '../../../main/imaging/booklet/template';
import { randomScanConditions, scanPage } from '../../booklet-corpus/scan';
import { seededRandom } from './fixtures';
import { signInto, stampInto } from './scans';

/** What a field of a booklet page holds: a stamp, a signature, or a short pen stroke (too little for a stamp, too much for empty). */
export type PageMark = 'stamp' | 'signature' | 'stroke';

/**
 * A page of an issued booklet (adult, of `year`: the year printed on it, which the clerk's dates
 * must lie in) with marks in the given fields (0-based), scanned like the recognition corpus
 * (rotation, noise, shadow) and returned as the scanner's JPEG. `smudgedCode`: coffee over the QR
 * code, the corner marks stay readable.
 */
export async function scannedBookletPage(bookletId: string, page: number, marks: Record<number, PageMark>, seed: number, smudgedCode = false, year = 2026): Promise<Buffer> {
  const template = bookletTemplate('adult');
  const canvas = renderBookletPage({ template, bookletId, year, page, dpi: 300 });
  const fields = template.pages[page - 1]!.fields;
  for (const [index, mark] of Object.entries(marks)) {
    const box = fields[Number(index)]!.stampBox;
    if (mark === 'stamp') stampInto(canvas, box);
    else if (mark === 'signature') signInto(canvas, box);
    // A short pen stroke: more ink than an empty box, less than a stamp. Recognition must not decide it.
    else canvas.strokeLine(box.x + 30, box.y + 15, box.x + 35, box.y + 15, 0.35, [20, 30, 120]);
  }
  if (smudgedCode) canvas.fillRect(template.qr.x + 2, template.qr.y + 2, template.qr.width - 4, template.qr.height - 4, [90, 60, 40]);
  const random = seededRandom(seed);
  const conditions = { ...randomScanConditions(random, 300), upsideDown: false, rotationDeg: 1.2 };
  return scanPage(canvas, conditions, random);
}

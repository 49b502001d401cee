import type { PageCanvas } from '../../main/imaging/booklet/page-canvas';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { seededRandom } from '../support/seeded-random';
import { damagePage, type Defect } from './defects';
import { markedPage, type CorpusPage } from './generate';
import { photographPages, randomPhotoConditions, type PhotoConditions } from './photo';

/**
 * Phone photos of booklet pages: a member photographs one page, often of the open booklet
 * with the facing page (its own marks, QR code and stamps) in the frame. The truth is the
 * page the camera aims at. Deterministic from the seed; nothing is committed.
 */
export interface PhotoCorpusOptions {
  seed: number;
  /** Share of photos of an open booklet with the facing page in frame. */
  facingShare?: number;
  maxTiltDeg?: number;
  /** Fix conditions instead of drawing them (a test's single photo). */
  conditions?: Partial<PhotoConditions>;
  /** Step back until the whole photographed page is in the frame (a member sees it on the screen); false keeps the drawn distance. */
  keepInFrame?: boolean;
  /** Changes the photographed page before the camera sees it (a test covering the QR code, adding damage). */
  alter?: (canvas: PageCanvas) => void;
  /** Damage drawn onto the photographed page (defects.ts), from its own random stream. */
  defects?: readonly Defect[];
}

/** Render resolution of the pages before the camera sees them: about what a 12 MP photo of an A5 page resolves. */
const pageDpi = 300;

export async function photoCorpusPage(index: number, options: PhotoCorpusOptions): Promise<CorpusPage & { facing?: FacingTruth }> {
  const random = seededRandom(options.seed * 200_003 + index);
  const conditions = { ...randomPhotoConditions(random, options), ...options.conditions };
  const chosen = options.defects ?? [];
  const { canvas, truth } = markedPage(random, pageDpi, undefined, chosen.includes('faded'));
  await damagePage(canvas, chosen, seededRandom(options.seed * 7_919 + index + 1), conditions.table);
  options.alter?.(canvas);
  let facing = null;
  let facingTruth: FacingTruth | undefined;
  if (conditions.facing) {
    const pages = bookletTemplate(truth.program).pages.length;
    // The neighbouring page of the same booklet on that side, else another of its pages.
    const wanted = truth.page + (conditions.facing.side === 'left' ? -1 : 1);
    const page = wanted >= 1 && wanted <= pages ? wanted : truth.page === 1 ? Math.min(2, pages) : 1;
    const other = markedPage(random, pageDpi, { program: truth.program, page, bookletId: truth.bookletId });
    [facing, facingTruth] = [other.canvas, other.truth];
  }
  const { jpeg } = await photographPages(canvas, facing, conditions, random, options.keepInFrame ?? true);
  const upsideDown = Math.abs(((((conditions.rollDeg + 180) % 360) + 360) % 360) - 180) > 90;
  return { jpeg, truth: { index, blank: false, ...truth, source: 'photo', upsideDown, defects: [...chosen], conditions }, ...(facingTruth ? { facing: facingTruth } : {}) };
}

/** What is on the facing page of an open booklet (for tests that expect it to be read instead). */
export type FacingTruth = ReturnType<typeof markedPage>['truth'];

import sharp from 'sharp';
import { catalogFor, ruleSet2026 } from '../../domain/index';
import type { BookletPageId } from '../booklet/qr-payload';
import { bookletTemplate, pageOf, type BookletTemplate, type PageLayout, type RectMm } from '../booklet/template';
import { checkBlank } from '../pipeline/blank-page';
import { decodePage, type DecodedPage, type DecodeOptions } from '../pipeline/decode-scan';
import type { Homography } from '../pipeline/homography';
import { skewAngle } from '../pipeline/deskew';
import { crop, type GrayImage } from '../pipeline/gray-image';
import { boxRegion, boxWindow, windowSize } from './box-window';
import { decideField, defaultDecisionThresholds, type DecisionThresholds, type FieldDecision } from './field-decision';
import { measureBoxes, type BoxJob } from './box-ink-pool';
import { defaultInkSettings, measureInk, type InkMeasure, type InkSettings } from './field-ink';
import { printedLinesInPlace, type FoundBox } from './printed-lines';
import { findPunchedHoles, holeMask, type PunchedHole } from './punched-holes';
import { straightenPage } from './page-split';
import { registerPage } from './registration';

/**
 * One scanned booklet page, start to end: decode, find the corner marks, undo rotation and
 * perspective into template space, read the QR code, and decide every field. The result
 * keeps the straightened page and each field's crop as evidence.
 */
export type PageKind =
  /** Marks and QR code found: the fields are decided. */
  | 'booklet_page'
  /** The back of a sheet or an empty page. */
  | 'blank'
  /** Corner marks found but the QR code unreadable: the clerk assigns the page. */
  | 'unidentified'
  /** No marks (a legacy booklet or something else): the clerk assigns regions by hand. */
  | 'unregistered';

export interface FieldRecognition {
  measure: number;
  decision: FieldDecision;
  /** 0-1; decisions below the review threshold are 'unsure'. */
  confidence: number;
  /** Share of the stamp box covered by ink, for the clerk's overlay. */
  inkShare: number;
  /** The whole field (title, box, date line) as JPEG, kept as evidence. */
  crop: Buffer;
}

export interface PageRecognition {
  kind: PageKind;
  pageId?: BookletPageId;
  /** The page lay upside down in the scanner. */
  upsideDown: boolean;
  /** For an unregistered page: the skew measured from its lines of print and taken out of the archive copy. */
  skewDegrees?: number;
  fields: FieldRecognition[];
  /** The page for the archive: straightened to template space when registered, grayscale JPEG. */
  archive: Buffer;
  archiveSize: { width: number; height: number };
}

export interface RecognizeOptions extends DecodeOptions {
  /** Resolution of the straightened page (recognition and archive). */
  dpi?: number;
  archiveQuality?: number;
  ink?: InkSettings;
  /**
   * How a box's ink is measured: 'marks' (default) looks at every mark's colour, edges and
   * shape (box-ink.ts); 'threshold' is the earlier grey-level measure, kept as the
   * benchmark's baseline.
   */
  inkModel?: 'marks' | 'threshold';
  thresholds?: DecisionThresholds;
  /**
   * The page's id as the clerk read it off the page, for a page whose code is unreadable
   * (smudged, torn): used only when no code is read, with the page taken as lying upright.
   */
  pageId?: BookletPageId;
  /** Measure the stamp boxes on two threads (box-ink-pool.ts); the results are the same either way. Default true. */
  parallel?: boolean;
}

/**
 * 150 dpi is plenty to see ink in a 82 × 30 mm box and keeps a stamp's text legible in the
 * evidence crop, at half the pixels of 200 dpi.
 */
export const defaultRecognitionDpi = 150;

// Every booklet shares page size, corner marks and QR position; any serves for registration.
const registrationTemplate: BookletTemplate = bookletTemplate('adult');

/** The layout of a booklet as printed for its year: the catalog in force then decides the fields. */
export function templateFor(pageId: Pick<BookletPageId, 'program' | 'year'>): BookletTemplate {
  return bookletTemplate(pageId.program, catalogFor(`${pageId.year}-12-31`) ?? ruleSet2026);
}

export async function recognizePage(input: Buffer, options: RecognizeOptions = {}): Promise<PageRecognition> {
  const decoded = await decodePage(input, options);
  const scan = decoded.gray;
  const pxPerMm = (options.dpi ?? defaultRecognitionDpi) / 25.4;
  const quality = options.archiveQuality ?? 60;

  const straighten = (options.parallel ?? true) ? straightenPage : undefined;
  const registration = await registerPage(scan, registrationTemplate, { pxPerMm, layoutFor: (id) => pageOf(templateFor(id), id.page), straighten });
  if (registration.kind === 'none') {
    const maxWidth = Math.round(registrationTemplate.pageSize.width * pxPerMm * 1.2);
    if (checkBlank(scan).blank) return { kind: 'blank', upsideDown: false, fields: [], ...(await archiveOf(scan, quality, 0, maxWidth)) };
    const skewDegrees = skewAngle(scan);
    return { kind: 'unregistered', upsideDown: false, skewDegrees, fields: [], ...(await archiveOf(scan, quality, skewDegrees, maxWidth)) };
  }
  const { page } = registration;
  const upsideDown = registration.turnDegrees === 180;
  // Encoded on libuv's threads while this one measures the fields.
  const archiving = archiveOf(page, quality, 0);
  // A failed encoding is reported where it is awaited, not as an unhandled rejection meanwhile.
  archiving.catch(() => undefined);
  let pageId: BookletPageId | undefined;
  let boxes: FoundBox[] | undefined;
  let layout: PageLayout | undefined;
  if (registration.kind === 'registered') {
    ({ pageId, boxes } = registration);
    layout = pageOf(templateFor(pageId), pageId.page);
  } else if (options.pageId) {
    // The clerk read the id off a page whose code is unreadable: its boxes must still be where that page has them.
    layout = pageOf(templateFor(options.pageId), options.pageId.page);
    const lines = layout ? printedLinesInPlace(page, pxPerMm, layout) : undefined;
    if (lines?.inPlace) [pageId, boxes] = [options.pageId, lines.boxes];
  }
  if (!pageId || !layout || !boxes) return { kind: 'unidentified', upsideDown, fields: [], ...(await archiving) };

  const thresholds = options.thresholds ?? defaultDecisionThresholds;
  const settings = options.ink ?? defaultInkSettings;
  // The crops are encoded on libuv's threads while the boxes are measured.
  const crops = layout.fields.map((field) => cropJpeg(page, pxPerMm, field.area));
  crops.forEach((crop) => crop.catch(() => undefined));
  let inks: InkMeasure[];
  if (options.inkModel === 'threshold') inks = boxes.map((found) => measureInk(page, pxPerMm, found.box, settings));
  else {
    const holes = findPunchedHoles(page, pxPerMm, boxes.map((found) => found.box));
    inks = await measureBoxes(boxes.length, (i, away) => boxJob(decoded, registration.h, page, pxPerMm, boxes[i]!.box, settings, holes, away), options.parallel ?? true);
  }
  const fields = await Promise.all(
    layout.fields.map(async (field, i): Promise<FieldRecognition> => {
      const ink = inks[i]!;
      const { decision, confidence } = decideField(ink, thresholds);
      return { measure: field.measure, decision, confidence, inkShare: ink.inkShare, crop: await crops[i]! };
    }),
  );
  return { kind: 'booklet_page', pageId, upsideDown, fields, ...(await archiving) };
}

/**
 * What measures the ink in a stamp box, mark by mark (box-ink.ts), with punched holes left
 * out; `later`: the window is straightened by the thread that measures it.
 */
export function boxJob(decoded: DecodedPage, h: Homography, page: GrayImage, pxPerMm: number, box: RectMm, settings: InkSettings, holes: PunchedHole[], later = false): BoxJob {
  const region = boxRegion(box, settings.insetMm);
  const window = boxWindow(decoded, h, page, pxPerMm, region, later);
  const size = 'rows' in window ? windowSize(region, pxPerMm) : window;
  return { window, pxPerMm, options: { settings, ignore: holeMask(holes, region, pxPerMm, size.width, size.height) } };
}

async function archiveOf(image: GrayImage, quality: number, skewDegrees: number, maxWidth?: number): Promise<Pick<PageRecognition, 'archive' | 'archiveSize'>> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
  if (skewDegrees !== 0) {
    // Two steps: sharp applies a resize before a rotation within one pipeline.
    // A colour background makes sharp answer with three channels: read them as they come.
    const level = await pipeline.rotate(-skewDegrees, { background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(level.data, { raw: { width: level.info.width, height: level.info.height, channels: level.info.channels as 1 | 2 | 3 | 4 } });
  }
  if (maxWidth && image.width > maxWidth) pipeline = pipeline.resize({ width: maxWidth });
  const { data, info } = await pipeline.toColourspace('b-w').jpeg({ quality }).toBuffer({ resolveWithObject: true });
  return { archive: data, archiveSize: { width: info.width, height: info.height } };
}

async function cropJpeg(page: GrayImage, pxPerMm: number, area: RectMm): Promise<Buffer> {
  const part = crop(page, area.x * pxPerMm, area.y * pxPerMm, area.width * pxPerMm, area.height * pxPerMm);
  return sharp(part.data, { raw: { width: part.width, height: part.height, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 75 }).toBuffer();
}

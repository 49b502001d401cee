import sharp from 'sharp';
import type { RectMm } from '../booklet/template';
import { decodeScan } from '../pipeline/decode-scan';
import { crop, type GrayImage } from '../pipeline/gray-image';
import type { Homography } from '../pipeline/homography';
import { warpToTemplate } from '../pipeline/warp';
import type { InputLimits } from '../safe-input';
import { measureBoxInk } from '../recognition/box-ink';
import { decideField, defaultDecisionThresholds, type DecisionThresholds, type FieldDecision } from '../recognition/field-decision';
import { defaultInkSettings, measureInk, type InkMeasure, type InkSettings } from '../recognition/field-ink';

/**
 * Legacy booklets (printed before the app: no corner marks, no QR code). The page went through
 * the pipeline already (recognizePage: decoded, blank check, deskewed into its archive copy);
 * each region is a rectangle per measure on that straightened page, drawn by the clerk or
 * placed by a stored layout (register-layout.ts). A placed region is cut out straightened and
 * gets the same mark-by-mark ink decision as our own booklets' boxes (box-ink.ts: printed
 * outline, folds and lines, stains left out); a hand-drawn one the grey-level measure
 * (field-ink.ts). Either proposes stamped / empty / unsure with a confidence; unsure is never
 * decided for the clerk.
 */
export interface LegacyRegion {
  measure: number;
  /** Shares (0-1) of the page image, origin top-left. */
  rect: { x: number; y: number; width: number; height: number };
}

export interface LegacyRegionMeasure extends LegacyRegion {
  decision: FieldDecision;
  confidence: number;
  inkShare: number;
  /** The region as a grayscale JPEG (evidence), when asked for with `crops`. */
  crop?: Buffer;
}

/**
 * A region placed by a layout: where it is on the layout's reference page (shares), and the
 * fit from the reference's shares to this page's pixels. Its box is then cut out straightened
 * (the fit undoes a turn or a keystone), so the printed outline lies along the window's edge
 * where the ink measure leaves it out, as in a printed booklet's box.
 */
export interface RegionPlacement {
  referenceToPage: Homography;
  /** Height of the reference page over its width. */
  referenceAspect: number;
  rects: ReadonlyMap<number, LegacyRegion['rect']>;
}

export interface LegacyMeasureOptions extends InputLimits {
  /**
   * The page's width in mm, to turn the ink settings' millimetres (inset, smallest blob) into
   * pixels. Old booklets were A5 (148 mm) or A6 (105 mm); a few mm off changes little.
   */
  pageWidthMm?: number;
  ink?: InkSettings;
  thresholds?: DecisionThresholds;
  /** Also cut each region out of the page as a JPEG (for booking, where it is the evidence). */
  crops?: boolean;
  placement?: RegionPlacement;
}

export async function measureLegacyRegions(image: Buffer, regions: readonly LegacyRegion[], options: LegacyMeasureOptions = {}): Promise<LegacyRegionMeasure[]> {
  const page = await decodeScan(image, options);
  const widthMm = options.pageWidthMm ?? 148;
  const pxPerMm = page.width / widthMm;
  const ink = options.ink ?? defaultInkSettings;
  return Promise.all(
    regions.map(async (region) => {
      const placed = options.placement?.rects.get(region.measure);
      const box = boxMm(region.rect, page.width, page.height, pxPerMm);
      const part = placed ? straightened(page, options.placement!, placed, widthMm, pxPerMm) : crop(page, ...pixelsOf(box, pxPerMm));
      let measured: InkMeasure;
      if (placed) {
        const inset = Math.round(ink.insetMm * pxPerMm);
        const inner = crop(part, inset, inset, Math.max(1, part.width - 2 * inset), Math.max(1, part.height - 2 * inset));
        measured = measureBoxInk({ width: inner.width, height: inner.height, gray: inner.data }, pxPerMm, { settings: ink });
      } else {
        // A hand-drawn rectangle keeps the grey-level measure its proposals were tuned on (faint specks go to review).
        measured = measureInk(page, pxPerMm, box, ink);
      }
      const { decision, confidence } = decideField(measured, options.thresholds ?? defaultDecisionThresholds);
      const result: LegacyRegionMeasure = { ...region, decision, confidence, inkShare: measured.inkShare };
      if (options.crops) result.crop = await sharp(part.data, { raw: { width: part.width, height: part.height, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 75 }).toBuffer();
      return result;
    }),
  );
}

/** The region cut out of the page through the layout's fit, in the reference page's own axes. */
function straightened(page: GrayImage, placement: RegionPlacement, rect: LegacyRegion['rect'], widthMm: number, pxPerMm: number): GrayImage {
  const heightMm = widthMm * placement.referenceAspect;
  const h = placement.referenceToPage;
  // mm on the reference page → shares → this page's pixels.
  const fromMm: Homography = [h[0] / widthMm, h[1] / heightMm, h[2], h[3] / widthMm, h[4] / heightMm, h[5], h[6] / widthMm, h[7] / heightMm, h[8]];
  return warpToTemplate(page, fromMm, { x: rect.x * widthMm, y: rect.y * heightMm, width: rect.width * widthMm, height: rect.height * heightMm }, pxPerMm);
}

function pixelsOf(box: RectMm, pxPerMm: number): [number, number, number, number] {
  return [box.x * pxPerMm, box.y * pxPerMm, box.width * pxPerMm, box.height * pxPerMm];
}

/** The rectangle in page millimetres, clamped to the page. */
function boxMm(rect: LegacyRegion['rect'], width: number, height: number, pxPerMm: number): RectMm {
  const x0 = Math.max(0, Math.min(1, rect.x)) * width;
  const y0 = Math.max(0, Math.min(1, rect.y)) * height;
  const x1 = Math.max(0, Math.min(1, rect.x + rect.width)) * width;
  const y1 = Math.max(0, Math.min(1, rect.y + rect.height)) * height;
  return { x: x0 / pxPerMm, y: y0 / pxPerMm, width: Math.max(1, x1 - x0) / pxPerMm, height: Math.max(1, y1 - y0) / pxPerMm };
}

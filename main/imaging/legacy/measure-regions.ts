import sharp from 'sharp';
import type { RectMm } from '../booklet/template';
import { decodeScan } from '../pipeline/decode-scan';
import { crop } from '../pipeline/gray-image';
import type { InputLimits } from '../safe-input';
import { decideField, defaultDecisionThresholds, type DecisionThresholds, type FieldDecision } from '../recognition/field-decision';
import { defaultInkSettings, measureInk, type InkSettings } from '../recognition/field-ink';

/**
 * Legacy booklets (printed before the app: no corner marks, no QR code). The page went through
 * the pipeline already (recognizePage: decoded, blank check, deskewed into its archive copy);
 * the clerk drew a rectangle per measure on that straightened page. Here the same ink measure
 * as for our own booklets runs on each rectangle and proposes stamped / empty / unsure with a
 * confidence; as there, an unsure region is never decided for the clerk.
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
}

export async function measureLegacyRegions(image: Buffer, regions: readonly LegacyRegion[], options: LegacyMeasureOptions = {}): Promise<LegacyRegionMeasure[]> {
  const page = await decodeScan(image, options);
  const pxPerMm = page.width / (options.pageWidthMm ?? 148);
  const ink = options.ink ?? defaultInkSettings;
  return Promise.all(
    regions.map(async (region) => {
      const box = boxMm(region.rect, page.width, page.height, pxPerMm);
      const measured = measureInk(page, pxPerMm, box, ink);
      const { decision, confidence } = decideField(measured, options.thresholds ?? defaultDecisionThresholds);
      const result: LegacyRegionMeasure = { ...region, decision, confidence, inkShare: measured.inkShare };
      if (options.crops) {
        const part = crop(page, box.x * pxPerMm, box.y * pxPerMm, box.width * pxPerMm, box.height * pxPerMm);
        result.crop = await sharp(part.data, { raw: { width: part.width, height: part.height, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 75 }).toBuffer();
      }
      return result;
    }),
  );
}

/** The rectangle in page millimetres, clamped to the page. */
function boxMm(rect: LegacyRegion['rect'], width: number, height: number, pxPerMm: number): RectMm {
  const x0 = Math.max(0, Math.min(1, rect.x)) * width;
  const y0 = Math.max(0, Math.min(1, rect.y)) * height;
  const x1 = Math.max(0, Math.min(1, rect.x + rect.width)) * width;
  const y1 = Math.max(0, Math.min(1, rect.y + rect.height)) * height;
  return { x: x0 / pxPerMm, y: y0 / pxPerMm, width: Math.max(1, x1 - x0) / pxPerMm, height: Math.max(1, y1 - y0) / pxPerMm };
}

import sharp, { type Sharp } from 'sharp';
import { analysisImage } from './photo/analysis-image';
import { assessPhotoQuality, defaultPhotoQualityThresholds, type PhotoQuality, type PhotoQualityThresholds } from './photo/photo-quality';
import { decoding, openImage, probeImage, type InputLimits } from './safe-input';

/**
 * Evidence photos (kiosk camera, certificate scans) are stored normalized: upright, bounded
 * in size, re-encoded as JPEG and stripped of every piece of metadata (EXIF with GPS and
 * camera serials, ICC, comments) — the insurer needs the picture, not where it was taken.
 */
export interface NormalizeOptions extends InputLimits {
  /** Longest side of the stored image in pixels; smaller images are not enlarged. */
  maxSide?: number;
  /** JPEG quality 1-100. */
  quality?: number;
  /** Longest side of the grayscale copy the sharpness/exposure check runs on. */
  analysisSide?: number;
  thresholds?: PhotoQualityThresholds;
}

export interface NormalizedPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Whether the kiosk should ask for a retake, and why. */
  quality: PhotoQuality;
}

export const defaultMaxSide = 2400;
const defaultAnalysisSide = 1024;

export async function normalizePhoto(input: Buffer, options: NormalizeOptions = {}): Promise<NormalizedPhoto> {
  const limits: InputLimits = { maxPixels: options.maxPixels, minSide: options.minSide ?? 16, applyColourProfile: options.applyColourProfile };
  await probeImage(input, limits);
  const maxSide = options.maxSide ?? defaultMaxSide;
  const analysisSide = options.analysisSide ?? defaultAnalysisSide;

  // Decode once: orientation applied and size bounded, then both the stored JPEG and the
  // analysis copy come from these pixels instead of decoding the file twice.
  const upright = await decoding(() =>
    openImage(input, limits)
      .autoOrient()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  const { width, height, channels } = upright.info;
  const raw = { raw: { width, height, channels } } as const;

  // sharp writes no metadata unless asked to (no keepMetadata/withMetadata here).
  const jpeg = await decoding(() =>
    openRaw(upright.data, raw).jpeg({ quality: options.quality ?? 85, chromaSubsampling: '4:2:0' }).toBuffer(),
  );
  const gray = analysisImage(upright.data, width, height, channels, analysisSide);
  const quality = assessPhotoQuality(gray.data, gray.width, gray.height, options.thresholds ?? defaultPhotoQualityThresholds);
  return { jpeg, width, height, quality };
}

/** Pixels we decoded ourselves: no file format, no limits to check again. */
function openRaw(data: Buffer, raw: { raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 } }): Sharp {
  return sharp(data, raw);
}

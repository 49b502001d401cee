import sharp, { type Metadata, type Sharp } from 'sharp';
import { ImagingError } from './errors';

/** Formats the station accepts from cameras, scanners and the hot folder. */
const acceptedFormats = new Set(['jpeg', 'png', 'tiff', 'webp', 'heif', 'gif']);

/** 50 megapixels: above any kiosk camera or 300 dpi A4 scan (~8.7 MP), far below a bomb. */
export const defaultPixelLimit = 50_000_000;

export interface InputLimits {
  /** Refuse images with more pixels than this (width × height as declared in the header). */
  maxPixels?: number;
  /** Refuse images whose shorter side is below this. */
  minSide?: number;
  /**
   * Convert from an embedded colour profile (e.g. a phone's Display P3) to sRGB. Off by
   * default: evidence pictures are documents, the colour shift of reading them as sRGB is
   * slight, and the conversion of a 12 MP photo costs over half of its time budget.
   */
  applyColourProfile?: boolean;
}

export interface ProbedImage {
  format: string;
  width: number;
  height: number;
  channels: number;
  /** EXIF orientation 1-8 where present. */
  orientation?: number;
  /** Pixels per inch as the file declares them (scanners do; phones write a meaningless 72). */
  density?: number;
}

/**
 * Reads only the header and checks the declared size before anything is decoded, so a
 * PNG bomb is refused without inflating it.
 */
export async function probeImage(input: Buffer, limits: InputLimits = {}): Promise<ProbedImage> {
  if (input.length === 0) throw new ImagingError('not_an_image', 'The file is empty.');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw classifySharpError(error);
  }
  const format = meta.format ?? 'unknown';
  if (!acceptedFormats.has(format)) throw new ImagingError('not_an_image', `Files of type ${format} are not accepted as images.`);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new ImagingError('image_corrupt', 'The image declares no size.');
  const maxPixels = limits.maxPixels ?? defaultPixelLimit;
  if (width * height > maxPixels) {
    throw new ImagingError('image_too_large', `The image has ${width}×${height} pixels, more than the limit of ${maxPixels}.`);
  }
  if (Math.min(width, height) < (limits.minSide ?? 1)) {
    throw new ImagingError('image_too_small', `The image has only ${width}×${height} pixels.`);
  }
  const channels = meta.channels ?? 3;
  const probed: ProbedImage = { format, width, height, channels };
  if (meta.orientation !== undefined) probed.orientation = meta.orientation;
  if (meta.density !== undefined && Number.isFinite(meta.density) && meta.density > 0) probed.density = meta.density; // sharp reports pixels per inch whatever unit the file uses
  return probed;
}

/**
 * A sharp pipeline that fails on truncated or damaged data instead of returning grey
 * filler, and that keeps the pixel limit as a second guard during decoding.
 */
export function openImage(input: Buffer, limits: InputLimits = {}): Sharp {
  return sharp(input, { limitInputPixels: limits.maxPixels ?? defaultPixelLimit, failOn: 'truncated', ignoreIcc: !limits.applyColourProfile });
}

/** Runs a sharp step and turns libvips' messages into the imaging error codes. */
export async function decoding<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw classifySharpError(error);
  }
}

export function classifySharpError(error: unknown): ImagingError {
  if (error instanceof ImagingError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format|bad seek|Input buffer is empty/i.test(message)) {
    return new ImagingError('not_an_image', 'The file is not an image the station can read.');
  }
  if (/pixel limit/i.test(message)) return new ImagingError('image_too_large', 'The image has more pixels than the limit.');
  return new ImagingError('image_corrupt', 'The image is damaged or incomplete and cannot be read.');
}

import { decoding, openImage, probeImage, type InputLimits } from '../safe-input';
import type { GrayImage } from './gray-image';

/**
 * A scanned page file (JPEG, PNG, TIFF from SANE or the hot folder) as grayscale pixels,
 * with the same guards as every image from outside: header checked against the pixel
 * limit before decoding, truncated data refused.
 */
export async function decodeScan(input: Buffer, limits: InputLimits = {}): Promise<GrayImage> {
  const probed = await probeImage(input, { ...limits, minSide: limits.minSide ?? 200 });
  let pipeline = openImage(input, limits);
  // Scanners rarely tag an orientation; turning costs a full extra pass, so only when tagged.
  if ((probed.orientation ?? 1) > 1) pipeline = pipeline.autoOrient();
  if (probed.channels < 3) {
    const { data, info } = await decoding(() => pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true }));
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  }
  const { data, info } = await decoding(() => pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true }));
  return { data: darkestChannel(data, info.width * info.height, info.channels), width: info.width, height: info.height };
}

/**
 * A page image for recognition: the darkest-channel grayscale (below) and, for a colour
 * image, its RGB pixels (the ink's colour against the paper tells a faded stamp from a
 * shadow). Recognition works at 150 dpi on the page, so a file with much more is decoded
 * smaller: JPEG shrinks on load (in the DCT, an average over the pixels it merges) at a
 * fraction of a full decode's time, and every later step handles a quarter of the pixels.
 * - a scan that declares 280 dpi or more (a flatbed at 300 or 600) is decoded at half or
 *   less, never below 140 dpi; a scan declaring less (200 dpi) is decoded as it is;
 * - a photo (phones declare a meaningless 72 dpi) larger than `maxDecodedPixels` at half
 *   size or less: a 12 MP photo of an A5 page keeps more than 150 dpi on the page.
 */
export interface DecodedPage {
  gray: GrayImage;
  rgb?: Uint8Array;
  /** Decoded pixels per pixel of the file (1, or ½ and less for a large photo or a fine scan). */
  scale: number;
}

export interface DecodeOptions extends InputLimits {
  maxDecodedPixels?: number;
  /** Least resolution a scan is decoded at when it declares its own (dpi). */
  minDecodedDpi?: number;
}

export const defaultMaxDecodedPixels = 9_500_000;
export const defaultMinDecodedDpi = 140;

/** How many file pixels make one decoded pixel along each side (1 = full size). */
export function decodeFactor(probed: { width: number; height: number; density?: number }, options: DecodeOptions = {}): number {
  const bySize = Math.ceil(Math.sqrt((probed.width * probed.height) / (options.maxDecodedPixels ?? defaultMaxDecodedPixels)));
  // Only a scanner's density says how large the page is in the file; below 150 it is not a scanner's.
  const byDensity = probed.density && probed.density >= 150 ? Math.floor(probed.density / (options.minDecodedDpi ?? defaultMinDecodedDpi)) : 1;
  return Math.max(1, bySize, Math.min(4, byDensity));
}

export async function decodePage(input: Buffer, options: DecodeOptions = {}): Promise<DecodedPage> {
  const probed = await probeImage(input, { ...options, minSide: options.minSide ?? 200 });
  let pipeline = openImage(input, options);
  const turned = (probed.orientation ?? 1) >= 5;
  if ((probed.orientation ?? 1) > 1) pipeline = pipeline.autoOrient();
  const factor = decodeFactor(probed, options);
  if (factor > 1) pipeline = pipeline.resize({ width: Math.round((turned ? probed.height : probed.width) / factor) });
  if (probed.channels < 3) {
    const { data, info } = await decoding(() => pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true }));
    return { gray: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }, scale: 1 / factor };
  }
  const { data, info } = await decoding(() => pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true }));
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { gray: { data: darkestChannel(rgb, info.width * info.height, info.channels), width: info.width, height: info.height }, rgb, scale: 1 / factor };
}

/**
 * The page's grayscale for recognition is the darkest of the three channels at each pixel:
 * every stamp ink (blue, red, violet, green, black) is dark in at least one channel, while
 * white paper is bright in all. Luma would let a faint green or red stamp fade into the
 * paper; the print is black either way.
 */
export function darkestChannel(rgb: Uint8Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += channels) {
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    out[p] = r < g ? (r < b ? r : b) : g < b ? g : b;
  }
  return out;
}

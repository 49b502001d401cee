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
 * shadow). Photos larger than `maxDecodedPixels` are decoded at half size or less: JPEG
 * shrinks on load at a fraction of a full decode's time, and a 12 MP photo of an A5 page
 * keeps more than 150 dpi on the page at half size.
 */
export interface DecodedPage {
  gray: GrayImage;
  rgb?: Uint8Array;
  /** Decoded pixels per pixel of the file (1, or ½ and less for a large photo). */
  scale: number;
}

export interface DecodeOptions extends InputLimits {
  maxDecodedPixels?: number;
}

export const defaultMaxDecodedPixels = 9_500_000;

export async function decodePage(input: Buffer, options: DecodeOptions = {}): Promise<DecodedPage> {
  const probed = await probeImage(input, { ...options, minSide: options.minSide ?? 200 });
  let pipeline = openImage(input, options);
  const turned = (probed.orientation ?? 1) >= 5;
  if ((probed.orientation ?? 1) > 1) pipeline = pipeline.autoOrient();
  const factor = Math.max(1, Math.ceil(Math.sqrt((probed.width * probed.height) / (options.maxDecodedPixels ?? defaultMaxDecodedPixels))));
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

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

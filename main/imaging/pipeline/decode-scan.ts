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
  // The green channel is the page's grayscale: it carries most of the luminance, shows blue,
  // red and violet stamp inks dark, and costs half of a full colour-to-gray conversion.
  pipeline = probed.channels >= 3 ? pipeline.extractChannel('green') : pipeline.extractChannel(0);
  const { data, info } = await decoding(() => pipeline.raw().toBuffer({ resolveWithObject: true }));
  if (info.channels !== 1) throw new Error(`Expected one channel after extracting it, got ${info.channels}.`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

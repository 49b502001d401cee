import { decoding, openImage, probeImage, type InputLimits } from '../safe-input';
import type { GrayImage } from './gray-image';

/**
 * A scanned page file (JPEG, PNG, TIFF from SANE or the hot folder) as grayscale pixels,
 * with the same guards as every image from outside: header checked against the pixel
 * limit before decoding, truncated data refused.
 */
export async function decodeScan(input: Buffer, limits: InputLimits = {}): Promise<GrayImage> {
  await probeImage(input, { ...limits, minSide: limits.minSide ?? 200 });
  const { data, info } = await decoding(() => openImage(input, limits).autoOrient().greyscale().raw().toBuffer({ resolveWithObject: true }));
  if (info.channels !== 1) throw new Error(`Expected one channel after greyscale, got ${info.channels}.`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

import sharp from 'sharp';
import { decoding, openImage, probeImage } from './safe-input';

/**
 * A signature drawn on the kiosk's touch screen, as stored with a signed declaration: black
 * ink on white, grayscale PNG, bounded in size, without any metadata. A pad with (almost)
 * nothing on it is no signature.
 */
export interface NormalizedSignature {
  png: Buffer;
  width: number;
  height: number;
}

const maxWidth = 1200;
const maxHeight = 600;
/** Fewer dark pixels than this share of the bounded image is an empty pad or a stray touch. */
const minInkShare = 0.002;

export async function normalizeSignature(input: Buffer): Promise<NormalizedSignature | 'empty'> {
  await probeImage(input, { maxPixels: 8_000_000, minSide: 32 });
  const { data, info } = await decoding(() =>
    openImage(input, { maxPixels: 8_000_000 })
      .flatten({ background: '#ffffff' })
      .resize({ width: maxWidth, height: maxHeight, fit: 'inside', withoutEnlargement: true })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  let ink = 0;
  for (let i = 0; i < data.length; i += info.channels) if ((data[i] ?? 255) < 128) ink++;
  if (ink < info.width * info.height * minInkShare) return 'empty';
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png({ compressionLevel: 9 }).toBuffer();
  return { png, width: info.width, height: info.height };
}

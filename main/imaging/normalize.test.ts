import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImagingError } from './errors';
import { normalizePhoto } from './normalize';
import { certificatePhoto, pngBomb, withExifAndGps } from '../../test/support/imaging/fixtures';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImagingError) return error.code;
    throw error;
  }
  return 'no error';
}

/** The EXIF tag 0x8825 points to the GPS directory (either byte order). */
function hasGpsDirectory(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

describe('photo normalization', () => {
  it('turns the picture upright from its EXIF orientation and strips EXIF, GPS and ICC', async () => {
    // A landscape sensor image tagged "rotate 90° clockwise to display" (orientation 6).
    const photo = await withExifAndGps(await certificatePhoto(1200, 800), 6);
    const before = await sharp(photo).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.includes(Buffer.from('Bonus Test Camera'))).toBe(true);
    expect(hasGpsDirectory(before.exif)).toBe(true);
    expect(before.icc).toBeDefined();

    const normalized = await normalizePhoto(photo);
    const after = await sharp(normalized.jpeg).metadata();
    expect(after.format).toBe('jpeg');
    expect([after.width, after.height]).toEqual([800, 1200]);
    expect([normalized.width, normalized.height]).toEqual([800, 1200]);
    expect(after.orientation).toBeUndefined();
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.comments).toBeUndefined();
    expect(hasGpsDirectory(normalized.jpeg)).toBe(false);
    expect(normalized.jpeg.includes(Buffer.from('Bonus Test Camera'))).toBe(false);
  });

  it('strips the colour profile also when asked to convert from it to sRGB first', async () => {
    const photo = await withExifAndGps(await certificatePhoto(600, 400), 1);
    const converted = await normalizePhoto(photo, { applyColourProfile: true });
    expect((await sharp(converted.jpeg).metadata()).icc).toBeUndefined();
  });

  it('bounds the longest side and never enlarges a small picture', async () => {
    const big = await normalizePhoto(await certificatePhoto(4000, 3000), { maxSide: 2400 });
    expect([big.width, big.height]).toEqual([2400, 1800]);
    const small = await normalizePhoto(await certificatePhoto(640, 480));
    expect([small.width, small.height]).toEqual([640, 480]);
  });

  it('passes a sharp, well exposed certificate and asks for a retake of a blurred one', async () => {
    const photo = await certificatePhoto(1600, 1200);
    expect((await normalizePhoto(photo)).quality.verdict).toBe('ok');
    const blurred = await sharp(photo).blur(6).jpeg().toBuffer();
    expect((await normalizePhoto(blurred)).quality.verdict).toBe('blurry');
  });

  it('asks for a retake of an underexposed and of an overexposed photo', async () => {
    const photo = await certificatePhoto(1600, 1200);
    const dark = await sharp(photo).linear(0.12, 0).jpeg().toBuffer();
    expect((await normalizePhoto(dark)).quality.verdict).toBe('too_dark');
    const bright = await sharp(photo).linear(1, 180).jpeg().toBuffer();
    expect((await normalizePhoto(bright)).quality.verdict).toBe('too_bright');
  });

  it('refuses a truncated JPEG as corrupt', async () => {
    const photo = await certificatePhoto(1200, 800);
    expect(await codeOf(normalizePhoto(photo.subarray(0, Math.floor(photo.length * 0.6))))).toBe('image_corrupt');
  });

  it('refuses a PNG bomb over the pixel limit without inflating it', async () => {
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(2_000_000);
    expect(await codeOf(normalizePhoto(bomb))).toBe('image_too_large');
    expect(await codeOf(normalizePhoto(await certificatePhoto(1200, 800), { maxPixels: 500_000 }))).toBe('image_too_large');
  });

  it('refuses a text file, an empty file and a PDF as not an image', async () => {
    expect(await codeOf(normalizePhoto(Buffer.from('Bescheinigung über die Teilnahme\n')))).toBe('not_an_image');
    expect(await codeOf(normalizePhoto(Buffer.alloc(0)))).toBe('not_an_image');
    expect(await codeOf(normalizePhoto(Buffer.from('%PDF-1.7\n1 0 obj\n')))).toBe('not_an_image');
  });

  it('refuses a PNG whose compressed data is damaged as corrupt', async () => {
    const png = await sharp(await certificatePhoto(400, 300)).png().toBuffer();
    const idat = png.indexOf(Buffer.from('IDAT'));
    const damaged = Buffer.from(png);
    damaged.fill(0x55, idat + 8, idat + 400);
    expect(await codeOf(normalizePhoto(damaged))).toBe('image_corrupt');
  });
});

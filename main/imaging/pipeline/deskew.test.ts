import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { certificatePhoto } from '../../../test/support/imaging/fixtures';
import { decodeScan } from './decode-scan';
import { skewAngle } from './deskew';

describe('deskewing a page without corner marks', () => {
  it.each([-4, -1.5, 0, 2.5, 5])('measures a page turned by %s° within half a degree', async (degrees) => {
    const page = await certificatePhoto(1240, 1754, 3);
    const turned = await sharp(page).rotate(degrees, { background: '#ececec' }).jpeg().toBuffer();
    const angle = skewAngle(await decodeScan(turned));
    expect(Math.abs(angle - degrees)).toBeLessThanOrEqual(0.5);
  });
});

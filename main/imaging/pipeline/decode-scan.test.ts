import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeFactor, decodePage } from './decode-scan';

describe('decoding a page at the resolution recognition needs', () => {
  it('halves a 300 or 600 dpi scan, keeps a 200 dpi one, and trusts no density a phone writes', () => {
    const a5At = (dpi: number) => ({ width: Math.round((148 / 25.4) * dpi), height: Math.round((210 / 25.4) * dpi), density: dpi });
    expect(decodeFactor(a5At(300))).toBe(2);
    expect(decodeFactor(a5At(600))).toBe(4);
    expect(decodeFactor(a5At(200))).toBe(1);
    // A scanner that writes no density: only the pixel count limits it.
    expect(decodeFactor({ width: 2480, height: 3508 })).toBe(1);
    // A 12 MP phone photo says 72 dpi: halved for its size, not its density.
    expect(decodeFactor({ width: 4000, height: 3000, density: 72 })).toBe(2);
  });

  it('decodes a scan that declares 300 dpi at half size, and the same picture declaring 72 dpi at full size', async () => {
    const jpeg = await sharp({ create: { width: 1748, height: 2480, channels: 3, background: { r: 240, g: 238, b: 230 } } })
      .jpeg()
      .withMetadata({ density: 300 })
      .toBuffer();
    const page = await decodePage(jpeg);
    expect([page.gray.width, page.gray.height]).toEqual([874, 1240]);
    expect(page.scale).toBe(0.5);
    expect(page.rgb?.length).toBe(874 * 1240 * 3);
    const undeclared = await decodePage(await sharp(jpeg).withMetadata({ density: 72 }).toBuffer());
    expect(undeclared.gray.width).toBe(1748);
  });
});

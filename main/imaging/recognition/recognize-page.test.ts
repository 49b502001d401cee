import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PageCanvas } from '../booklet/page-canvas';
import { bookletTemplate } from '../booklet/template';
import { ImagingError } from '../errors';
import { certificatePhoto, pngBomb } from '../../../test/support/imaging/fixtures';
import { bookletPage, scanOf, signInto, stampInto } from '../../../test/support/imaging/scans';
import { recognizePage } from './recognize-page';

const adult = bookletTemplate('adult');
const page2 = adult.pages[1]!; // measures 5-8

async function errorCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof ImagingError ? error.code : `unexpected: ${String(error)}`),
  );
}

async function stampedPage2(): Promise<PageCanvas> {
  const canvas = bookletPage('adult', 2);
  stampInto(canvas, page2.fields[1]!.stampBox); // measure 6
  signInto(canvas, page2.fields[3]!.stampBox); // measure 8
  // A pen mark beside the title of measure 7, outside every box.
  canvas.strokeLine(100, page2.fields[2]!.title.y + 2, 125, page2.fields[2]!.title.y + 3, 0.5, [20, 20, 20]);
  return canvas;
}

describe('recognizing a scanned booklet page', () => {
  it('reads the page id and decides each field: stamp and signature found, pen marks outside boxes ignored', async () => {
    const result = await recognizePage(await scanOf(await stampedPage2(), { angle: 3 }));
    expect(result.kind).toBe('booklet_page');
    expect(result.pageId).toEqual({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'adult', page: 2 });
    expect(result.upsideDown).toBe(false);
    expect(result.fields.map((f) => [f.measure, f.decision])).toEqual([
      [5, 'empty'],
      [6, 'stamped'],
      [7, 'empty'],
      [8, 'stamped'],
    ]);
    for (const f of result.fields) expect(f.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps each field\'s crop and the straightened page as grayscale JPEG evidence', async () => {
    const result = await recognizePage(await scanOf(await stampedPage2(), { angle: -4 }));
    const archive = await sharp(result.archive).metadata();
    expect(archive.format).toBe('jpeg');
    expect([archive.width, archive.height]).toEqual([874, 1240]); // A5 at 150 dpi
    expect(result.archiveSize).toEqual({ width: 874, height: 1240 });
    const crop = await sharp(result.fields[1]!.crop).metadata();
    expect(crop.format).toBe('jpeg');
    expect(crop.channels).toBe(1);
    expect(Math.abs(crop.width! - (page2.fields[1]!.area.width * 150) / 25.4)).toBeLessThanOrEqual(1.5);
  });

  it('turns a sheet fed upside down the right way round', async () => {
    const result = await recognizePage(await scanOf(await stampedPage2(), { angle: 182 }));
    expect(result.upsideDown).toBe(true);
    expect(result.pageId?.page).toBe(2);
    expect(result.fields.map((f) => f.decision)).toEqual(['empty', 'stamped', 'empty', 'stamped']);
  });

  it('finds an A5 page lying in the corner of an A4 flatbed scan', async () => {
    const canvas = await stampedPage2();
    const a4 = await sharp(Buffer.from(canvas.rgb.buffer, canvas.rgb.byteOffset, canvas.rgb.byteLength), { raw: { width: canvas.width, height: canvas.height, channels: 3 } })
      .rotate(1.5, { background: '#f0f0f0' })
      .extend({ top: 20, left: 30, bottom: 3508 - canvas.height - 60, right: 2480 - canvas.width - 80, background: '#f0f0f0' })
      .jpeg({ quality: 80 })
      .toBuffer();
    const result = await recognizePage(a4);
    expect(result.pageId?.page).toBe(2);
    expect(result.fields.map((f) => f.decision)).toEqual(['empty', 'stamped', 'empty', 'stamped']);
  });

  it('recognizes the empty back of a sheet as blank', async () => {
    const back = new PageCanvas(148, 210, 300, [248, 248, 246]);
    const result = await recognizePage(await scanOf(back, { angle: 1 }));
    expect(result.kind).toBe('blank');
    expect(result.fields).toEqual([]);
  });

  it('passes a page without corner marks on as unregistered and levelled, for the clerk to assign', async () => {
    const legacy = await sharp(await certificatePhoto(1748, 2480)).rotate(3, { background: '#ececec' }).jpeg().toBuffer();
    const result = await recognizePage(legacy);
    expect(result.kind).toBe('unregistered');
    expect(result.skewDegrees).toBeCloseTo(3, 0);
    expect((await sharp(result.archive).metadata()).format).toBe('jpeg');
  });

  it('says which page could not be identified when the QR code is unreadable', async () => {
    const canvas = bookletPage('child', 1);
    canvas.cover(adult.qr.x + 4, adult.qr.y + 4, adult.qr.width - 8, adult.qr.height - 8);
    const result = await recognizePage(await scanOf(canvas));
    expect(result.kind).toBe('unidentified');
    expect(result.fields).toEqual([]);
  });

  it('refuses truncated, oversized and non-image files with a clear error', async () => {
    const scan = await scanOf(bookletPage('child', 2));
    expect(await errorCode(recognizePage(scan.subarray(0, Math.floor(scan.length / 2))))).toBe('image_corrupt');
    expect(await errorCode(recognizePage(pngBomb(30_000, 30_000)))).toBe('image_too_large');
    expect(await errorCode(recognizePage(Buffer.from('Scan fehlgeschlagen\n')))).toBe('not_an_image');
    expect(await errorCode(recognizePage(await certificatePhoto(120, 160)))).toBe('image_too_small');
  });
});

import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ImagingError } from '../errors';
import { certificatePhoto, withExifAndGps } from '../../../test/support/imaging/fixtures';
import { bookletPage, scanOf, stampInto } from '../../../test/support/imaging/scans';
import { bookletTemplate } from '../booklet/template';
import { ImagingWorker } from './imaging-worker-client';

const workers: ImagingWorker[] = [];
function startWorker(): ImagingWorker {
  const worker = new ImagingWorker();
  workers.push(worker);
  return worker;
}
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

describe('the imaging worker thread', () => {
  it('normalizes a photo and recognizes a page off the main thread, returning Buffers', async () => {
    const worker = startWorker();
    const photo = await worker.normalizePhoto(await withExifAndGps(await certificatePhoto(900, 600), 6));
    expect(Buffer.isBuffer(photo.jpeg)).toBe(true);
    expect((await sharp(photo.jpeg).metadata()).exif).toBeUndefined();
    expect([photo.width, photo.height]).toEqual([600, 900]);

    const canvas = bookletPage('child', 1);
    stampInto(canvas, bookletTemplate('child').pages[0]!.fields[2]!.stampBox);
    const page = await worker.recognizePage(await scanOf(canvas, { angle: -2 }));
    expect(page.pageId).toMatchObject({ program: 'child', page: 1 });
    expect(page.fields.map((f) => f.decision)).toEqual(['empty', 'empty', 'stamped', 'empty']);
    expect(Buffer.isBuffer(page.fields[2]!.crop)).toBe(true);
  });

  it('prepares recognition: the helper thread that measures half the boxes is up before the first page', async () => {
    const worker = startWorker();
    expect(await worker.prepareRecognition()).toEqual({ boxHelper: true });
    const canvas = bookletPage('adult', 1);
    stampInto(canvas, bookletTemplate('adult').pages[0]!.fields[1]!.stampBox);
    const page = await worker.recognizePage(await scanOf(canvas));
    expect(page.fields.map((f) => f.decision)).toEqual(['empty', 'stamped', 'empty', 'empty']);
  });

  it('carries the typed error of a bad file across the thread boundary', async () => {
    const worker = startWorker();
    const error = await worker.normalizePhoto(Buffer.from('kein Bild')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagingError);
    expect((error as ImagingError).code).toBe('not_an_image');
    // The worker survives a bad file and serves the next call.
    const pdf = await worker.bookletPdf({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'child' });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  it('answers a malformed request with an error instead of dying', async () => {
    const worker = startWorker();
    const error = await worker.call('recognizePage', null as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((await worker.normalizePhoto(await certificatePhoto(300, 200))).width).toBe(300);
  });

  it('fails pending calls with worker_failed when the thread goes away, and starts afresh on the next call', async () => {
    const worker = startWorker();
    const pending = worker.recognizePage(await scanOf(bookletPage('adult', 1)));
    await worker.stop();
    const error = await pending.catch((e: unknown) => e);
    expect((error as ImagingError).code).toBe('worker_failed');
    const photo = await worker.normalizePhoto(await certificatePhoto(300, 200));
    expect(photo.width).toBe(300);
  });
});

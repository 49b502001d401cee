import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scannedFile, station, tempDir } from '../../test/support/clerk-batch-setup';
import type { PageRecognizer } from './recognition-queue';

describe('the clerk batch queue: intake and recognition', () => {
  it('takes a scanned page into the open batch, removes the file and recognizes it off the main thread', async () => {
    const dir = tempDir();
    const { service, store, events } = station();
    const file = await scannedFile(dir, 'page-0001.jpg', [0, 2]);
    await service.intake.take('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    expect(existsSync(file)).toBe(false);
    await service.queue.idle();

    const batch = service.edits.openBatch();
    expect(batch.counts).toMatchObject({ total: 1, recognized: 1, scanned: 0 });
    expect(batch.pages).toMatchObject([{ seq: 1, state: 'recognized', kind: 'booklet_page', bookletId: 'K7M2Q9X4TR', pageNo: 1, program: 'adult', stamped: 2, undecided: 0 }]);
    // The raw scan is dropped once the archive copy and crops are stored.
    expect(store.db.prepare('SELECT scan IS NULL AS dropped, length(archive) > 1000 AS archived FROM clerk_page').get()).toEqual({ dropped: 1, archived: 1 });
    expect(store.db.prepare('SELECT count(*) FROM clerk_field WHERE length(crop) > 500').pluck().get()).toBe(4);
    expect(events.at(-1)).toMatchObject({ batchId: batch.id, recognizing: false, counts: { recognized: 1 } });
    expect(events.some((e) => e.counts.scanned === 1)).toBe(true);

    const page = service.edits.getPage(batch.pages[0]!.id);
    expect(page.fields.map((f) => f.effective)).toEqual(['stamped', 'empty', 'stamped', 'empty']);
    expect(page.image).toMatch(/^data:image\/jpeg;base64,/);
    expect(page.member).toEqual({ initials: 'H. M.', birthYear: 1980 });
    for (const f of page.fields) expect(f.area.width).toBeGreaterThan(0.3);
    expect(page.fields[0]!.verdict).toMatchObject({ kind: 'in_review' });
  });

  it('recognizes at start what a restart left unrecognized', async () => {
    const dir = tempDir();
    // A recognizer that never answers stands for the station being shut down mid-recognition.
    let abandon = (_e: Error) => undefined as void;
    const stalled: PageRecognizer = {
      recognizePage: () => new Promise((_resolve, reject) => (abandon = reject)),
      stop: async () => abandon(new Error('stopped')),
    };
    const first = station({ recognizer: stalled });
    await first.service.intake.take('scan-1', { page: 1, path: await scannedFile(dir, 'a.jpg', [1]), sizeBytes: 1, format: 'jpeg' });
    expect(first.service.edits.openBatch().pages.map((p) => p.state)).toEqual(['scanned']);
    await first.close();
    // The page in flight at shutdown is not an error: it waits for the next start.

    const second = station({ path: first.path });
    await second.service.queue.idle();
    expect(second.service.edits.openBatch().pages).toMatchObject([{ state: 'recognized', stamped: 1 }]);
  });

  it('takes pages a crash left in the scanner inbox at start, and removes them there', async () => {
    const dir = tempDir();
    const inbox = join(dir, 'scan-inbox');
    mkdirSync(join(inbox, 'scan-7'), { recursive: true });
    await scannedFile(join(inbox, 'scan-7'), 'page-0001.jpg', [0]);
    await scannedFile(join(inbox, 'scan-7'), 'page-0002.jpg', [1, 2]);
    writeFileSync(join(inbox, 'scan-7', 'page-0003.png.part'), 'half a page');
    const { service, started } = station({ inboxDir: inbox });
    await started;
    await service.queue.idle();
    expect(service.edits.openBatch().pages).toMatchObject([
      { seq: 1, state: 'recognized', stamped: 1 },
      { seq: 2, state: 'recognized', stamped: 2 },
    ]);
    // The half-written page is no page: it stays, and so does its folder.
    expect(readdirSync(join(inbox, 'scan-7'))).toEqual(['page-0003.png.part']);
  });

  it('a file that is no image ends in error with a code and the batch goes on', async () => {
    const dir = tempDir();
    const { service } = station();
    const bad = join(dir, 'page-0001.png');
    writeFileSync(bad, 'kein Bild, nur Text');
    await service.intake.take('scan-1', { page: 1, path: bad, sizeBytes: 19, format: 'png' });
    await service.intake.take('scan-1', { page: 2, path: await scannedFile(dir, 'b.jpg', []), sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const batch = service.edits.openBatch();
    expect(batch.pages).toMatchObject([
      { seq: 1, state: 'error', errorCode: 'not_an_image' },
      { seq: 2, state: 'recognized', stamped: 0 },
    ]);
    expect(batch.counts).toMatchObject({ total: 2, error: 1, recognized: 1 });
    expect(() => service.edits.verifyPage(batch.pages[0]!.id, '2026-06-01')).toThrow(/cannot be changed/);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HotFolderScanner } from '../../native/scanner/hot-folder/hot-folder-scanner';
import { HotFolderWatcher, type HotFolderState, type RejectedFile, type TakenFile } from '../../native/scanner/hot-folder/hot-folder-watcher';
import type { BatchEvent } from '../../native/scanner/scanner';
import { jpegShapedBytes, pngImage } from './scanner-support/images';

/** The hot folder on the real file system, with writers as slow as scanner software on a share. */
const root = mkdtempSync(join(tmpdir(), 'hot-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshFolder = () => {
  n += 1;
  const folder = join(root, `f${n}`);
  mkdirSync(folder);
  return folder;
};

const timing = { stableMs: 400, pollMs: 50 };

function watch(folder: string, extra: Partial<ConstructorParameters<typeof HotFolderWatcher>[0]> = {}) {
  const taken: TakenFile[] = [];
  const rejected: RejectedFile[] = [];
  const states: HotFolderState[] = [];
  const watcher = new HotFolderWatcher({ folder, ...timing, onFile: (f) => taken.push(f), onReject: (f) => rejected.push(f), onState: (s) => states.push(s), ...extra });
  watcher.start();
  return { watcher, taken, rejected, states };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

/** Writes in chunks with pauses, as a scanner saving over a network share does. */
async function slowWrite(path: string, bytes: Buffer, chunks: number, pauseMs: number, onChunk?: () => void): Promise<void> {
  const size = Math.ceil(bytes.length / chunks);
  await writeFile(path, bytes.subarray(0, size));
  for (let offset = size; offset < bytes.length; offset += size) {
    onChunk?.();
    await sleep(pauseMs);
    await appendFile(path, bytes.subarray(offset, offset + size));
  }
}

describe('hot folder', () => {
  it('takes a slowly written file only when it is complete, and intact', async () => {
    const folder = freshFolder();
    const { watcher, taken } = watch(folder);
    const png = pngImage(300, 200);
    let takenEarly = false;
    // Pauses shorter than the stable interval: size keeps changing, the file must not be taken.
    await slowWrite(join(folder, 'page1.png'), png, 6, 150, () => {
      if (taken.length > 0) takenEarly = true;
    });
    await until(() => taken.length === 1);
    await watcher.stop();
    expect(takenEarly).toBe(false);
    expect(taken[0]).toMatchObject({ originalName: 'page1.png', kind: 'png', sizeBytes: png.length, path: join(folder, 'processed', 'page1.png') });
    expect(readFileSync(taken[0]?.path as string).equals(png)).toBe(true);
    expect(readdirSync(folder)).toEqual(['processed']);
  });

  it('waits for the end marker even when a writer pauses longer than the stable interval', async () => {
    const folder = freshFolder();
    const { watcher, taken, rejected } = watch(folder);
    const jpeg = jpegShapedBytes(50_000);
    await writeFile(join(folder, 'slow.jpg'), jpeg.subarray(0, 20_000));
    await sleep(timing.stableMs * 3);
    expect(taken).toEqual([]);
    await appendFile(join(folder, 'slow.jpg'), jpeg.subarray(20_000));
    await until(() => taken.length === 1);
    await watcher.stop();
    expect(rejected).toEqual([]);
    expect(readFileSync(taken[0]?.path as string).equals(jpeg)).toBe(true);
  });

  it('rejects a JPEG that never gets its end marker, after the incomplete timeout', async () => {
    const folder = freshFolder();
    const { watcher, rejected } = watch(folder, { incompleteTimeoutMs: 1000 });
    writeFileSync(join(folder, 'cut.jpg'), jpegShapedBytes(4000).subarray(0, 3000));
    await until(() => rejected.length === 1);
    await watcher.stop();
    expect(rejected[0]?.reason).toMatch(/incomplete JPEG/);
  });

  it('takes "*.tmp" files only after the rename to their final name', async () => {
    const folder = freshFolder();
    const { watcher, taken, rejected } = watch(folder);
    const png = pngImage(64, 64, 7);
    await slowWrite(join(folder, 'scan_0001.tmp'), png, 3, 200);
    await sleep(timing.stableMs * 2);
    expect(taken).toEqual([]);
    renameSync(join(folder, 'scan_0001.tmp'), join(folder, 'scan_0001.png'));
    await until(() => taken.length === 1);
    await watcher.stop();
    expect(taken[0]?.originalName).toBe('scan_0001.png');
    expect(rejected).toEqual([]);
    expect(readdirSync(join(folder, 'processed'))).toEqual(['scan_0001.png']);
  });

  it('rejects non-images and PDFs into rejected/ with the reason next to them', async () => {
    const folder = freshFolder();
    const { watcher, taken, rejected } = watch(folder);
    writeFileSync(join(folder, 'notes.jpg'), 'not really a picture');
    writeFileSync(join(folder, 'booklet.pdf'), '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n');
    writeFileSync(join(folder, 'good.tif'), Buffer.concat([Buffer.from('II*\0'), Buffer.alloc(100)]));
    await until(() => rejected.length === 2 && taken.length === 1);
    await watcher.stop();
    const reasons = Object.fromEntries(rejected.map((r) => [r.originalName, r.reason]));
    expect(reasons['notes.jpg']).toMatch(/not an image/);
    expect(reasons['booklet.pdf']).toMatch(/PDF is not taken/);
    expect(readdirSync(join(folder, 'rejected')).sort()).toEqual(['booklet.pdf', 'booklet.pdf.reason.txt', 'notes.jpg', 'notes.jpg.reason.txt']);
    expect(readFileSync(join(folder, 'rejected', 'notes.jpg.reason.txt'), 'utf8')).toMatch(/not an image/);
    expect(taken.map((t) => t.kind)).toEqual(['tiff']);
  });

  it('after a restart, takes the files left behind, and never takes processed ones again', async () => {
    const folder = freshFolder();
    const first = watch(folder);
    writeFileSync(join(folder, 'a.png'), pngImage(10, 10, 1));
    await until(() => first.taken.length === 1);
    await first.watcher.stop();
    // Saved while the station was off, one of them with a name already used.
    writeFileSync(join(folder, 'b.png'), pngImage(10, 10, 2));
    writeFileSync(join(folder, 'a.png'), pngImage(10, 10, 3));
    const second = watch(folder);
    await until(() => second.taken.length === 2);
    await sleep(timing.stableMs * 2);
    await second.watcher.stop();
    expect(second.taken.map((t) => t.originalName).sort()).toEqual(['a.png', 'b.png']);
    expect(readdirSync(join(folder, 'processed')).sort()).toEqual(['a-1.png', 'a.png', 'b.png']);
  });

  it('survives the folder disappearing and coming back', async () => {
    const folder = freshFolder();
    const { watcher, taken, states } = watch(folder);
    await until(() => states.includes('watching'));
    rmSync(folder, { recursive: true });
    await until(() => states.at(-1) === 'folder-missing');
    mkdirSync(folder);
    writeFileSync(join(folder, 'back.png'), pngImage(20, 20));
    await until(() => taken.length === 1);
    await watcher.stop();
    expect(states).toEqual(['watching', 'folder-missing', 'watching']);
    expect(existsSync(join(folder, 'processed', 'back.png'))).toBe(true);
  });

  it('as a scanner: a batch takes arriving files as pages until it has enough', async () => {
    const folder = freshFolder();
    const scanner = new HotFolderScanner({ folder, ...timing });
    expect((await scanner.listDevices()).map((d) => d.id)).toEqual(['hot-folder:default']);
    const events: BatchEvent[] = [];
    const batch = scanner.startBatch({ deviceId: 'hot-folder:default', maxPages: 2 }, (e) => events.push(e));
    writeFileSync(join(folder, 'p1.png'), pngImage(8, 8, 1));
    writeFileSync(join(folder, 'readme.txt'), 'hello');
    await until(() => events.some((e) => e.type === 'page-rejected'));
    writeFileSync(join(folder, 'p2.png'), pngImage(8, 8, 2));
    const result = await batch.done;
    expect(result.end).toBe('completed');
    expect(result.pages.map((p) => [p.page, p.format])).toEqual([
      [1, 'png'],
      [2, 'png'],
    ]);
    expect(events.some((e) => e.type === 'page-rejected' && e.file === 'readme.txt')).toBe(true);
  });
});

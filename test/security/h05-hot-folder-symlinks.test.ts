import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HotFolderScanner } from '../../native/scanner/hot-folder/hot-folder-scanner';
import { HotFolderWatcher, type HotFolderState, type RejectedFile, type TakenFile } from '../../native/scanner/hot-folder/hot-folder-watcher';
import { readScannedPage } from '../../native/scanner/read-scanned-page';
import { jpegShapedBytes } from '../integration/scanner-support/images';

/**
 * Hole 5: a hot folder is often a share other people (or a network scanner's account) can write
 * to. Whoever can write there must not make the station write or read anywhere else through a
 * symbolic link: not through a planted "<file>.reason.txt", not through `processed/` or
 * `rejected/` pointing at e.g. ~/.config/autostart (a .desktop file there runs at next login),
 * not through a page that is a link to a file only the station can read.
 */
const root = mkdtempSync(join(tmpdir(), 'sec-hot-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function setup() {
  n += 1;
  const base = join(root, `case${n}`);
  const folder = join(base, 'hot');
  const autostart = join(base, 'autostart');
  mkdirSync(folder, { recursive: true });
  mkdirSync(autostart);
  const victim = join(base, 'victim.txt');
  writeFileSync(victim, 'the station user’s file\n');
  return { base, folder, autostart, victim };
}

function watch(folder: string) {
  const taken: TakenFile[] = [];
  const rejected: RejectedFile[] = [];
  const states: { state: HotFolderState; detail?: string }[] = [];
  const watcher = new HotFolderWatcher({
    folder,
    stableMs: 300,
    pollMs: 50,
    onFile: (f) => taken.push(f),
    onReject: (f) => rejected.push(f),
    onState: (state, detail) => states.push({ state, ...(detail ? { detail } : {}) }),
  });
  watcher.start();
  return { watcher, taken, rejected, states };
}

async function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('hole 5: the hot folder never follows a symbolic link', () => {
  it('does not write a rejection reason through a planted "<file>.reason.txt" link', async () => {
    const { folder, victim } = setup();
    mkdirSync(join(folder, 'rejected'));
    symlinkSync(victim, join(folder, 'rejected', 'note.txt.reason.txt'));
    const { watcher, rejected } = watch(folder);
    writeFileSync(join(folder, 'note.txt'), 'not an image');
    await until(() => rejected.length === 1);
    await watcher.stop();
    expect(readFileSync(victim, 'utf8')).toBe('the station user’s file\n');
    // The reason is written beside the rejected file under a name that was free.
    expect(readFileSync(`${rejected[0]!.path}.reason.txt`, 'utf8')).toMatch(/not an image/);
  });

  it.each(['rejected', 'processed'])('refuses and reports a folder whose %s/ is a link, and writes nothing through it', async (sub) => {
    const { folder, autostart } = setup();
    symlinkSync(autostart, join(folder, sub));
    const { watcher, taken, rejected, states } = watch(folder);
    writeFileSync(join(folder, 'evil.desktop'), sub === 'processed' ? jpegShapedBytes(2000) : '[Desktop Entry]\nExec=sh -c id\n');
    await until(() => states.some((s) => s.state === 'unsafe'));
    // Past several polls and the stable interval: still nothing taken, moved or written.
    await sleep(600);
    await watcher.stop();
    expect(states.find((s) => s.state === 'unsafe')?.detail).toContain(sub);
    expect(readdirSync(autostart)).toEqual([]);
    expect(taken).toEqual([]);
    expect(rejected).toEqual([]);
    expect(readdirSync(folder).sort()).toEqual(['evil.desktop', sub].sort());
  });

  it('refuses a hot folder that is itself a link', async () => {
    const { base, autostart } = setup();
    const link = join(base, 'hot-link');
    symlinkSync(autostart, link);
    const { watcher, states } = watch(link);
    await until(() => states.some((s) => s.state === 'unsafe'));
    await watcher.stop();
    expect(readdirSync(autostart)).toEqual([]);
  });

  it('never takes a page that is a link to a file the station can read, and leaves that file alone', async () => {
    const { base, folder } = setup();
    const secret = join(base, 'secret.jpg');
    const secretBytes = jpegShapedBytes(3000);
    writeFileSync(secret, secretBytes);
    symlinkSync(secret, join(folder, 'page.jpg'));
    const { watcher, taken, rejected } = watch(folder);
    await until(() => rejected.length === 1);
    await watcher.stop();
    expect(taken).toEqual([]);
    expect(rejected[0]).toMatchObject({ originalName: 'page.jpg', reason: expect.stringMatching(/link/) });
    expect(readFileSync(secret).equals(secretBytes)).toBe(true);
  });

  it('reports the unsafe folder in the device list and fails a batch on it', async () => {
    const { folder, autostart } = setup();
    symlinkSync(autostart, join(folder, 'processed'));
    const scanner = new HotFolderScanner({ folder, stableMs: 300, pollMs: 50 });
    await expect(scanner.listDevices()).rejects.toMatchObject({ failure: 'unsafe-folder' });
    const batch = scanner.startBatch({ deviceId: 'hot-folder:default' }, () => undefined);
    expect(await batch.done).toMatchObject({ end: 'failed', error: { failure: 'unsafe-folder' } });
  });

  it('reads a scanned page only when it is still a plain file, not a link swapped in after it was taken', async () => {
    const { base, folder } = setup();
    const secret = join(base, 'secret.jpg');
    writeFileSync(secret, jpegShapedBytes(3000));
    mkdirSync(join(folder, 'processed'));
    const page = join(folder, 'processed', 'page.jpg');
    writeFileSync(page, jpegShapedBytes(1000));
    expect((await readScannedPage(page)).length).toBe(1000);
    renameSync(page, `${page}.old`);
    symlinkSync(secret, page);
    await expect(readScannedPage(page)).rejects.toThrow(/link|not a plain file/);
  });
});

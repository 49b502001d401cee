import { watch, type FSWatcher } from 'node:fs';
import { lstat, rename } from 'node:fs/promises';
import { extname, basename } from 'node:path';
import { headBytes, sniffImage, tailBytes, type ImageKind } from './image-kind';
import { openPlainFile, SafeDir, UnsafeFolderError, writeNewFile } from './safe-dir';

export interface TakenFile {
  /** Where the file is now: in `processed/`. */
  path: string;
  /** The name it had in the hot folder (may carry personal data: not for logs). */
  originalName: string;
  kind: ImageKind;
  sizeBytes: number;
}

export interface RejectedFile {
  /** Where the file is now: in `rejected/`, next to "<name>.reason.txt". */
  path: string;
  originalName: string;
  reason: string;
}

/** unsafe: the folder, or its processed/ or rejected/, is a link or not a folder; nothing is taken until it is fixed. */
export type HotFolderState = 'watching' | 'folder-missing' | 'unsafe';

export interface HotFolderOptions {
  folder: string;
  /** A file is taken once its size and modification time stayed the same this long. Default 1500 ms. */
  stableMs?: number;
  /** How often the folder is read; file-system events only make it sooner (they are unreliable on network shares). Default 500 ms. */
  pollMs?: number;
  /** A JPEG/PNG still without its end marker after this long is rejected as incomplete. Default 60 s. */
  incompleteTimeoutMs?: number;
  /** Larger files are rejected. Default 200 MB. */
  maxBytes?: number;
  onFile(file: TakenFile): void;
  onReject(file: RejectedFile): void;
  /** `detail` says what is wrong with an unsafe folder (a path, no file names). */
  onState?(state: HotFolderState, detail?: string): void;
}

interface Observed {
  size: number;
  mtimeMs: number;
  /** When size or mtime last changed. */
  changedAt: number;
  firstSeenAt: number;
}

export const processedFolder = 'processed';
export const rejectedFolder = 'rejected';

/** Names scanner software uses while writing, and files that are not ours to take. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || /\.(tmp|part|partial|crdownload|temp)$/i.test(name) || /^thumbs\.db$|^desktop\.ini$/i.test(name);
}

/**
 * Watches a folder where a scanner's own software saves pages. A file is taken only when it has
 * stopped growing, could be opened and moved (on Windows the writer's lock makes the move fail,
 * and it is simply tried again), and its bytes are a complete image; it then moves to
 * `processed/`, or to `rejected/` with the reason. Files written as "*.tmp" and renamed when done
 * are seen only under their final name. The folder may vanish (a share disconnects, a USB stick
 * is pulled) and come back: the watcher waits for it and goes on; files left from an earlier run
 * are taken like new ones.
 *
 * Whoever can save into the folder must not steer the station's reads or writes elsewhere, so no
 * link is ever followed: a folder that is a link, or whose processed/ or rejected/ is one, is
 * reported as unsafe and left alone; a file that is a link is moved (the link itself) to
 * rejected/; files are opened with O_NOFOLLOW and written only as new files (`safe-dir.ts`).
 */
export class HotFolderWatcher {
  private readonly stableMs: number;
  private readonly pollMs: number;
  private readonly incompleteTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly observed = new Map<string, Observed>();
  private timer: NodeJS.Timeout | null = null;
  private fsWatcher: FSWatcher | null = null;
  private running = false;
  private polling: Promise<void> | null = null;
  private state: HotFolderState | null = null;

  constructor(private readonly options: HotFolderOptions) {
    this.stableMs = options.stableMs ?? 1500;
    this.pollMs = options.pollMs ?? 500;
    this.incompleteTimeoutMs = options.incompleteTimeoutMs ?? 60_000;
    this.maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.closeFsWatcher();
    await this.polling;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.polling) return this.schedule(this.pollMs);
      this.polling = this.poll()
        .catch(() => undefined)
        .finally(() => {
          this.polling = null;
          this.schedule(this.pollMs);
        });
    }, delayMs);
  }

  private setState(state: HotFolderState, detail?: string): void {
    if (state === this.state && state !== 'unsafe') return;
    if (state === 'unsafe' && this.state === 'unsafe' && detail === this.unsafeDetail) return;
    this.state = state;
    this.unsafeDetail = detail;
    this.options.onState?.(state, detail);
  }

  private unsafeDetail: string | undefined;

  private async poll(): Promise<void> {
    let dir: SafeDir;
    try {
      dir = await SafeDir.open(this.options.folder);
    } catch (error) {
      // Gone or not reachable: forget what was seen, it will be looked at anew when back.
      this.observed.clear();
      this.closeFsWatcher();
      if (error instanceof UnsafeFolderError) this.setState('unsafe', error.message);
      else this.setState('folder-missing');
      return;
    }
    try {
      await this.pollIn(dir);
    } finally {
      await dir.close();
    }
  }

  private async pollIn(dir: SafeDir): Promise<void> {
    let names: string[];
    try {
      // Before anything is taken: where taken and rejected files go must be plain folders.
      await dir.hasSubfolder(processedFolder);
      await dir.hasSubfolder(rejectedFolder);
      const entries = await dir.list();
      names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && !isIgnoredName(e.name)).map((e) => e.name);
    } catch (error) {
      this.observed.clear();
      if (error instanceof UnsafeFolderError) this.setState('unsafe', error.message);
      else this.setState('folder-missing');
      return;
    }
    this.setState('watching');
    this.armFsWatcher();
    const now = Date.now();
    for (const name of [...this.observed.keys()]) if (!names.includes(name)) this.observed.delete(name);
    for (const name of names) {
      if (!this.running) return;
      await this.look(dir, name, now);
    }
  }

  private async look(dir: SafeDir, name: string, now: number): Promise<void> {
    let info;
    try {
      info = await lstat(dir.entry(name));
    } catch {
      this.observed.delete(name);
      return;
    }
    if (info.isSymbolicLink()) return this.reject(dir, name, 'a link, not a file: the station follows no links in the hot folder');
    if (!info.isFile()) return;
    const seen = this.observed.get(name);
    if (!seen || seen.size !== info.size || seen.mtimeMs !== info.mtimeMs) {
      this.observed.set(name, { size: info.size, mtimeMs: info.mtimeMs, changedAt: now, firstSeenAt: seen?.firstSeenAt ?? now });
      return;
    }
    if (now - seen.changedAt < this.stableMs) return;
    await this.take(dir, name, info.size, seen, now);
  }

  private async take(dir: SafeDir, name: string, size: number, seen: Observed, now: number): Promise<void> {
    if (size > this.maxBytes) return this.reject(dir, name, `file too large (${size} bytes, at most ${this.maxBytes})`);
    let head: Uint8Array;
    let tail: Uint8Array;
    try {
      ({ head, tail } = await readEnds(dir.entry(name), size));
    } catch {
      return; // Locked by its writer, gone, or swapped for a link; looked at again next round.
    }
    const sniffed = sniffImage(head, tail, size);
    if (!sniffed.ok) return this.reject(dir, name, sniffed.reason);
    if (!sniffed.complete) {
      if (now - seen.firstSeenAt >= this.incompleteTimeoutMs) return this.reject(dir, name, `incomplete ${sniffed.kind.toUpperCase()} file (no end marker)`);
      return;
    }
    const target = await this.moveTo(dir, processedFolder, name);
    if (!target) return;
    this.observed.delete(name);
    this.options.onFile({ path: target, originalName: name, kind: sniffed.kind, sizeBytes: size });
  }

  private async reject(dir: SafeDir, name: string, reason: string): Promise<void> {
    const target = await this.moveTo(dir, rejectedFolder, name, reason);
    if (!target) return;
    this.observed.delete(name);
    this.options.onReject({ path: target, originalName: name, reason });
  }

  /**
   * Moves a file (or a link itself: rename never follows one) into a subfolder under a name not
   * yet taken, with its reason beside it when given; null when it cannot be moved now.
   */
  private async moveTo(dir: SafeDir, subfolder: string, name: string, reason?: string): Promise<string | null> {
    let sub: SafeDir;
    try {
      sub = await dir.subfolder(subfolder);
    } catch (error) {
      if (error instanceof UnsafeFolderError) this.setState('unsafe', error.message);
      return null;
    }
    try {
      const target = await freeName(sub, name);
      await sub.recheck();
      await rename(dir.entry(name), sub.entry(target));
      // The reason file is new by construction: an entry planted under its name (a link) is never written through.
      if (reason !== undefined) await writeNewFile(sub.entry(`${target}.reason.txt`), `${reason}\n`).catch(() => undefined);
      return sub.shownPath(target);
    } catch {
      return null; // Locked (Windows: EBUSY/EPERM while the writer holds it) or gone.
    } finally {
      await sub.close();
    }
  }

  private armFsWatcher(): void {
    if (this.fsWatcher || !this.running) return;
    try {
      this.fsWatcher = watch(this.options.folder, { persistent: false }, () => this.schedule(50));
      this.fsWatcher.on('error', () => this.closeFsWatcher());
    } catch {
      this.fsWatcher = null; // Polling alone still works.
    }
  }

  private closeFsWatcher(): void {
    this.fsWatcher?.close();
    this.fsWatcher = null;
  }
}

async function readEnds(path: string, size: number): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  const handle = await openPlainFile(path);
  try {
    const head = Buffer.alloc(Math.min(headBytes, size));
    await handle.read(head, 0, head.length, 0);
    const tailLength = Math.min(tailBytes, size);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    return { head, tail };
  } finally {
    await handle.close();
  }
}

/** A name free in the folder, also for its ".reason.txt" companion; looked up without following links. */
async function freeName(dir: SafeDir, name: string): Promise<string> {
  const ext = extname(name);
  const stem = basename(name, ext);
  const taken = (candidate: string) =>
    lstat(dir.entry(candidate)).then(
      () => true,
      () => false,
    );
  for (let n = 0; n < 1000; n += 1) {
    const candidate = n === 0 ? name : `${stem}-${n}${ext}`;
    if (!(await taken(candidate)) && !(await taken(`${candidate}.reason.txt`))) return candidate;
  }
  throw new Error('no free file name');
}

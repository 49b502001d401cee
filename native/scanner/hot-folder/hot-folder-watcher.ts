import { watch, type FSWatcher } from 'node:fs';
import { access, mkdir, open, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import { headBytes, sniffImage, tailBytes, type ImageKind } from './image-kind';

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

export type HotFolderState = 'watching' | 'folder-missing';

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
  onState?(state: HotFolderState): void;
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

  private setState(state: HotFolderState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState?.(state);
  }

  private async poll(): Promise<void> {
    const { folder } = this.options;
    let names: string[];
    try {
      const entries = await readdir(folder, { withFileTypes: true });
      names = entries.filter((e) => e.isFile() && !isIgnoredName(e.name)).map((e) => e.name);
    } catch {
      // Gone or not reachable: forget what was seen, it will be looked at anew when back.
      this.observed.clear();
      this.closeFsWatcher();
      this.setState('folder-missing');
      return;
    }
    this.setState('watching');
    this.armFsWatcher();
    const now = Date.now();
    for (const name of [...this.observed.keys()]) if (!names.includes(name)) this.observed.delete(name);
    for (const name of names) {
      if (!this.running) return;
      await this.look(name, now);
    }
  }

  private async look(name: string, now: number): Promise<void> {
    const path = join(this.options.folder, name);
    let info;
    try {
      info = await stat(path);
    } catch {
      this.observed.delete(name);
      return;
    }
    const seen = this.observed.get(name);
    if (!seen || seen.size !== info.size || seen.mtimeMs !== info.mtimeMs) {
      this.observed.set(name, { size: info.size, mtimeMs: info.mtimeMs, changedAt: now, firstSeenAt: seen?.firstSeenAt ?? now });
      return;
    }
    if (now - seen.changedAt < this.stableMs) return;
    await this.take(name, path, info.size, seen, now);
  }

  private async take(name: string, path: string, size: number, seen: Observed, now: number): Promise<void> {
    if (size > this.maxBytes) return this.reject(name, path, `file too large (${size} bytes, at most ${this.maxBytes})`);
    let head: Uint8Array;
    let tail: Uint8Array;
    try {
      ({ head, tail } = await readEnds(path, size));
    } catch {
      return; // Locked by its writer or gone; looked at again next round.
    }
    const sniffed = sniffImage(head, tail, size);
    if (!sniffed.ok) return this.reject(name, path, sniffed.reason);
    if (!sniffed.complete) {
      if (now - seen.firstSeenAt >= this.incompleteTimeoutMs) return this.reject(name, path, `incomplete ${sniffed.kind.toUpperCase()} file (no end marker)`);
      return;
    }
    const target = await this.moveTo(processedFolder, name, path);
    if (!target) return;
    this.observed.delete(name);
    this.options.onFile({ path: target, originalName: name, kind: sniffed.kind, sizeBytes: size });
  }

  private async reject(name: string, path: string, reason: string): Promise<void> {
    const target = await this.moveTo(rejectedFolder, name, path);
    if (!target) return;
    this.observed.delete(name);
    await writeFile(`${target}.reason.txt`, `${reason}\n`).catch(() => undefined);
    this.options.onReject({ path: target, originalName: name, reason });
  }

  /** Moves a file into a subfolder under a name not yet taken; null when it cannot be moved now. */
  private async moveTo(subfolder: string, name: string, path: string): Promise<string | null> {
    const dir = join(this.options.folder, subfolder);
    try {
      await mkdir(dir, { recursive: true });
      const target = await freeName(dir, name);
      await rename(path, target);
      return target;
    } catch {
      return null; // Locked (Windows: EBUSY/EPERM while the writer holds it) or gone.
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
  const handle = await open(path, 'r');
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

async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = basename(name, ext);
  for (let n = 0; n < 1000; n += 1) {
    const candidate = join(dir, n === 0 ? name : `${stem}-${n}${ext}`);
    try {
      await access(candidate);
    } catch {
      return candidate;
    }
  }
  throw new Error('no free file name');
}

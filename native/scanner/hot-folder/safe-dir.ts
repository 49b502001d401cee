import { constants, existsSync, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** A folder the station will not use: it, or a subfolder it writes into, is a link or not a folder. */
export class UnsafeFolderError extends Error {
  constructor(
    readonly folder: string,
    problem: string,
  ) {
    super(`${folder} ${problem}; the station follows no links in a hot folder and takes no files from it until this is a plain folder`);
    this.name = 'UnsafeFolderError';
  }
}

const noFollow = constants.O_NOFOLLOW ?? 0;
const directoryOnly = constants.O_DIRECTORY ?? 0;
// Linux: an open folder's /proc/self/fd entry names that very folder, whatever its path becomes.
const viaFd = process.platform === 'linux' && existsSync('/proc/self/fd');

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * A folder opened without following a link. On Linux the paths of its entries go through the
 * open folder's /proc/self/fd entry, so a folder swapped for a link after it was checked still
 * gets nothing written through that link (the effect of openat/renameat, which Node lacks).
 * Elsewhere (Windows, where links need administrator rights) `recheck` looks again before a write.
 */
export class SafeDir {
  private constructor(
    /** The folder's path, for messages and for consumers of moved files. */
    readonly path: string,
    /** How to reach it: the path, or its /proc/self/fd entry. */
    private readonly ref: string,
    private readonly handle: FileHandle | null,
  ) {}

  /** Opens a folder; UnsafeFolderError when it is a link or not a folder, ENOENT when missing. */
  static async open(path: string, ref = path): Promise<SafeDir> {
    await checkPlainFolder(path, ref);
    if (!viaFd) return new SafeDir(path, ref, null);
    let handle: FileHandle;
    try {
      handle = await open(ref, constants.O_RDONLY | directoryOnly | noFollow);
    } catch (error) {
      // ELOOP/ENOTDIR: swapped for a link (or a file) between the check and the open.
      if (code(error) === 'ELOOP' || code(error) === 'ENOTDIR') throw new UnsafeFolderError(path, 'is a link');
      throw error;
    }
    return new SafeDir(path, `/proc/self/fd/${handle.fd}`, handle);
  }

  /** Where an entry of this folder is reached; only plain names, never a path. */
  entry(name: string): string {
    if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) throw new Error('not a plain file name');
    return join(this.ref, name);
  }

  /** The entries, as they are (a link is listed as a link). */
  list(): Promise<Dirent[]> {
    return readdir(this.ref, { withFileTypes: true });
  }

  /** The readable path of an entry, for messages and for whoever reads a moved file later. */
  shownPath(name: string): string {
    return join(this.path, name);
  }

  /** UnsafeFolderError when an existing entry of this name is a link or not a folder; false when there is none. */
  async hasSubfolder(name: string): Promise<boolean> {
    try {
      await checkPlainFolder(this.shownPath(name), this.entry(name));
      return true;
    } catch (error) {
      if (code(error) === 'ENOENT') return false;
      throw error;
    }
  }

  /** A subfolder, created (0700) when missing; a link or a file under its name is refused. */
  async subfolder(name: string): Promise<SafeDir> {
    try {
      await mkdir(this.entry(name), { mode: 0o700 });
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
    }
    return SafeDir.open(this.shownPath(name), this.entry(name));
  }

  /** Without an open handle: checks the path again right before a write. */
  async recheck(): Promise<void> {
    if (!this.handle) await checkPlainFolder(this.path, this.ref);
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}

async function checkPlainFolder(path: string, ref: string): Promise<void> {
  const info = await lstat(ref);
  if (info.isSymbolicLink()) throw new UnsafeFolderError(path, 'is a link');
  if (!info.isDirectory()) throw new UnsafeFolderError(path, 'is not a folder');
}

/** Opens a file for reading without following a link; refuses anything but a plain file. */
export async function openPlainFile(path: string): Promise<FileHandle> {
  // Without O_NOFOLLOW (Windows) the name is looked at first; links there need administrator rights.
  if (noFollow === 0 && (await lstat(path)).isSymbolicLink()) throw new Error(`${path} is a link; the station reads no file through a link`);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | noFollow);
  } catch (error) {
    if (code(error) === 'ELOOP') throw new Error(`${path} is a link; the station reads no file through a link`);
    throw error;
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new Error(`${path} is not a plain file`);
  }
  return handle;
}

/** Creates a new file (never an existing one, never through a link) and writes it. */
export async function writeNewFile(path: string, text: string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | noFollow, 0o600);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

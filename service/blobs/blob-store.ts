import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiFailure } from '../http/errors';

/** The file operations the store uses; tests pass one that fails like a full or broken disk. */
export type BlobFs = Pick<typeof fsp, 'open' | 'rename' | 'mkdir' | 'rm' | 'readFile' | 'readdir' | 'stat' | 'unlink'>;

/** What assembling a partial upload's chunks found. */
export type AssembleResult = { kind: 'complete' } | { kind: 'mismatch' } | { kind: 'missing'; chunks: number[] };

const tmpMaxAgeMs = 60 * 60 * 1000;

/**
 * The service's evidence bytes, content-addressed on disk (`SERVICE_BLOB_DIR`):
 *
 *   sha256/ab/<hex>         a complete blob, its name its verified SHA-256
 *   partial/<hex>/<index>   the chunks of an upload in progress
 *   tmp/                    files being written
 *
 * Every file is written under a temporary name, fsynced, renamed into place and its directory
 * fsynced, so a name in `sha256/` or `partial/` always has all its bytes on disk. The database
 * keeps only what the store holds (blobs, and of a partial upload which chunks), and records a
 * file only after it is durably in place: a crash leaves at most a file the database does not
 * know, which the next upload of the same content overwrites with the same bytes.
 */
export class BlobStore {
  readonly root: string;
  private readonly fs: BlobFs;
  private readonly temporary: boolean;
  private readonly knownDirs = new Set<string>();

  constructor(root: string, options: { fs?: BlobFs; temporary?: boolean } = {}) {
    this.root = resolve(root);
    this.fs = options.fs ?? fsp;
    this.temporary = options.temporary ?? false;
    for (const dir of ['sha256', 'partial', 'tmp']) mkdirSync(join(this.root, dir), { recursive: true });
  }

  /** A store in a fresh temporary directory that `close()` removes (in-memory PGlite, tests). */
  static temporary(options: { fs?: BlobFs } = {}): BlobStore {
    return new BlobStore(mkdtempSync(join(tmpdir(), 'bonus-blobs-')), { ...options, temporary: true });
  }

  completePath(sha256: string): string {
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  private partialDir(sha256: string): string {
    return join(this.root, 'partial', sha256);
  }

  /** Keeps a complete blob whose bytes the caller has checked against `sha256`; idempotent (one file per content). */
  async putComplete(sha256: string, data: Buffer): Promise<void> {
    await guard(async () => {
      const dir = join(this.root, 'sha256', sha256.slice(0, 2));
      await this.ensureDir(dir);
      await this.writeDurably(dir, sha256, writing(data));
    });
  }

  /** Keeps one chunk of a partial upload. */
  async putChunk(sha256: string, index: number, data: Buffer): Promise<void> {
    await guard(async () => {
      const dir = this.partialDir(sha256);
      await this.fs.mkdir(dir, { recursive: true });
      await this.writeDurably(dir, String(index), writing(data));
    });
  }

  /**
   * Joins the chunks 0..count-1 of a partial upload, hashing them on the way; only when the
   * digest is the address does the whole become a complete blob (durably, before this returns).
   */
  async assemble(sha256: string, count: number): Promise<AssembleResult> {
    return guard(async () => {
      const partial = this.partialDir(sha256);
      const missing: number[] = [];
      for (let index = 0; index < count; index++) {
        if (!(await exists(this.fs, join(partial, String(index))))) missing.push(index);
      }
      if (missing.length > 0) return { kind: 'missing', chunks: missing };
      const dir = join(this.root, 'sha256', sha256.slice(0, 2));
      await this.ensureDir(dir);
      const placed = await this.writeDurably(dir, sha256, async (file) => {
        const hash = createHash('sha256');
        for (let index = 0; index < count; index++) {
          const chunk = await this.fs.readFile(join(partial, String(index)));
          hash.update(chunk);
          await file.writeFile(chunk);
        }
        return hash.digest('hex') === sha256;
      });
      return placed ? { kind: 'complete' } : { kind: 'mismatch' };
    });
  }

  /** Forgets a partial upload's chunks (after it completed, or after its chunks did not add up). */
  async dropPartial(sha256: string): Promise<void> {
    await guard(() => this.fs.rm(this.partialDir(sha256), { recursive: true, force: true }));
  }

  async read(sha256: string): Promise<Buffer> {
    return guard(() => this.fs.readFile(this.completePath(sha256)));
  }

  /** The addresses of all complete blobs on disk. */
  async list(): Promise<string[]> {
    const out: string[] = [];
    for (const prefix of await this.fs.readdir(join(this.root, 'sha256'))) {
      out.push(...(await this.fs.readdir(join(this.root, 'sha256', prefix))).filter((name) => !name.startsWith('.')));
    }
    return out.sort();
  }

  /** The blobs with chunks of an unfinished upload on disk. */
  async partials(): Promise<string[]> {
    return (await this.fs.readdir(join(this.root, 'partial'))).sort();
  }

  /** Removes files a crash left half-written (older than an hour, so another instance's writes are safe). */
  async sweepTemporaryFiles(now = Date.now()): Promise<void> {
    const dir = join(this.root, 'tmp');
    for (const name of await this.fs.readdir(dir)) {
      const path = join(dir, name);
      const stat = await this.fs.stat(path).catch(() => null);
      if (stat && now - stat.mtimeMs > tmpMaxAgeMs) await this.fs.rm(path, { force: true });
    }
  }

  /** Removes a temporary store's directory; a configured one stays. */
  close(): void {
    if (this.temporary) rmSync(this.root, { recursive: true, force: true });
  }

  private tmpPath(): string {
    return join(this.root, 'tmp', `${randomBytes(12).toString('hex')}.tmp`);
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await this.fs.mkdir(dir, { recursive: true });
    this.knownDirs.add(dir);
  }

  /**
   * Temp name, `write`, fsync, rename to `dir/name`, fsync of the directory: the name appears
   * only with all its bytes. When `write` answers false (content not what it should be) the
   * temporary file is removed and nothing is placed; so is it on any error.
   */
  private async writeDurably(dir: string, name: string, write: (file: FileHandle) => Promise<boolean>): Promise<boolean> {
    const tmp = this.tmpPath();
    const file = await this.fs.open(tmp, 'wx');
    try {
      const keep = await write(file);
      if (keep) await file.sync();
      await file.close();
      if (!keep) {
        await this.fs.unlink(tmp);
        return false;
      }
      await this.fs.rename(tmp, join(dir, name));
    } catch (error) {
      await file.close().catch(() => undefined);
      await this.fs.unlink(tmp).catch(() => undefined);
      throw error;
    }
    await this.syncDir(dir);
    return true;
  }

  private async syncDir(dir: string): Promise<void> {
    const handle = await this.fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

/** A `writeDurably` content that is just these bytes. */
function writing(data: Buffer): (file: FileHandle) => Promise<boolean> {
  return async (file) => {
    await file.writeFile(data);
    return true;
  };
}

async function exists(fs: BlobFs, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

const fullCodes = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** A file-system failure as the answer the station sees: 507 when the disk is full, 503 otherwise; the station retries later. */
export function storageFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (fullCodes.has(code)) return new ApiFailure(507, 'storage_full', 'The service has no space left for evidence files; nothing was stored. Send it again later.');
  return new ApiFailure(503, 'storage_unavailable', `The service could not write the evidence file (${code || 'I/O error'}); nothing was stored. Send it again later.`);
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw storageFailure(error);
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStatus } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import { BlobStore, type BlobFs } from '../../service/blobs/blob-store';
import { openPglite, type Database } from '../../service/db/database';
import { loadMigrations, migrate } from '../../service/db/migrate';
import { databaseKinds } from './sync-support/databases';
import { evidenceImage } from './sync-support/fixtures';
import { enrollStation, startService, type RunningService } from './sync-support/service-harness';

const chunkSize = 64 * 1024;
const contentPath = (sha: string) => `/v1/blobs/${sha}/content?mediaType=image%2Fjpeg`;

type Fault = null | { code: 'ENOSPC' | 'EIO'; when: 'chunk' | 'whole' | 'any' };

/**
 * The real file system, except that while `fault` is set, writing a new file under the store's
 * tmp/ writes half and then fails with that errno, as a full or broken disk does. `whole` fails
 * only writes of more than one chunk (assembling a chunked blob), `chunk` only smaller ones.
 */
function faultyFs(state: { fault: Fault }): BlobFs {
  return {
    ...fsp,
    open: (async (path: string, flags?: string) => {
      const handle = await fsp.open(path, flags);
      const fault = state.fault;
      if (!fault || flags !== 'wx') return handle;
      let written = 0;
      const writeFile = async (data: Buffer) => {
        written += data.length;
        const hit = fault.when === 'any' || (fault.when === 'whole' ? written > chunkSize : data.length <= chunkSize);
        if (!hit) return handle.writeFile(data);
        await handle.writeFile(data.subarray(0, data.length >> 1));
        throw Object.assign(new Error(`${fault.code}: simulated`), { code: fault.code });
      };
      return Object.assign(Object.create(handle) as fsp.FileHandle, { writeFile, sync: () => handle.sync(), close: () => handle.close() });
    }) as BlobFs['open'],
  };
}

/**
 * The service's evidence file store through the real HTTP routes: bytes in files, the database
 * holding only what the store has; a full or failing disk is a 507/503 that marks nothing complete.
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`evidence file store of the service on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let running: RunningService;
    let client: ServiceClient;
    let store: BlobStore;
    const state: { fault: Fault } = { fault: null };
    const complete = async (sha: string) => (await db.query<{ complete: boolean }>('SELECT complete FROM blobs WHERE sha256 = $1', [sha])).rows[0]?.complete ?? null;
    const tmpFiles = () => readdirSync(join(store.root, 'tmp'));

    beforeAll(async () => {
      ({ db, drop } = await kind.open());
      store = new BlobStore(mkdtempSync(join(tmpdir(), 'blob-store-test-')), { fs: faultyFs(state) });
      running = await startService(db, { chunkSize, blobStore: store });
      ({ client } = await enrollStation(running, 'kiosk-blobstore'));
    });
    afterAll(async () => {
      client?.close();
      await running?.stop();
      await drop?.();
      if (store) rmSync(store.root, { recursive: true, force: true });
    });

    it('keeps a blob as one file sha256/ab/<hex>, the same content twice still one file', async () => {
      const image = evidenceImage(30_000);
      await client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data);
      await client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data);
      expect(readdirSync(join(store.root, 'sha256', image.sha256.slice(0, 2)))).toEqual([image.sha256]);
      expect(await store.read(image.sha256)).toEqual(image.data);
      expect(await complete(image.sha256)).toBe(true);
      expect(tmpFiles()).toEqual([]);
    });

    it('answers a full disk with 507 and a clear body, keeps no bytes and marks nothing complete; later the same upload succeeds', async () => {
      const image = evidenceImage(40_000);
      state.fault = { code: 'ENOSPC', when: 'any' };
      try {
        await expect(client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data)).rejects.toMatchObject({ status: 507, code: 'storage_full', message: expect.stringContaining('nothing was stored') });
      } finally {
        state.fault = null;
      }
      expect(await complete(image.sha256)).toBeNull();
      expect(await store.list()).not.toContain(image.sha256);
      expect(tmpFiles()).toEqual([]);
      expect(await client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data)).toMatchObject({ complete: true });
      expect(await store.read(image.sha256)).toEqual(image.data);
    });

    it('keeps the chunks it has when one fails to be written, and never completes a blob whose whole could not be written', async () => {
      const image = evidenceImage(2 * chunkSize + 500);
      const chunk = (i: number) => image.data.subarray(i * chunkSize, (i + 1) * chunkSize);
      await client.json('PUT', `/v1/blobs/${image.sha256}`, BlobStatus, { size: image.data.length, mediaType: 'image/jpeg' });
      await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/0`, BlobStatus, chunk(0));

      state.fault = { code: 'EIO', when: 'chunk' };
      await expect(client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/1`, BlobStatus, chunk(1))).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
      state.fault = null;
      expect(await client.json('GET', `/v1/blobs/${image.sha256}`, BlobStatus)).toMatchObject({ complete: false, receivedChunks: [0] });
      await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/1`, BlobStatus, chunk(1));

      // The last chunk arrives, but the whole cannot be written: the blob stays incomplete.
      state.fault = { code: 'ENOSPC', when: 'whole' };
      await expect(client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/2`, BlobStatus, chunk(2))).rejects.toMatchObject({ status: 507, code: 'storage_full' });
      state.fault = null;
      expect(await complete(image.sha256)).toBe(false);
      expect(await store.list()).not.toContain(image.sha256);
      expect(await client.json('GET', `/v1/blobs/${image.sha256}`, BlobStatus)).toMatchObject({ complete: false, receivedChunks: [0, 1] });
      expect(tmpFiles()).toEqual([]);

      expect(await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/2`, BlobStatus, chunk(2))).toMatchObject({ complete: true });
      expect(await store.read(image.sha256)).toEqual(image.data);
      expect(await store.partials()).not.toContain(image.sha256);
    });

    it('asks again for a chunk whose file is gone although its row says it is held', async () => {
      const image = evidenceImage(chunkSize + 100);
      await client.json('PUT', `/v1/blobs/${image.sha256}`, BlobStatus, { size: image.data.length, mediaType: 'image/jpeg' });
      await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/0`, BlobStatus, image.data.subarray(0, chunkSize));
      // As after a crash between discarding a partial upload's files and committing that.
      await store.dropPartial(image.sha256);
      const answer = await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/1`, BlobStatus, image.data.subarray(chunkSize));
      expect(answer).toMatchObject({ complete: false, receivedChunks: [1] });
      expect(await complete(image.sha256)).toBe(false);
      expect(await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/0`, BlobStatus, image.data.subarray(0, chunkSize))).toMatchObject({ complete: true });
      expect(await store.read(image.sha256)).toEqual(image.data);
    });
  });
}

describe('evidence bytes an earlier version kept in the database', () => {
  it('move into the file store when the service starts; a partial upload resumes from its files', async () => {
    const db = await openPglite();
    const store = BlobStore.temporary();
    let running: RunningService | undefined;
    try {
      await migrate(db, loadMigrations().filter((m) => m.version < 8));
      const whole = evidenceImage(chunkSize + 10);
      const partial = evidenceImage(chunkSize + 20);
      await db.query("INSERT INTO stations (station_id, public_key) VALUES ('old-kiosk', '\\x00')");
      await db.query(`INSERT INTO blobs (sha256, size, media_type, chunk_size, chunk_count, created_by, complete) VALUES ($1, $2, 'image/jpeg', $3, 2, 'old-kiosk', true), ($4, $5, 'image/jpeg', $3, 2, 'old-kiosk', false)`, [
        whole.sha256,
        whole.data.length,
        chunkSize,
        partial.sha256,
        partial.data.length,
      ]);
      await db.insertBytes('blob_chunks', ['sha256', 'idx', 'data'], [whole.sha256, 0, whole.data.subarray(0, chunkSize)]);
      await db.insertBytes('blob_chunks', ['sha256', 'idx', 'data'], [whole.sha256, 1, whole.data.subarray(chunkSize)]);
      await db.insertBytes('blob_chunks', ['sha256', 'idx', 'data'], [partial.sha256, 0, partial.data.subarray(0, chunkSize)]);

      running = await startService(db, { chunkSize, blobStore: store });
      expect(await store.read(whole.sha256)).toEqual(whole.data);
      expect((await db.query('SELECT idx FROM blob_chunks WHERE sha256 = $1', [whole.sha256])).rows).toEqual([]);
      expect((await db.query('SELECT idx, data FROM blob_chunks WHERE sha256 = $1', [partial.sha256])).rows).toEqual([{ idx: 0, data: null }]);

      const { client } = await enrollStation(running, 'kiosk-after-move');
      try {
        expect(await client.json('GET', `/v1/blobs/${partial.sha256}`, BlobStatus)).toMatchObject({ complete: false, receivedChunks: [0] });
        expect(await client.bytes('PUT', `/v1/blobs/${partial.sha256}/chunks/1`, BlobStatus, partial.data.subarray(chunkSize))).toMatchObject({ complete: true });
        expect(await store.read(partial.sha256)).toEqual(partial.data);
      } finally {
        client.close();
      }
    } finally {
      await running?.stop();
      await db.close();
      store.close();
    }
    // Two rounds of migrations on PGlite and a service start: over 20 s on two cores shared with other work.
  }, 60_000);
});

describe("the service's evidence file store", () => {
  it('removes a temporary store on close and keeps a configured one', () => {
    const temporary = BlobStore.temporary();
    temporary.close();
    expect(() => readdirSync(temporary.root)).toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'blob-store-kept-'));
    try {
      new BlobStore(dir).close();
      expect(readdirSync(dir).sort()).toEqual(['partial', 'sha256', 'tmp']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A real full disk: a 256 KiB tmpfs, where the system lets this process mount one (root with CAP_SYS_ADMIN). */
const tmpfsDir = mkdtempSync(join(tmpdir(), 'blob-store-tmpfs-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', tmpfsDir], { stdio: 'ignore' });
  mounted = true;
} catch {
  rmSync(tmpfsDir, { recursive: true, force: true });
}
describe.skipIf(!mounted)(`a store on a full disk (tmpfs of 256 KiB${mounted ? '' : '; skipped: cannot mount tmpfs here'})`, () => {
  let db: Database;
  let running: RunningService;
  let client: ServiceClient;
  let store: BlobStore;
  beforeAll(async () => {
    db = await openPglite();
    store = new BlobStore(tmpfsDir);
    running = await startService(db, { chunkSize: 512 * 1024, blobStore: store });
    ({ client } = await enrollStation(running, 'kiosk-full-disk'));
  });
  afterAll(async () => {
    client?.close();
    await running?.stop();
    await db?.close();
    execFileSync('umount', [tmpfsDir]);
    rmSync(tmpfsDir, { recursive: true, force: true });
  });

  it('answers 507 when the file does not fit and marks nothing complete', async () => {
    const fits = evidenceImage(100_000);
    expect(await client.bytes('PUT', contentPath(fits.sha256), BlobStatus, fits.data)).toMatchObject({ complete: true });
    const tooBig = evidenceImage(200_000);
    await expect(client.bytes('PUT', contentPath(tooBig.sha256), BlobStatus, tooBig.data)).rejects.toMatchObject({ status: 507, code: 'storage_full' });
    expect((await db.query('SELECT sha256 FROM blobs WHERE sha256 = $1', [tooBig.sha256])).rows).toEqual([]);
    expect(await store.list()).toEqual([fits.sha256]);
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);
  });
});

// Sync throughput (issue 5): one station delivers N submissions, each with one ~300 KB evidence
// image, to the reference service (PGlite) over loopback HTTP, and the same bytes are uploaded
// as plain HTTP PUTs to a bare Node server in the same service process, in the same run (before
// and after the sync; the faster pass is the baseline).
// Target: sync MB/s ≥ 0.7 × plain MB/s. Prints one JSON object. For orientation it also
// times the plain upload once more with each body made durable (fsync, rename, directory fsync).
// For orientation it also reports the CPU time each side spent per submission, and the service's
// storage floor: the bytes the plain upload delivered, stored as the blob route stores them (a
// durable file in the evidence store and one row in a database of the same kind), no HTTP,
// no signatures.
// Usage: npx tsx bench/sync-throughput.bench.ts   (BENCH_SYNC_N=1000, BENCH_SYNC_IMAGE_KB=300;
// DATABASE_URL=postgres://… runs the service on PostgreSQL, an empty database, instead of PGlite;
// BENCH_SYNC_PGLITE_DISK=1 keeps PGlite's files in a temp directory instead of memory)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { EnrollmentToken } from '../main/contract/service-api';
import { createLogger } from '../main/runtime/logger';
import { openStationDatabase } from '../main/store/database';
import { enrolledIdentity, enrollStation } from '../main/sync/identity';
import { ServiceApi } from '../main/sync/service-api-client';
import { enqueueSubmission } from '../main/sync/outbox';
import { ServiceClient } from '../main/sync/service-client';
import { SyncWorker } from '../main/sync/sync-worker';
import { createBonusService } from '../service/app';
import { BlobStore } from '../service/blobs/blob-store';
import { openDatabase, type Database } from '../service/db/database';
import { evidenceImage, member, submission } from '../test/integration/sync-support/fixtures';
import { environment, round } from './support';

const adminToken = 'bench-admin-token-0123456789';
const count = Number(process.env.BENCH_SYNC_N ?? 1000);
const imageBytes = Number(process.env.BENCH_SYNC_IMAGE_KB ?? 300) * 1024;

/** The service side, in its own process so that station and service each have a core. */
async function serve(): Promise<void> {
  // PGlite in memory, or in a data directory with BENCH_SYNC_PGLITE_DISK=1 (as `npm run service`
  // with SERVICE_DATA_DIR), or PostgreSQL with DATABASE_URL.
  const pgliteDir = process.env.BENCH_SYNC_PGLITE_DISK === '1' && !process.env.DATABASE_URL ? mkdtempSync(join(tmpdir(), 'bench-sync-pglite-')) : undefined;
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir });
  // The evidence files in the temp directory, on the same disk as PGlite's files and the plain upload's.
  const blobStore = BlobStore.temporary();
  process.once('exit', () => {
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    blobStore.close();
  });
  const service = createBonusService({ db, adminToken, blobStore });
  // BENCH_SYNC_PROFILE=1: server time per route on stderr when the run ends.
  const perRoute = new Map<string, { n: number; ms: number }>();
  if (process.env.BENCH_SYNC_PROFILE) {
    service.app.addHook('onResponse', async (request, reply) => {
      const key = `${request.method} ${request.routeOptions.url ?? '?'}`;
      const entry = perRoute.get(key) ?? { n: 0, ms: 0 };
      entry.n++;
      entry.ms += reply.elapsedTime;
      perRoute.set(key, entry);
    });
    // …and the evidence store's part of it: the durable file writes.
    const putComplete = blobStore.putComplete.bind(blobStore);
    const files = { n: 0, ms: 0 };
    blobStore.putComplete = async (sha256, data) => {
      const started = performance.now();
      await putComplete(sha256, data);
      files.n++;
      files.ms += performance.now() - started;
    };
    process.stdin.on('end', () => {
      perRoute.set('blob store: durable file write', files);
      process.stderr.write(`${JSON.stringify(Object.fromEntries([...perRoute].map(([k, v]) => [k, { n: v.n, avgMs: round(v.ms / v.n, 2) }])))}\n`);
    });
  }
  const url = await service.start();
  // The plain upload's bytes wait on disk for the floor run, not in this process's memory
  // during the sync (they would make its garbage collector's work larger).
  const spool = join(mkdtempSync(join(tmpdir(), 'bench-sync-spool-')), 'received.bin');
  const received: number[] = [];
  const answer = (res: http.ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const durableSink = BlobStore.temporary();
  process.once('exit', () => durableSink.close());
  const sink = http.createServer((req, res) => {
    if (req.url === '/cpu') return answer(res, process.cpuUsage());
    if (req.url === '/floor') {
      // PGlite: a fresh instance of the same kind, so neither run inherits the other's grown
      // memory and files; PostgreSQL: the same server and database.
      const floorDir = pgliteDir ? mkdtempSync(join(tmpdir(), 'bench-sync-floor-')) : undefined;
      void (db.kind === 'pglite' ? openDatabase({ pgliteDir: floorDir }) : Promise.resolve(db))
        .then(async (floorDb) => {
          const seconds = await storageFloor(floorDb, spool, received);
          if (floorDb !== db) await floorDb.close();
          return seconds;
        })
        .then((seconds) => {
          rmSync(dirname(spool), { recursive: true, force: true });
          if (floorDir) rmSync(floorDir, { recursive: true, force: true });
          answer(res, { seconds });
        });
      return;
    }
    // The plain upload: bytes in, nothing done with them but keeping them for the floor run.
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      if (req.url?.startsWith('/upload/before/')) {
        appendFileSync(spool, body);
        received.push(body.length);
      }
      // For orientation only: the same upload, each body made durable as the evidence store does.
      if (req.url?.startsWith('/upload/durable/')) {
        const name = (req.url.split('/').pop() ?? '0').padStart(64, '0');
        void durableSink.putComplete(name, body).then(() => answer(res, {}));
        return;
      }
      answer(res, {});
    });
  });
  sink.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ url, sink: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => setImmediate(() => process.exit(0)));
}

/**
 * The same bytes stored as the one-request blob route stores them, one after the other: the file
 * durably into an evidence store, then one metadata row. Only the storing is timed (no hashing:
 * the route's digest comes with the signature check).
 */
async function storageFloor(db: Database, spool: string, sizes: number[]): Promise<number> {
  await db.exec('CREATE TABLE bench_floor (sha256 text PRIMARY KEY, size integer NOT NULL, media_type text NOT NULL, complete boolean NOT NULL, completed_at timestamptz)');
  const store = BlobStore.temporary();
  const fd = openSync(spool, 'r');
  let ms = 0;
  let offset = 0;
  for (const [i, size] of sizes.entries()) {
    const data = Buffer.alloc(size);
    readSync(fd, data, 0, size, offset);
    offset += size;
    const name = i.toString(16).padStart(64, '0');
    const started = performance.now();
    await store.putComplete(name, data);
    await db.query("INSERT INTO bench_floor (sha256, size, media_type, complete, completed_at) VALUES ($1, $2, 'image/jpeg', true, now())", [name, size]);
    ms += performance.now() - started;
  }
  closeSync(fd);
  store.close();
  await db.exec('DROP TABLE bench_floor');
  return ms / 1000;
}

function cpuMs(usage: { user: number; system: number }): number {
  return (usage.user + usage.system) / 1000;
}

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

async function plainUpload(sink: string, images: Buffer[], pass: 'before' | 'after' | 'durable'): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  for (const [i, data] of images.entries()) {
    await new Promise<void>((resolve, reject) => {
      const req = http.request(`${sink}/upload/${pass}/${i}`, { method: 'PUT', agent, headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(data);
    });
  }
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return seconds;
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const { url, sink } = JSON.parse(first) as { url: string; sink: string };
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  try {
    const admin = new ServiceClient({ baseUrl: url });
    const auth = { authorization: `Bearer ${adminToken}` };
    const stationId = `bench-${Date.now()}`;
    await admin.json('PUT', '/v1/admin/members', EnrollmentToken.partial(), member, auth).catch(() => undefined);
    const { token } = await admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'kiosk', branch: 'Bench' }, auth);
    const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
    const api = ServiceApi.create({ baseUrl: url }, enrolledIdentity(store.db));
    await enrollStation(store.db, api, stationId, token, 'kiosk');

    const images: Buffer[] = [];
    const enqueueStarted = performance.now();
    for (let i = 0; i < count; i++) {
      const img = evidenceImage(imageBytes - 2048 + Math.floor(Math.random() * 4096));
      images.push(img.data);
      enqueueSubmission(store.db, submission({}, [{ sha256: img.sha256, size: img.data.length }]), [{ data: img.data, mediaType: 'image/jpeg' }]);
    }
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    const totalBytes = images.reduce((sum, b) => sum + b.length, 0);

    const plainBefore = await plainUpload(sink, images, 'before');

    const worker = new SyncWorker({ db: store.db, api, log: createLogger('bench', () => undefined), publish: () => undefined, retentionDays: 7 });
    const serviceCpuBefore = await getJson<{ user: number; system: number }>(`${sink}/cpu`);
    const stationCpuBefore = process.cpuUsage();
    const started = performance.now();
    const outcome = await worker.syncOnce();
    const syncSeconds = (performance.now() - started) / 1000;
    const stationCpu = cpuMs(process.cpuUsage(stationCpuBefore));
    const serviceCpu = cpuMs(await getJson<{ user: number; system: number }>(`${sink}/cpu`)) - cpuMs(serviceCpuBefore);
    // The plain upload once more after the sync: on a shared machine the load changes during a
    // run, and the faster of the two is the baseline (the stricter one).
    const plainAfter = await plainUpload(sink, images, 'after');
    const plainSeconds = Math.min(plainBefore, plainAfter);
    const durableSeconds = await plainUpload(sink, images, 'durable');
    const floorSeconds = (await getJson<{ seconds: number }>(`${sink}/floor`)).seconds;
    if (!outcome.ok || outcome.delivered !== count) throw new Error(`sync did not deliver everything: ${JSON.stringify(outcome)}`);
    api.close();
    admin.close();
    store.close();

    const mb = totalBytes / 1e6;
    const syncMBps = mb / syncSeconds;
    const plainMBps = mb / plainSeconds;
    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'sync-throughput',
        submissions: count,
        imageBytesAvg: Math.round(totalBytes / count),
        totalMB: round(mb, 1),
        database: process.env.DATABASE_URL ? 'postgres' : process.env.BENCH_SYNC_PGLITE_DISK === '1' ? 'pglite-disk' : 'pglite',
        enqueueSeconds: round(enqueueSeconds, 2),
        sync: {
          seconds: round(syncSeconds, 2),
          submissionsPerSecond: round(count / syncSeconds, 1),
          MBps: round(syncMBps, 1),
          cpuMsPerSubmission: { station: round(stationCpu / count, 2), serviceProcess: round(serviceCpu / count, 2) },
        },
        plainHttp: { seconds: round(plainSeconds, 2), MBps: round(plainMBps, 1), secondsBeforeAndAfterSync: [round(plainBefore, 2), round(plainAfter, 2)] },
        // Not the target's baseline: the plain upload with each body fsynced, renamed and its directory fsynced.
        plainHttpDurable: { seconds: round(durableSeconds, 2), MBps: round(mb / durableSeconds, 1) },
        storageFloor: { seconds: round(floorSeconds, 2), MBps: round(mb / floorSeconds, 1) },
        ratio: round(syncMBps / plainMBps, 2),
        ratioToStorageFloor: round(syncMBps / (mb / floorSeconds), 2),
        ratioToDurablePlain: round(syncMBps / (mb / durableSeconds), 2),
        target: { ratioAtLeast: 0.7 },
        ...environment(),
      })}\n`,
    );
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();

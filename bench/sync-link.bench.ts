// Sync over a shaped link (issue 17): one station delivers N submissions with one ~300 KB
// evidence image each (random bytes, as incompressible as a JPEG) through the link shaper
// (test/support/link-shaper.ts) to the reference service, and the same bytes go as one plain
// single-stream upload through the same shaper (a fresh one, same seed) to a bare sink in the
// service's process, before and after the sync. The faster plain pass is the baseline.
// Targets: branch-dsl ≤ 1.1 × plain, hotspot ≤ 1.25 ×, bad completes exactly once.
// Also: how long a small submission (no evidence) waits while a large blob is uploading.
// Prints one JSON object per profile, with the load average before and after.
// Usage: npx tsx bench/sync-link.bench.ts   (BENCH_LINK_PROFILES=branch-dsl,hotspot,bad;
// BENCH_LINK_N=200; BENCH_LINK_IMAGE_KB=300; BENCH_LINK_LARGE_MB=8 for the head-of-line run, 0: none;
// DATABASE_URL=postgres://… runs the service on PostgreSQL instead of PGlite)
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EnrollmentToken } from '../main/contract/service-api';
import { createLogger } from '../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../main/store/database';
import { enrolledIdentity, enrollStation } from '../main/sync/identity';
import { enqueueSubmission, queueFigures } from '../main/sync/outbox';
import { ServiceApi } from '../main/sync/service-api-client';
import { ServiceClient } from '../main/sync/service-client';
import { SyncWorker } from '../main/sync/sync-worker';
import { createBonusService } from '../service/app';
import { openDatabase } from '../service/db/database';
import { evidenceImage, member, submission } from '../test/integration/sync-support/fixtures';
import { LinkShaper, linkProfiles, type LinkProfileName } from '../test/support/link-shaper';
import { environment, round } from './support';

const adminToken = 'bench-admin-token-0123456789';
const admin = { authorization: `Bearer ${adminToken}` };
const profiles = (process.env.BENCH_LINK_PROFILES ?? 'branch-dsl,hotspot,bad').split(',') as LinkProfileName[];
const count = Number(process.env.BENCH_LINK_N ?? 200);
const imageBytes = Number(process.env.BENCH_LINK_IMAGE_KB ?? 300) * 1024;
const largeBytes = Number(process.env.BENCH_LINK_LARGE_MB ?? 8) * 1024 * 1024;
const seed = Number(process.env.BENCH_LINK_SEED ?? 17);

/** The service and a plain sink, in a process of their own. */
async function serve(): Promise<void> {
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  const service = createBonusService({ db, adminToken });
  const url = await service.start();
  const sink = http.createServer((req, res) => {
    if (req.url?.startsWith('/stored/')) {
      const station = decodeURIComponent(req.url.slice('/stored/'.length));
      void db.query<{ n: number; distinct_ids: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct_ids FROM submissions WHERE station_id = $1', [station]).then((r) => res.end(JSON.stringify(r.rows[0])));
      return;
    }
    // The plain upload: bytes counted per stream, so that one cut by the link resumes where it broke.
    const stream = req.url ?? '/';
    if (req.method === 'GET') return void res.end(JSON.stringify({ bytes: received.get(stream) ?? 0 }));
    req.on('data', (c: Buffer) => received.set(stream, (received.get(stream) ?? 0) + c.length));
    req.on('end', () => res.end(JSON.stringify({ bytes: received.get(stream) ?? 0 })));
  });
  const received = new Map<string, number>();
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ url, sink: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => setImmediate(() => process.exit(0)));
}

/**
 * All images as one streamed PUT: the plain single-stream upload of the same bytes. Where the
 * link breaks the connection (bad), it continues with the bytes the sink has not got, at once:
 * the best a single stream can do on that link.
 */
async function plainUpload(target: string, images: Buffer[]): Promise<number> {
  const all = Buffer.concat(images);
  const stream = `/plain/${randomUUID()}`;
  const started = performance.now();
  for (let offset = 0; offset < all.length; ) {
    await new Promise<void>((resolve) => {
      const body = all.subarray(offset);
      const req = http.request(`${target}${stream}`, { method: 'PUT', agent: false, headers: { 'content-type': 'application/octet-stream', 'content-length': String(body.length) } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      });
      req.on('error', () => resolve());
      req.end(body);
    });
    offset = await received(`${target}${stream}`);
  }
  return (performance.now() - started) / 1000;
}

/** What the sink got of a stream, asked again when the link breaks the question too. */
async function received(url: string): Promise<number> {
  for (;;) {
    try {
      return ((await (await fetch(url)).json()) as { bytes: number }).bytes;
    } catch {
      // asked again at once
    }
  }
}

async function shaped<T>(upstream: string, profile: LinkProfileName, run: (url: string, shaper: LinkShaper) => Promise<T>): Promise<{ value: T; shaper: LinkShaper }> {
  const shaper = LinkShaper.forUrl(upstream, linkProfiles[profile], seed);
  const url = await shaper.start();
  try {
    return { value: await run(url, shaper), shaper };
  } finally {
    await shaper.stop();
  }
}

/** Rounds until the outbox is empty; a round cut by the link is retried at once (the worker would after its backoff). */
async function syncAll(store: StationDatabase, api: ServiceApi): Promise<{ seconds: number; failedRounds: number }> {
  const worker = new SyncWorker({ db: store.db, api, log: createLogger('bench', () => undefined), publish: () => undefined, retentionDays: 7 });
  const started = performance.now();
  let failedRounds = 0;
  while (queueFigures(store.db).queueLength > 0) if (!(await worker.syncOnce()).ok) failedRounds++;
  return { seconds: (performance.now() - started) / 1000, failedRounds };
}

async function station(url: string, stationId: string): Promise<StationDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-link-'));
  const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
  const adminClient = new ServiceClient({ baseUrl: url });
  const { token } = await adminClient.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'kiosk', branch: 'Bench' }, admin);
  adminClient.close();
  const enrolling = ServiceApi.create({ baseUrl: url });
  await enrollStation(store.db, enrolling, stationId, token, 'kiosk');
  enrolling.close();
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return store;
}

/** A large blob for one member, then a small submission (no evidence) for another: when is each delivered? */
async function headOfLine(url: string, sync: string, profile: LinkProfileName): Promise<Record<string, number>> {
  const store = await station(url, `bench-hol-${profile}-${Date.now()}`);
  const large = evidenceImage(largeBytes);
  const big = submission({}, [{ sha256: large.sha256, size: large.data.length }]);
  enqueueSubmission(store.db, big, [{ data: large.data, mediaType: 'application/pdf' }]);
  const small = submission({ kind: 'field-checkin', member: { kvnr: 'B123457897' }, measures: [{ measure: 5, performedOn: '2026-03-04', evidence: [{ kind: 'event-confirmation' }] }], id: randomUUID() });
  enqueueSubmission(store.db, small, []);
  const api = ServiceApi.create({ baseUrl: sync, timeoutMs: 120_000 }, enrolledIdentity(store.db));
  const worker = new SyncWorker({ db: store.db, api, log: createLogger('bench', () => undefined), publish: () => undefined, retentionDays: 7, queueCheckMs: 20, idleIntervalMs: 600_000 });
  const started = performance.now();
  const acked = (id: string) => store.db.prepare("SELECT 1 FROM sync_outbox WHERE submission_id = ? AND state = 'acknowledged'").get(id) !== undefined;
  const times: Record<string, number> = {};
  worker.start();
  while (!times.largeSeconds) {
    await new Promise((r) => setTimeout(r, 20));
    const at = (performance.now() - started) / 1000;
    if (!times.smallSeconds && acked(small.id)) times.smallSeconds = round(at, 2);
    if (acked(big.id)) times.largeSeconds = round(at, 2);
  }
  await worker.stop();
  api.close();
  store.close();
  return { ...times, largeMB: round(largeBytes / 1_048_576, 1) };
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { url, sink } = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve))) as { url: string; sink: string };
  const seedClient = new ServiceClient({ baseUrl: url });
  await seedClient.json('PUT', '/v1/admin/members', EnrollmentToken.partial(), member, admin).catch(() => undefined);
  seedClient.close();
  try {
    for (const profile of profiles) {
      const load = [loadavg()];
      const stationId = `bench-link-${profile}-${Date.now()}`;
      const store = await station(url, stationId);
      const images: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        const img = evidenceImage(imageBytes - 2048 + Math.floor(Math.random() * 4096));
        images.push(img.data);
        enqueueSubmission(store.db, submission({}, [{ sha256: img.sha256, size: img.data.length }]), [{ data: img.data, mediaType: 'image/jpeg' }]);
      }
      const bytes = images.reduce((n, b) => n + b.length, 0);
      const before = await shaped(sink, profile, (target) => plainUpload(target, images));
      const cpu = process.cpuUsage();
      const synced = await shaped(url, profile, async (target) => {
        const api = ServiceApi.create({ baseUrl: target, timeoutMs: 120_000 }, enrolledIdentity(store.db));
        try {
          return await syncAll(store, api);
        } finally {
          api.close();
        }
      });
      const stationCpu = process.cpuUsage(cpu);
      const after = await shaped(sink, profile, (target) => plainUpload(target, images));
      const stored = (await (await fetch(`${sink}/stored/${encodeURIComponent(stationId)}`)).json()) as { n: number; distinct_ids: number };
      store.close();
      const hol = largeBytes > 0 && profile !== 'bad' ? await shaped(url, profile, (target) => headOfLine(url, target, profile)) : null;
      load.push(loadavg());
      const plain = Math.min(before.value, after.value);
      const up = linkProfiles[profile].up.bitsPerSecond;
      process.stdout.write(
        `${JSON.stringify({
          bench: 'sync-link',
          profile,
          submissions: count,
          megabytes: round(bytes / 1_048_576, 1),
          plainSeconds: [round(before.value, 2), round(after.value, 2)],
          syncSeconds: round(synced.value.seconds, 2),
          ratio: round(synced.value.seconds / plain, 3),
          linkShare: { plain: round((bytes * 8) / plain / up, 3), sync: round((bytes * 8) / synced.value.seconds / up, 3) },
          exactlyOnce: { expected: count, stored: stored.n, distinct: stored.distinct_ids },
          failedRounds: synced.value.failedRounds,
          link: { resets: synced.shaper.stats.resets, stalls: synced.shaper.stats.stalls, connections: synced.shaper.stats.connections, upBytes: synced.shaper.stats.bytesUp, downBytes: synced.shaper.stats.bytesDown },
          stationCpuMsPerSubmission: round((stationCpu.user + stationCpu.system) / 1000 / count, 2),
          headOfLine: hol?.value ?? null,
          loadavg: load.map((l) => l.map((x) => round(x, 2))),
          ...environment(),
        })}\n`,
      );
    }
  } finally {
    child.stdin.end();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();

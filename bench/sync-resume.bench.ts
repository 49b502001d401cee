// Bytes re-sent after the station is killed during blob uploads (issue 5). A real station
// process (the kill test's child) syncs through a counting proxy and is SIGKILLed half-way
// through a chunk, again and again, then finishes. Re-sent bytes = chunk bytes that reached
// the proxy minus the blobs' size. Target: ≤ one chunk per blob in flight, i.e. per kill.
// Usage: npx tsx bench/sync-resume.bench.ts   (BENCH_RESUME_KILLS=20, BENCH_RESUME_CHUNK_KB=64)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { EnrollmentToken } from '../main/contract/service-api';
import { openStationDatabase } from '../main/store/database';
import { enrollStation } from '../main/sync/identity';
import { ServiceApi } from '../main/sync/service-api-client';
import { enqueueSubmission } from '../main/sync/outbox';
import { ServiceClient } from '../main/sync/service-client';
import { createBonusService } from '../service/app';
import { openPglite } from '../service/db/database';
import { FaultProxy } from '../test/integration/sync-support/fault-proxy';
import { evidenceImage, member, submission } from '../test/integration/sync-support/fixtures';
import { environment } from './support';

const kills = Number(process.env.BENCH_RESUME_KILLS ?? 20);
const chunkSize = Number(process.env.BENCH_RESUME_CHUNK_KB ?? 64) * 1024;
const submissions = 30;
const adminToken = 'bench-admin-token-0123456789';
const root = join(import.meta.dirname, '..');

const out = join(root, 'node_modules', '.cache', 'bonus-sync-bench');
mkdirSync(out, { recursive: true });
const childScript = join(out, `station-child-${process.pid}.mjs`);
await build({ entryPoints: [join(root, 'test/integration/sync-support/station-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: childScript, external: ['better-sqlite3-multiple-ciphers'], logLevel: 'error' });

const db = await openPglite();
const service = createBonusService({ db, adminToken, chunkSize });
const url = await service.start();
const proxy = new FaultProxy(url);
const proxyUrl = await proxy.start();
const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
const key = randomBytes(32);
try {
  const admin = new ServiceClient({ baseUrl: url });
  const auth = { authorization: `Bearer ${adminToken}` };
  await admin.json('PUT', '/v1/admin/members', EnrollmentToken.partial(), member, auth).catch(() => undefined);
  const { token } = await admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'bench-resume', mode: 'kiosk', branch: 'Bench' }, auth);
  const store = openStationDatabase({ path: join(dir, 'station.db'), key });
  const enrolling = ServiceApi.create({ baseUrl: url });
  await enrollStation(store.db, enrolling, 'bench-resume', token, 'kiosk');
  enrolling.close();
  let blobBytes = 0;
  for (let i = 0; i < submissions; i++) {
    const img = evidenceImage(300 * 1024 + i);
    blobBytes += img.data.length;
    enqueueSubmission(store.db, submission({}, [{ sha256: img.sha256, size: img.data.length }]), [{ data: img.data, mediaType: 'image/jpeg' }]);
  }
  store.close();
  admin.close();

  const run = (finish: boolean, killHalfWay: boolean) =>
    new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [childScript], {
        env: { ...process.env, STATION_DB: join(dir, 'station.db'), STATION_KEY: key.toString('hex'), SERVICE_URL: proxyUrl, STATION_FINISH: finish ? '1' : '0' },
        stdio: 'ignore',
      });
      proxy.onChunkBytes = killHalfWay
        ? (_request, bytes) => {
            if (bytes < chunkSize / 2) return false;
            proxy.onChunkBytes = null;
            child.kill('SIGKILL');
            return true; // the rest of this chunk never reaches the service
          }
        : null;
      child.once('exit', () => resolve());
    });

  const started = performance.now();
  for (let k = 0; k < kills; k++) await run(false, true);
  await run(true, false);
  const seconds = (performance.now() - started) / 1000;

  const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions')).rows[0]?.n;
  const resent = proxy.chunkBytesIn - blobBytes;
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'sync-resume',
      kills,
      chunkBytes: chunkSize,
      submissions,
      delivered: stored,
      blobBytes,
      chunkBytesThroughProxy: proxy.chunkBytesIn,
      resentBytes: resent,
      resentPerKillBytes: Math.round(resent / kills),
      withinTarget: resent <= kills * chunkSize,
      target: { resentPerKillAtMost: chunkSize },
      seconds: Math.round(seconds * 10) / 10,
      ...environment(),
    })}\n`,
  );
  if (stored !== submissions) process.exitCode = 1;
} finally {
  await proxy.stop();
  await service.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(childScript, { force: true });
}

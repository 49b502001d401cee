// Service CPU per submission (issue 17): one station's sync worker delivers N submissions to the
// reference service in its own process, and the service process's CPU time (from /proc) is
// divided by N. Two runs: submissions with one small evidence photo each (2 KB: the requests'
// work without the blob bytes' hashing and writing), and submissions without evidence. Members
// are spread over a few hundred seeded ones. Target: ≤ 2 ms per submission on PostgreSQL.
// Prints one JSON object per run, with the load average.
// Usage: DATABASE_URL=postgres://… npx tsx bench/service-cpu.bench.ts   (TEST_DATABASE_URL is taken
// too; without either, PGlite. BENCH_CPU_N=1000, BENCH_CPU_PROF=<dir> for a V8 profile of the service)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EnrollmentToken } from '../main/contract/service-api';
import { kvnrCheckDigit } from '../main/domain/kvnr';
import { createLogger } from '../main/runtime/logger';
import { openStationDatabase } from '../main/store/database';
import { enrolledIdentity, enrollStation } from '../main/sync/identity';
import { enqueueSubmission } from '../main/sync/outbox';
import { ServiceApi } from '../main/sync/service-api-client';
import { ServiceClient } from '../main/sync/service-client';
import { SyncWorker } from '../main/sync/sync-worker';
import { createBonusService } from '../service/app';
import { openDatabase } from '../service/db/database';
import { evidenceImage, submission } from '../test/integration/sync-support/fixtures';
import { createPostgresDatabase } from '../test/support/postgres-database';
import { environment, round } from './support';

const adminToken = 'bench-admin-token-0123456789';
const count = Number(process.env.BENCH_CPU_N ?? 1000);
const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;

const kvnrs = Array.from({ length: 300 }, (_, i) => {
  const body = `C${String(20_000_000 + i * 104_729).slice(-8)}`;
  return `${body}${kvnrCheckDigit(body)}`;
});

async function serve(): Promise<void> {
  const db = await openDatabase({ databaseUrl: process.env.BENCH_CPU_DB });
  const service = createBonusService({ db, adminToken });
  process.once('exit', () => service.blobs.close());
  const url = await service.start();
  process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => setImmediate(() => process.exit(0)));
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  return databaseUrl ? createPostgresDatabase(databaseUrl, 'bench_cpu') : null;
}

async function run(withEvidence: boolean): Promise<Record<string, unknown>> {
  const database = await freshPostgres();
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the service process, for finding where its time goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', import.meta.filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...(database ? { BENCH_CPU_DB: database.url } : {}) } });
  const { url, pid } = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve))) as { url: string; pid: number };
  const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
  const load = [loadavg()];
  try {
    const admin = new ServiceClient({ baseUrl: url });
    const auth = { authorization: `Bearer ${adminToken}` };
    for (const kvnr of kvnrs) await admin.json('PUT', '/v1/admin/members', EnrollmentToken.partial(), { kvnr, cardNumber: `80276001234567${String(kvnrs.indexOf(kvnr)).padStart(6, '0')}`, firstName: 'Cpu', lastName: 'Bench', birthDate: '1980-04-02', participation: [{ year: 2026, program: 'adult', declaredAt: '2026-01-10T09:00:00.000Z' }] }, auth);
    const { token } = await admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'bench-cpu', mode: 'kiosk', branch: 'Bench' }, auth);
    admin.close();
    const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
    const api = ServiceApi.create({ baseUrl: url }, enrolledIdentity(store.db));
    await enrollStation(store.db, api, 'bench-cpu', token, 'kiosk');
    for (let i = 0; i < count; i++) {
      const member = { kvnr: kvnrs[i % kvnrs.length]! };
      const image = withEvidence ? evidenceImage(2048) : null;
      const sub = submission({ member, measures: [{ measure: 1 + (i % 4), performedOn: '2026-03-04', evidence: image ? [{ kind: 'photo', blob: { sha256: image.sha256, size: image.data.length, mediaType: 'image/jpeg' } }] : [{ kind: 'digital-entry' }] }] }, []);
      enqueueSubmission(store.db, sub, image ? [{ data: image.data, mediaType: 'image/jpeg' }] : []);
    }
    const worker = new SyncWorker({ db: store.db, api, log: createLogger('bench', () => undefined), publish: () => undefined, retentionDays: 7 });
    const before = cpuSeconds(pid);
    const started = performance.now();
    const outcome = await worker.syncOnce();
    const seconds = (performance.now() - started) / 1000;
    const serviceCpu = cpuSeconds(pid) - before;
    if (!outcome.ok || outcome.delivered !== count) throw new Error(`not all delivered: ${JSON.stringify(outcome)}`);
    api.close();
    store.close();
    load.push(loadavg());
    return {
      bench: 'service-cpu',
      database: database ? 'postgres' : 'pglite',
      submissions: count,
      evidence: withEvidence ? 'one 2 KB photo each' : 'none',
      serviceCpuMsPerSubmission: round((serviceCpu * 1000) / count, 2),
      submissionsPerSecond: round(count / seconds, 1),
      loadavg: load.map((l) => l.map((x) => round(x, 2))),
      ...environment(),
    };
  } finally {
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

if (process.argv.includes('--serve')) await serve();
else for (const withEvidence of [true, false]) process.stdout.write(`${JSON.stringify(await run(withEvidence))}\n`);

// Service capacity (issue 17): M simulated stations (bench/load/simulated-station.ts; each its own
// key, signing real requests, through its own branch-dsl link) against the service on PostgreSQL
// with SERVICE_PROCESSES = 1, 2, 4: kiosk captures (a photo, then the submission), clerk batches
// (ten crops, then one batch) and field check-ins (five at a time). Per process count: the
// saturating throughput (every station working back to back), then an open-loop run at 80 % of
// it with p50/p99 of the stations' request times (their 30 ms round trip included) and errors;
// the service's CPU per submission from /proc (all its processes), and the load average.
// Targets: 2 processes ≥ 1.7 × the throughput of 1 with 200 stations; p99 ≤ 250 ms at 80 %.
// Usage: DATABASE_URL=postgres://… npx tsx bench/service-load.bench.ts   (TEST_DATABASE_URL is
// taken too; a fresh database per run. BENCH_LOAD_STATIONS=200, BENCH_LOAD_PROCESSES=1,2,4,
// BENCH_LOAD_SECONDS=20, BENCH_LOAD_MEMBERS=2000, BENCH_LOAD_CPU_PROF=<dir> for V8 profiles of the service)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { EnrollmentToken } from '../main/contract/service-api';
import { kvnrCheckDigit } from '../main/domain/kvnr';
import { ServiceClient } from '../main/sync/service-client';
import { createPostgresDatabase } from '../test/support/postgres-database';
import { SimulatedStation, type Sample, type StationRole } from './load/simulated-station';
import { environment, round } from './support';

const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const stations = Number(process.env.BENCH_LOAD_STATIONS ?? 200);
const processCounts = (process.env.BENCH_LOAD_PROCESSES ?? '1,2,4').split(',').map(Number);
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const memberCount = Number(process.env.BENCH_LOAD_MEMBERS ?? 2000);
const adminToken = randomBytes(24).toString('base64url');
const admin = { authorization: `Bearer ${adminToken}` };
const root = join(import.meta.dirname, '..');

function roleOf(i: number): StationRole {
  const slot = i % 10;
  return slot < 5 ? 'kiosk' : slot < 7 ? 'clerk' : 'field';
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** CPU seconds of a process and all its descendants (the cluster's primary and its service processes). */
function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  const visit = (p: number) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean)) visit(Number(child));
      }
    } catch {
      // ended meanwhile
    }
  };
  visit(pid);
  return ticks / 100;
}

async function startService(url: string, processes: number, blobDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_LOAD_CPU_PROF=<dir>: V8 CPU profiles of the service processes, for finding where its time goes.
  const profile = process.env.BENCH_LOAD_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_LOAD_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, 'service/main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, SERVICE_BLOB_DIR: blobDir, SERVICE_ADMIN_TOKEN: adminToken, SERVICE_PROCESSES: String(processes), HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith('Bonus service on ') && ready());
    child.once('exit', (code) => fail(new Error(`service exited with ${code}`)));
  });
  // Its request log keeps flowing; read and dropped, so the pipe never fills.
  child.stdout!.resume();
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Members and a company health event, straight into the database (seeding is not what is measured). */
async function seed(url: string, client: ServiceClient): Promise<{ kvnrs: string[]; fieldEventId: string }> {
  const kvnrs = Array.from({ length: memberCount }, (_, i) => {
    const body = `L${String(10_000_000 + i * 7919).slice(-8)}`;
    return `${body}${kvnrCheckDigit(body)}`;
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(
    `INSERT INTO members (kvnr, card_number, first_name, last_name, birth_date) SELECT k, lpad((row_number() OVER ())::text, 20, '8'), 'Lasttest', 'Mitglied', '1980-04-02'::date FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING`,
    [kvnrs],
  );
  await db.query(`INSERT INTO participations (kvnr, year, program, declared_at) SELECT k, 2026, 'adult', '2026-01-10T09:00:00Z' FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING`, [kvnrs]);
  await db.end();
  const now = Date.now();
  const event = { id: 'bench-load-event', title: 'Gesundheitstag', company: 'Last AG', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), measures: [5] };
  await client.json('PUT', '/v1/admin/field-events', EnrollmentToken.partial(), event, admin);
  return { kvnrs, fieldEventId: event.id };
}

interface Phase {
  submissions: number;
  samples: Sample[];
  serviceCpuSeconds: number;
  seconds: number;
}

/**
 * Every station works back to back (closed), or at `rates` operations per second each (open:
 * Poisson arrivals until the window ends). Throughput counts what completed within the window;
 * the CPU per submission counts the whole phase, the operations still running at its end included.
 */
async function phase(fleet: SimulatedStation[], servicePid: number, rates: Map<StationRole, number> | null, samples: Sample[]): Promise<Phase & { opsByRole: Map<StationRole, number> }> {
  const started = performance.now();
  const end = started + seconds * 1000;
  const opsByRole = new Map<StationRole, number>();
  let submissions = 0;
  let allSubmissions = 0;
  samples.length = 0;
  const cpu = treeCpuSeconds(servicePid);
  const once = async (s: SimulatedStation) => {
    const n = await s.work().catch(() => 0);
    allSubmissions += n;
    if (performance.now() > end) return;
    submissions += n;
    opsByRole.set(s.role, (opsByRole.get(s.role) ?? 0) + 1);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  await Promise.all(
    fleet.map(async (s) => {
      if (!rates) {
        while (performance.now() < end) await once(s);
        return;
      }
      const running = new Set<Promise<void>>();
      const gap = () => (-Math.log(1 - Math.random()) / (rates.get(s.role) ?? 0)) * 1000;
      for (let next = started + gap(); next < end; next += gap()) {
        await sleep(next - performance.now());
        if (running.size >= 4) continue; // a station that cannot keep up does not pile up more
        const op = once(s).finally(() => running.delete(op));
        running.add(op);
      }
      await Promise.all(running);
    }),
  );
  const serviceCpuSeconds = treeCpuSeconds(servicePid) - cpu;
  return { submissions, samples: [...samples], serviceCpuSeconds: (serviceCpuSeconds * submissions) / Math.max(1, allSubmissions), seconds, opsByRole };
}

function sum(counts: Map<StationRole, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(p: Phase) {
  const ms = p.samples.map((s) => s.ms);
  return {
    submissionsPerSecond: round(p.submissions / p.seconds, 1),
    requestsPerSecond: round(p.samples.length / p.seconds, 1),
    p50Ms: round(percentile(ms, 50), 1),
    p99Ms: round(percentile(ms, 99), 1),
    errors: p.samples.filter((s) => !s.ok).length,
    errorKinds: [...new Set(p.samples.flatMap((s) => (s.error ? [s.error] : [])))].slice(0, 5),
    serviceCpuMsPerSubmission: round((p.serviceCpuSeconds * 1000) / Math.max(1, p.submissions), 2),
    serviceCpuCores: round(p.serviceCpuSeconds / p.seconds, 2),
  };
}

async function run(processes: number): Promise<Record<string, unknown>> {
  const load = [loadavg()];
  const db = await createPostgresDatabase(databaseUrl!, 'bench_load');
  const blobDir = mkdtempSync(join(tmpdir(), 'bench-load-blobs-'));
  const service = await startService(db.url, processes, blobDir);
  const adminClient = new ServiceClient({ baseUrl: service.url });
  const samples: Sample[] = [];
  const fleet: SimulatedStation[] = [];
  try {
    const members = await seed(db.url, adminClient);
    for (let i = 0; i < stations; i++) {
      const stationId = `load-${processes}-${i}`;
      const { token } = await adminClient.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: roleOf(i), branch: 'Bench' }, admin);
      const station = new SimulatedStation(stationId, roleOf(i), members, (s) => samples.push(s));
      await station.start(service.url, token, i + 1);
      fleet.push(station);
    }
    const generatorCpu = process.cpuUsage();
    const saturated = await phase(fleet, service.child.pid!, null, samples);
    const perRole = new Map([...saturated.opsByRole].map(([role, ops]) => [role, (0.8 * ops) / saturated.seconds / fleet.filter((s) => s.role === role).length] as const));
    const at80 = await phase(fleet, service.child.pid!, perRole, samples);
    const generator = process.cpuUsage(generatorCpu);
    load.push(loadavg());
    return {
      processes,
      stations,
      saturation: { ...summary(saturated), opsPerSecond: round(sum(saturated.opsByRole) / saturated.seconds, 1) },
      at80Percent: { ...summary(at80), opsPerSecond: round(sum(at80.opsByRole) / at80.seconds, 1), offeredOpsPerSecond: round([...perRole].reduce((n, [role, rate]) => n + rate * fleet.filter((s) => s.role === role).length, 0), 1) },
      loadGeneratorCpuCores: round((generator.user + generator.system) / 1e6 / (saturated.seconds + at80.seconds), 2),
      loadavg: load.map((l) => l.map((x) => round(x, 2))),
    };
  } finally {
    await Promise.all(fleet.map((s) => s.stop()));
    adminClient.close();
    service.child.kill('SIGTERM');
    await new Promise((r) => service.child.once('exit', r));
    // A service process may still hold a connection for a moment after the primary exited.
    await db.drop().catch(async () => {
      await new Promise((r) => setTimeout(r, 2000));
      await db.drop().catch((error: unknown) => process.stderr.write(`the load database was not dropped: ${String(error)}\n`));
    });
    rmSync(blobDir, { recursive: true, force: true });
  }
}

if (!databaseUrl) throw new Error('Set DATABASE_URL (or TEST_DATABASE_URL): the load runs against PostgreSQL');
const results: Record<string, unknown>[] = [];
for (const processes of processCounts) {
  const result = await run(processes);
  results.push(result);
  process.stdout.write(`${JSON.stringify({ bench: 'service-load', ...result, ...environment() })}\n`);
}
const one = results.find((r) => r.processes === 1)?.saturation as { submissionsPerSecond: number } | undefined;
if (one) {
  for (const r of results) process.stdout.write(`${JSON.stringify({ bench: 'service-load', processes: r.processes, throughputVsOneProcess: round((r.saturation as { submissionsPerSecond: number }).submissionsPerSecond / one.submissionsPerSecond, 2) })}\n`);
}

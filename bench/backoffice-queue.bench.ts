// The back office's review queue (issue 18): its first page with 100,000 waiting submissions,
// oldest first, on PostgreSQL, through the HTTP endpoint as the browser asks for it (session
// cookie, schema-checked answer), unfiltered and filtered by a measure. Target: ≤ 200 ms.
// Prints one JSON object with the load average.
// Usage: DATABASE_URL=postgres://… npx tsx bench/backoffice-queue.bench.ts   (an empty database;
// without DATABASE_URL it takes TEST_DATABASE_URL's server and creates a database of its own;
// BENCH_QUEUE_N=100000)
import { createBonusService } from '../service/app';
import { openPostgres, type Database } from '../service/db/database';
import { migrate } from '../service/db/migrate';
import { staffAccount, StaffBrowser } from '../test/integration/backoffice-support/staff-browser';
import { createPostgresDatabase } from '../test/support/postgres-database';
import { environment, median, round } from './support';

const count = Number(process.env.BENCH_QUEUE_N ?? 100_000);

async function database(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { db: await openPostgres(process.env.DATABASE_URL), drop: async () => undefined };
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('Set DATABASE_URL (an empty database) or TEST_DATABASE_URL (a server where the benchmark may create one)');
  const created = await createPostgresDatabase(base, 'bonus_bench');
  const db = await openPostgres(created.url);
  return {
    db,
    async drop() {
      await db.close();
      await created.drop();
    },
  };
}

async function main(): Promise<void> {
  const { db, drop } = await database();
  try {
    await migrate(db);
    // 100,000 waiting submissions from 50 stations in 5 branches, 1-3 measures each, over 90 days.
    await db.query(`INSERT INTO stations (station_id, public_key, branch, mode) SELECT 'kiosk-' || i, decode(repeat('00', 32), 'hex'), 'Filiale ' || (i % 5), 'kiosk' FROM generate_series(1, 50) i`);
    const started = Date.now();
    await db.query(
      `INSERT INTO submissions (id, station_id, kvnr, kind, participation_year, payload, content_sha256, evaluation, state, received_at)
       SELECT gen_random_uuid(), 'kiosk-' || (1 + i % 50), 'A' || lpad((100000000 + i)::text, 9, '0'), 'measures', 2026,
              jsonb_build_object('id', gen_random_uuid(), 'kind', 'measures', 'createdAt', '2026-03-01T10:00:00.000Z', 'participationYear', 2026,
                'member', jsonb_build_object('kvnr', 'A' || lpad((100000000 + i)::text, 9, '0')),
                'measures', (SELECT jsonb_agg(jsonb_build_object('measure', 1 + (i + k * 5) % 12, 'performedOn', '2026-02-01', 'evidence', '[]'::jsonb)) FROM generate_series(0, i % 3) k)),
              md5(i::text) || md5(i::text), '{"engine":"evaluated","ruleSetVersion":"2026","totalCents":1000,"findings":[]}'::jsonb, 'received',
              now() - (i % 129600) * interval '1 minute'
       FROM generate_series(1, $1::int) i`,
      [count],
    );
    await db.query('ANALYZE submissions');
    const seeded = Date.now() - started;
    const service = createBonusService({ db, adminToken: 'bench-admin-token-0123456789' });
    const url = await service.start();
    try {
      const account = await staffAccount(db, 'bench.reviewer', ['reviewer']);
      const browser = new StaffBrowser(url);
      const signedIn = await browser.signIn(account, new Date());
      if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.body)}`);
      const time = async (path: string, runs: number) => {
        const times: number[] = [];
        let items = 0;
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const answer = await browser.request('GET', path);
          times.push(performance.now() - t0);
          if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
          items = (answer.body as { items?: unknown[] }).items?.length ?? 0;
        }
        return { firstMs: round(times[0]!), medianMs: round(median(times.slice(1))), maxMs: round(Math.max(...times.slice(1))), items };
      };
      // The baseline in the same run: the cheapest signed-in request (session lookup, same HTTP,
      // cookie and schema path), so the ratio says what the queue itself costs on a loaded machine.
      const session = await time('/bo/api/session', 21);
      const firstPage = await time('/bo/api/review/queue?limit=50', 21);
      const byMeasure = await time('/bo/api/review/queue?limit=50&measure=11', 21);
      const byBranch = await time('/bo/api/review/queue?limit=50&branch=Filiale%203&minAgeDays=30', 21);
      const result = {
        benchmark: 'backoffice-queue',
        database: 'postgres',
        waiting: count,
        seedSeconds: round(seeded / 1000),
        firstPage,
        byMeasure,
        byBranchAndAge: byBranch,
        baselineSession: session,
        ratioToBaseline: { firstPage: round(firstPage.medianMs / session.medianMs, 2), byMeasure: round(byMeasure.medianMs / session.medianMs, 2), byBranchAndAge: round(byBranch.medianMs / session.medianMs, 2) },
        targetMs: 200,
        meetsTarget: firstPage.medianMs <= 200 && byMeasure.medianMs <= 200 && byBranch.medianMs <= 200,
        ...environment(),
      };
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await service.stop();
    }
  } finally {
    await drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

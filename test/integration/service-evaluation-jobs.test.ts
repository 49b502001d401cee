import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EvaluationJob } from '../../main/contract/service-admin-endpoints';
import { ruleSet2026, withParameters } from '../../main/domain';
import { openPostgres, type Database } from '../../service/db/database';
import { migrate } from '../../service/db/migrate';
import { catalogFingerprint, requestEvaluation, requestOnCatalogChange, type JobRow } from '../../service/evaluation/jobs';
import { createEvaluationRunner, type EvaluationRunnerOptions } from '../../service/evaluation/runner';
import { domainRulesEngine, rulesEngineWith } from '../../service/rules/evaluate';
import { databaseKinds } from './sync-support/databases';
import { adminHeaders, startService } from './sync-support/service-harness';

/**
 * The whole-insurer evaluation as a background job (issue 17, item 4) on PGlite and PostgreSQL:
 * every member's year from the service's own rows, in pages, written where it changed, audited;
 * two runners racing for one job run it once; a runner that dies mid-run is taken over after its
 * lease and the job goes on after the last committed page; the admin endpoint starts and reports it.
 */
const members = 230;
// Each case waits for events (a job's state), never for a time; the bound is for a loaded machine.
const pageSize = 40;
const perField = ruleSet2026.adultAmountPerFieldCents;
const t0 = new Date('2026-12-01T10:00:00Z');
const kvnrOf = (i: number) => `E${String(i).padStart(9, '0')}`;

/** What member i is given and what its year is worth (the job must find exactly this). */
function memberPlan(i: number): { participates: boolean; state: 'accepted' | 'received' | 'rejected'; credited: number[]; earned: number } {
  const participates = i % 10 !== 0;
  const state = i % 5 === 1 ? 'received' : i % 5 === 2 ? 'rejected' : 'accepted';
  const credited = state !== 'accepted' ? [] : i % 5 === 3 ? [1] : [1, 2, 8];
  return { participates, state, credited, earned: participates ? credited.length * perField : 0 };
}

async function seed(db: Database): Promise<void> {
  await db.query("INSERT INTO stations (station_id, public_key, mode) VALUES ('kiosk-eval', '\\x00'::bytea, 'kiosk')");
  const rows = Array.from({ length: members }, (_, i) => {
    const plan = memberPlan(i);
    const id = randomUUID();
    const payload = { id, measures: [1, 2, 8].map((measure, n) => ({ measure, performedOn: `2026-0${3 + n}-01`, evidence: [{ kind: 'booklet-stamp' }] })) };
    return { kvnr: kvnrOf(i), participates: plan.participates, id, state: plan.state, payload, credited: plan.credited };
  });
  const json = JSON.stringify(rows);
  await db.query(
    `INSERT INTO members (kvnr, card_number, first_name, last_name, birth_date)
     SELECT r.kvnr, '80276001234567890123', 'Eva', 'Muster', DATE '1980-05-05' FROM jsonb_to_recordset($1::jsonb) AS r(kvnr text)`,
    [json],
  );
  await db.query(
    `INSERT INTO participations (kvnr, year, program, declared_at) SELECT r.kvnr, 2026, 'adult', TIMESTAMPTZ '2026-01-15T09:00:00Z'
     FROM jsonb_to_recordset($1::jsonb) AS r(kvnr text, participates boolean) WHERE r.participates`,
    [json],
  );
  await db.query(
    `INSERT INTO submissions (id, station_id, kvnr, kind, participation_year, payload, content_sha256, state, evaluation)
     SELECT r.id, 'kiosk-eval', r.kvnr, 'measures', 2026, r.payload, 'seed', r.state, '{}'::jsonb FROM jsonb_to_recordset($1::jsonb) AS r(kvnr text, id uuid, state text, payload jsonb)`,
    [json],
  );
  await db.query(
    `INSERT INTO credited_measures (kvnr, year, measure, submission_id)
     SELECT r.kvnr, 2026, m::int, r.id FROM jsonb_to_recordset($1::jsonb) AS r(kvnr text, id uuid, credited jsonb), jsonb_array_elements_text(r.credited) AS m`,
    [json],
  );
}

async function evaluations(db: Database): Promise<Map<string, { earned_cents: number; participation: string; job_id: string }>> {
  const rows = (await db.query<{ kvnr: string; earned_cents: number; participation: string; job_id: string }>('SELECT kvnr, earned_cents, participation, job_id FROM member_year_evaluations WHERE year = 2026')).rows;
  return new Map(rows.map((r) => [r.kvnr, r]));
}

const request = (db: Database, at = t0) => db.transaction(async (tx) => (await requestEvaluation(tx, { year: 2026, reason: 'requested', requestedBy: 'test', accountId: null, now: at })).job);
const job = async (db: Database, id: string) => (await db.query<JobRow>('SELECT * FROM evaluation_jobs WHERE id = $1', [id])).rows[0]!;
const audited = async (db: Database, id: string) =>
  (await db.query<{ action: string }>('SELECT action FROM bo_audit WHERE subject = $1 ORDER BY seq', [`evaluation-job:${id}`])).rows.map((r) => r.action);

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`whole-insurer evaluation jobs on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let db: Database;
    let other: Database;
    let url: string | undefined;
    let drop: () => Promise<void>;
    const runner = (options: Partial<EvaluationRunnerOptions> & { at?: Date; on?: Database } = {}) =>
      createEvaluationRunner({ db: options.on ?? db, rules: domainRulesEngine, now: () => options.at ?? t0, pageSize, leaseMs: 60_000, ...options });

    beforeAll(async () => {
      ({ db, drop, url } = await kind.open());
      await migrate(db);
      await seed(db);
      // A second service instance: its own pool on the same PostgreSQL; PGlite has one connection.
      other = url ? await openPostgres(url) : db;
    }, 120_000);
    afterAll(async () => {
      if (other !== db) await other?.close();
      await drop?.();
    });

    it('evaluates every member in pages, writes only what changed and audits the run', async () => {
      const requested = await request(db);
      const pages: number[] = [];
      const done = await runner({ afterPage: (_, page) => void pages.push(page.members) }).runOnce();
      expect(done).toMatchObject({ id: requested.id, state: 'done' });
      expect(pages).toEqual([...Array(Math.floor(members / pageSize)).fill(pageSize), members % pageSize]);
      const row = await job(db, requested.id);
      expect(row).toMatchObject({ state: 'done', members_total: members, members_done: members, members_changed: members, attempts: 1, catalog_sha256: catalogFingerprint(ruleSet2026) });
      const results = await evaluations(db);
      expect(results.size).toBe(members);
      for (let i = 0; i < members; i++) {
        const plan = memberPlan(i);
        expect({ i, ...results.get(kvnrOf(i)) }).toMatchObject({ i, earned_cents: plan.earned, participation: plan.participates ? 'active' : 'not_participating' });
      }
      expect(await audited(db, requested.id)).toEqual(['evaluation.job.request', 'evaluation.job.start', 'evaluation.job.finish']);

      // Nothing changed: nothing is written. One credit withdrawn: that member's row, naming the new job.
      const again = await request(db);
      await runner().runOnce();
      expect(await job(db, again.id)).toMatchObject({ members_done: members, members_changed: 0 });
      await db.query('DELETE FROM credited_measures WHERE kvnr = $1 AND measure = 8', [kvnrOf(4)]);
      const third = await request(db);
      await runner().runOnce();
      expect(await job(db, third.id)).toMatchObject({ members_changed: 1 });
      expect((await evaluations(db)).get(kvnrOf(4))).toMatchObject({ earned_cents: 2 * perField, job_id: third.id });
    }, 120_000);

    it('joins a request to the job of that year still waiting', async () => {
      const first = await request(db);
      const second = await request(db);
      expect(second.id).toBe(first.id);
      expect(await audited(db, first.id)).toEqual(['evaluation.job.request', 'evaluation.job.request-joined']);
      await runner().runOnce();
    }, 120_000);

    it('runs a job once when two instances race for it', async () => {
      const queued = await request(db);
      const counted = new Map<string, number>();
      const count = (name: string) => (_: JobRow, page: { members: number }) => void counted.set(name, (counted.get(name) ?? 0) + page.members);
      const [a, b] = await Promise.all([runner({ runnerId: 'a', afterPage: count('a') }).runOnce(), runner({ runnerId: 'b', on: other, afterPage: count('b') }).runOnce()]);
      expect([a?.id, b?.id].filter(Boolean)).toEqual([queued.id]);
      expect([...counted.values()]).toEqual([members]);
      expect((await audited(db, queued.id)).filter((x) => x === 'evaluation.job.start')).toHaveLength(1);
      expect(await job(db, queued.id)).toMatchObject({ state: 'done', members_done: members, attempts: 1 });
    }, 120_000);

    it('takes over a job whose runner died mid-run after its lease and goes on after the last committed page', async () => {
      await db.query('DELETE FROM member_year_evaluations');
      const queued = await request(db);
      let wake!: () => void;
      const dead = new Promise<void>((resolve) => (wake = resolve));
      // Runner a "dies" after its second page: it commits no more and renews no lease.
      const a = runner({ runnerId: 'a', afterPage: (_, page) => (page.index === 1 ? dead : undefined) }).runOnce();
      await expect.poll(async () => (await job(db, queued.id)).members_done, { timeout: 60_000 }).toBe(2 * pageSize);
      // Before the lease runs out nobody takes it; after, b does.
      expect(await runner({ runnerId: 'b', on: other, at: new Date(t0.getTime() + 30_000) }).runOnce()).toBeNull();
      let evaluatedByB = 0;
      const b = await runner({ runnerId: 'b', on: other, at: new Date(t0.getTime() + 61_000), afterPage: (_, page) => void (evaluatedByB += page.members) }).runOnce();
      expect(b).toMatchObject({ id: queued.id, state: 'done' });
      expect(evaluatedByB).toBe(members - 2 * pageSize);
      expect(await job(db, queued.id)).toMatchObject({ state: 'done', members_done: members, attempts: 2 });
      expect((await evaluations(db)).size).toBe(members);
      expect(await audited(db, queued.id)).toEqual(['evaluation.job.request', 'evaluation.job.start', 'evaluation.job.take-over', 'evaluation.job.finish']);
      // a wakes up: it no longer holds the job and writes nothing more.
      wake();
      await expect(a).rejects.toThrow(/no longer held/);
      expect(await job(db, queued.id)).toMatchObject({ members_done: members, runner: null });
    }, 120_000);

    it('queues a year again when its catalog changed since it was last evaluated', async () => {
      const same = await requestOnCatalogChange(db, () => catalogFingerprint(ruleSet2026), t0);
      expect(same).toEqual([]);
      const edited = rulesEngineWith([withParameters(ruleSet2026, { childBonus: 'once_per_year' })]);
      expect(await requestOnCatalogChange(db, (year) => catalogFingerprint(edited.catalogForYear(year)!), t0)).toEqual([2026]);
      const queued = (await db.query<JobRow>("SELECT * FROM evaluation_jobs WHERE state = 'queued'")).rows;
      expect(queued.map((j) => [j.year, j.reason])).toEqual([[2026, 'catalog-changed']]);
      await runner({ rules: edited }).runOnce();
      expect(await job(db, queued[0]!.id)).toMatchObject({ state: 'done', catalog_sha256: catalogFingerprint(edited.catalogForYear(2026)!) });
    }, 120_000);

    it('starts from the admin endpoint, reports progress, and refuses a stranger, a year without catalog and bad input', async () => {
      const running = await startService(db, { now: () => t0, evaluation: { pageSize, pollMs: 60_000 } });
      try {
        const started = EvaluationJob.parse(await running.admin.json('POST', '/v1/admin/evaluation-jobs', z.unknown(), { year: 2026 }, adminHeaders));
        expect(started).toMatchObject({ year: 2026, reason: 'requested', requestedBy: 'admin' });
        await expect
          .poll(async () => EvaluationJob.parse(await running.admin.json('GET', `/v1/admin/evaluation-jobs/${started.id}`, z.unknown(), undefined, adminHeaders)).state, { timeout: 60_000 })
          .toBe('done');
        const finished = EvaluationJob.parse(await running.admin.json('GET', `/v1/admin/evaluation-jobs/${started.id}`, z.unknown(), undefined, adminHeaders));
        expect(finished).toMatchObject({ membersTotal: members, membersDone: members });
        const list = z.object({ jobs: z.array(EvaluationJob) }).parse(await running.admin.json('GET', '/v1/admin/evaluation-jobs', z.unknown(), undefined, adminHeaders));
        expect(list.jobs.map((j) => j.id)).toContain(started.id);
        const before = (await db.query('SELECT count(*)::int AS n FROM evaluation_jobs')).rows[0];
        await expect(running.admin.json('POST', '/v1/admin/evaluation-jobs', z.unknown(), { year: 2026 })).rejects.toMatchObject({ status: 401 });
        await expect(running.admin.json('POST', '/v1/admin/evaluation-jobs', z.unknown(), { year: 2001 }, adminHeaders)).rejects.toMatchObject({ status: 409, code: 'no_catalog' });
        await expect(running.admin.json('POST', '/v1/admin/evaluation-jobs', z.unknown(), { year: '2026; DROP TABLE members' }, adminHeaders)).rejects.toMatchObject({ status: 400 });
        await expect(running.admin.json('GET', `/v1/admin/evaluation-jobs/${randomUUID()}`, z.unknown(), undefined, adminHeaders)).rejects.toMatchObject({ status: 404 });
        expect((await db.query('SELECT count(*)::int AS n FROM evaluation_jobs')).rows[0]).toEqual(before);
      } finally {
        await running.stop();
      }
    }, 120_000);
  });
}

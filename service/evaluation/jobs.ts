import { createHash, randomUUID } from 'node:crypto';
import type { RuleSet } from '../../main/domain';
import { audit } from '../backoffice/audit';
import type { Database, Queryable } from '../db/database';
import { canonicalJson } from '../http/canonical-json';

/**
 * The whole-insurer evaluation jobs as rows (service/db/migrations/0015): requested, claimed by
 * one runner under a lease, advanced page by page, finished. Everything that must hold across N
 * service processes is a statement on the job row, never a process's memory.
 */
export type JobReason = 'payout-run' | 'catalog-changed' | 'requested';

export interface JobRow {
  id: string;
  year: number;
  reason: JobReason;
  catalog_sha256: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  requested_by: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cursor_kvnr: string | null;
  members_total: number | null;
  members_done: number;
  members_changed: number;
  runner: string | null;
  lease_until: Date | null;
  attempts: number;
  error: string | null;
}

const columns = 'id, year, reason, catalog_sha256, state, requested_by, requested_at, started_at, finished_at, cursor_kvnr, members_total, members_done, members_changed, runner, lease_until, attempts, error';
/** A job that failed this often (its runner died or a page kept failing) is given up. */
export const maxAttempts = 5;

/** What identifies a catalog's content: a changed file under the same version is a changed catalog too. */
export function catalogFingerprint(ruleSet: RuleSet): string {
  return createHash('sha256').update(canonicalJson(ruleSet)).digest('hex');
}

/**
 * Asks for a year's evaluation. While one waits for that year, the request joins it (one queued
 * job per year, a unique index); one already running goes on, and this one runs after it, so a
 * change made during a run is evaluated too. Audited in the caller's transaction.
 */
export async function requestEvaluation(q: Queryable, request: { year: number; reason: JobReason; requestedBy: string; accountId: string | null; now: Date }): Promise<{ job: JobRow; joined: boolean }> {
  const inserted = (
    await q.query<JobRow>(
      `INSERT INTO evaluation_jobs (id, year, reason, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (year) WHERE state = 'queued' DO NOTHING RETURNING ${columns}`,
      [randomUUID(), request.year, request.reason, request.requestedBy, request.now],
    )
  ).rows[0];
  const job = inserted ?? (await q.query<JobRow>(`SELECT ${columns} FROM evaluation_jobs WHERE year = $1 AND state = 'queued'`, [request.year])).rows[0];
  if (!job) throw new Error('an evaluation job was neither queued nor found');
  await audit(q, {
    at: request.now,
    accountId: request.accountId,
    action: inserted ? 'evaluation.job.request' : 'evaluation.job.request-joined',
    subject: `evaluation-job:${job.id}`,
    detail: { year: request.year, reason: request.reason, requestedBy: request.requestedBy },
  });
  return { job, joined: !inserted };
}

export async function jobById(q: Queryable, id: string): Promise<JobRow | undefined> {
  return (await q.query<JobRow>(`SELECT ${columns} FROM evaluation_jobs WHERE id = $1`, [id])).rows[0];
}

export async function recentJobs(q: Queryable, limit: number): Promise<JobRow[]> {
  return (await q.query<JobRow>(`SELECT ${columns} FROM evaluation_jobs ORDER BY requested_at DESC, id LIMIT $1`, [limit])).rows;
}

/**
 * Takes the next job for `runner`: first one whose runner's lease ran out (it crashed or hung:
 * taken over where its last page committed), else the oldest queued one of a year nobody runs.
 * The row lock (SKIP LOCKED) and the one-running-per-year index let only one process win.
 */
export async function claimJob(db: Database, runner: string, now: Date, leaseMs: number, catalogOf: (year: number) => string | null): Promise<JobRow | null> {
  try {
    return await db.transaction(async (tx) => {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const stale = (await tx.query<JobRow>(`SELECT ${columns} FROM evaluation_jobs WHERE state = 'running' AND lease_until < $1 ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED`, [now])).rows[0];
      if (stale && stale.attempts >= maxAttempts) {
        await tx.query(`UPDATE evaluation_jobs SET state = 'failed', finished_at = $2, runner = NULL, lease_until = NULL WHERE id = $1`, [stale.id, now]);
        await audit(tx, { at: now, accountId: null, action: 'evaluation.job.failed', subject: `evaluation-job:${stale.id}`, detail: { year: stale.year, attempts: stale.attempts, error: stale.error } });
        return null;
      }
      const job =
        stale ??
        (
          await tx.query<JobRow>(
            `SELECT ${columns} FROM evaluation_jobs q WHERE state = 'queued'
               AND NOT EXISTS (SELECT 1 FROM evaluation_jobs r WHERE r.year = q.year AND r.state = 'running')
             ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          )
        ).rows[0];
      if (!job) return null;
      const catalog = catalogOf(job.year);
      const total = job.members_total ?? (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM members')).rows[0]?.n ?? 0;
      const claimed = (
        await tx.query<JobRow>(
          `UPDATE evaluation_jobs SET state = 'running', runner = $2, lease_until = $3, started_at = coalesce(started_at, $4), attempts = attempts + 1,
             members_total = $5, catalog_sha256 = coalesce(catalog_sha256, $6)
           WHERE id = $1 RETURNING ${columns}`,
          [job.id, runner, leaseUntil, now, total, catalog],
        )
      ).rows[0];
      if (!claimed) return null;
      await audit(tx, {
        at: now,
        accountId: null,
        action: stale ? 'evaluation.job.take-over' : 'evaluation.job.start',
        subject: `evaluation-job:${job.id}`,
        detail: { year: job.year, runner, ...(stale ? { previousRunner: stale.runner, resumeAfter: stale.cursor_kvnr === null ? null : 'cursor', membersDone: stale.members_done } : {}) },
      });
      return claimed;
    });
  } catch (error) {
    // Another process made a job of that year run in the same moment: it has it.
    if ((error as { code?: string }).code === '23505') return null;
    throw error;
  }
}

/** Locks the job row for a page; undefined when `runner` no longer holds it (its lease was taken over). */
export async function holdJob(tx: Queryable, id: string, runner: string): Promise<JobRow | undefined> {
  return (await tx.query<JobRow>(`SELECT ${columns} FROM evaluation_jobs WHERE id = $1 AND runner = $2 AND state = 'running' FOR UPDATE`, [id, runner])).rows[0];
}

export async function advanceJob(tx: Queryable, id: string, page: { cursor: string; members: number; changed: number; leaseUntil: Date }): Promise<void> {
  await tx.query('UPDATE evaluation_jobs SET cursor_kvnr = $2, members_done = members_done + $3, members_changed = members_changed + $4, lease_until = $5, error = NULL WHERE id = $1', [
    id,
    page.cursor,
    page.members,
    page.changed,
    page.leaseUntil,
  ]);
}

export async function finishJob(tx: Queryable, job: JobRow, now: Date): Promise<void> {
  await tx.query(`UPDATE evaluation_jobs SET state = 'done', finished_at = $2, runner = NULL, lease_until = NULL WHERE id = $1`, [job.id, now]);
  await audit(tx, {
    at: now,
    accountId: null,
    action: 'evaluation.job.finish',
    subject: `evaluation-job:${job.id}`,
    detail: { year: job.year, reason: job.reason, members: job.members_done, changed: job.members_changed, catalogSha256: job.catalog_sha256 },
  });
}

/** A page failed: the error is kept and the lease given back, so the next claim retries from the cursor. */
export async function releaseAfterError(db: Queryable, id: string, runner: string, message: string, now: Date): Promise<void> {
  await db.query('UPDATE evaluation_jobs SET error = $3, lease_until = $4 WHERE id = $1 AND runner = $2', [id, runner, message.slice(0, 500), now]);
}

/**
 * A catalog changed since a year was last evaluated (a file in SERVICE_RULE_SET_FILES edited or
 * added): that year is evaluated again. Each process checks at start; the queued-job index makes
 * the requests of N processes one job.
 */
export async function requestOnCatalogChange(db: Database, catalogOf: (year: number) => string | null, now: Date): Promise<number[]> {
  const last = (
    await db.query<{ year: number; catalog_sha256: string | null }>(
      `SELECT DISTINCT ON (year) year, catalog_sha256 FROM evaluation_jobs WHERE state IN ('done', 'running') ORDER BY year, requested_at DESC`,
    )
  ).rows;
  const changed = last.filter((j) => j.catalog_sha256 !== null && catalogOf(j.year) !== null && catalogOf(j.year) !== j.catalog_sha256).map((j) => j.year);
  for (const year of changed) await db.transaction((tx) => requestEvaluation(tx, { year, reason: 'catalog-changed', requestedBy: 'service-start', accountId: null, now }));
  return changed;
}

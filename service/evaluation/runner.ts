import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RuleSet } from '../../main/domain';
import type { Database, Queryable } from '../db/database';
import type { RulesEngine } from '../rules/evaluate';
import { evaluateMembers, type MemberResult } from './evaluate-members';
import { advanceJob, catalogFingerprint, claimJob, finishJob, holdJob, releaseAfterError, requestOnCatalogChange, type JobRow } from './jobs';
import { loadMemberCases } from './member-cases';

export interface EvaluationRunnerOptions {
  db: Database;
  rules: RulesEngine;
  /** The real clock: leases, job times. */
  now: () => Date;
  /** The date rules' clock (the day members are evaluated as of); default `now`. */
  rulesNow?: () => Date;
  /** Members per page: what one transaction reads, evaluates and writes (memory is bounded by it). */
  pageSize?: number;
  /** How long a claim holds without a committed page; another process takes the job over after it. */
  leaseMs?: number;
  /** How often an idle runner looks for a job another process queued. */
  pollMs?: number;
  /** Names this runner in the job row and the audit trail (default: host, pid and a random part). */
  runnerId?: string;
  /** Called after each committed page (tests: stop here to play a crash). */
  afterPage?: (job: JobRow, page: { index: number; members: number }) => Promise<void> | void;
}

export interface EvaluationRunner {
  readonly id: string;
  /** Looks for a job now (after a request in this process) instead of at the next poll. */
  kick(): void;
  /** Claims and runs one job to its end; null when there was none to take. */
  runOnce(): Promise<JobRow | null>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

class LeaseLost extends Error {}

const upsertSql = `
  INSERT INTO member_year_evaluations (kvnr, year, rule_set_version, program, participation, earned_cents, payable_cents, evaluated_at, job_id)
  SELECT r.kvnr, $2, $3, r.program, r.participation, r.earned, r.payable, $4, $5
  FROM jsonb_to_recordset($1::jsonb) AS r(kvnr text, program text, participation text, earned integer, payable integer)
  ON CONFLICT (kvnr, year) DO UPDATE SET rule_set_version = EXCLUDED.rule_set_version, program = EXCLUDED.program, participation = EXCLUDED.participation,
    earned_cents = EXCLUDED.earned_cents, payable_cents = EXCLUDED.payable_cents, evaluated_at = EXCLUDED.evaluated_at, job_id = EXCLUDED.job_id
  WHERE (member_year_evaluations.rule_set_version, member_year_evaluations.program, member_year_evaluations.participation, member_year_evaluations.earned_cents, member_year_evaluations.payable_cents)
    IS DISTINCT FROM (EXCLUDED.rule_set_version, EXCLUDED.program, EXCLUDED.participation, EXCLUDED.earned_cents, EXCLUDED.payable_cents)
  RETURNING kvnr`;

/** Writes a page's results where they differ from what is on record; answers how many changed. */
async function storeResults(tx: Queryable, job: JobRow, ruleSet: RuleSet, results: readonly MemberResult[], now: Date): Promise<number> {
  const rows = results.map((r) => ({ kvnr: r.kvnr, program: r.program, participation: r.participation, earned: r.earnedCents, payable: r.payableCents }));
  return (await tx.query(upsertSql, [JSON.stringify(rows), job.year, ruleSet.version, now, job.id])).rowCount;
}

/**
 * The background runner every service process has: it claims a job (service/evaluation/jobs.ts),
 * then per page, in one transaction, checks it still holds the job, reads the next members by
 * KVNR, evaluates them, writes what changed and moves the cursor. A crash loses at most the page
 * in flight; whoever takes the job over goes on after the last committed member.
 */
export function createEvaluationRunner(options: EvaluationRunnerOptions): EvaluationRunner {
  const { db, rules, now } = options;
  const rulesNow = options.rulesNow ?? now;
  const pageSize = options.pageSize ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 5_000;
  const id = options.runnerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const catalogOf = (year: number) => {
    const ruleSet = rules.catalogForYear(year);
    return ruleSet ? catalogFingerprint(ruleSet) : null;
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let kicked = false;
  let stopped = true;
  // Set by stop(): a job in progress is handed back between two pages, not run to its end.
  let stopping = false;

  async function runPages(job: JobRow): Promise<JobRow> {
    const ruleSet = rules.catalogForYear(job.year);
    if (!ruleSet) throw new Error(`no catalog for ${job.year}`);
    for (let index = 0; ; index += 1) {
      const at = now();
      const page = await db.transaction(async (tx) => {
        const held = await holdJob(tx, job.id, id);
        if (!held) throw new LeaseLost(`evaluation job ${job.id} is no longer held by ${id}`);
        const cases = await loadMemberCases(tx, held.year, ruleSet, held.cursor_kvnr ?? '', pageSize);
        if (cases.length === 0) {
          await finishJob(tx, held, at);
          return { job: { ...held, state: 'done' as const, finished_at: at }, members: 0 };
        }
        const changed = await storeResults(tx, held, ruleSet, evaluateMembers(cases, ruleSet, rulesNow().getTime()), at);
        await advanceJob(tx, held.id, { cursor: cases[cases.length - 1]!.kvnr, members: cases.length, changed, leaseUntil: new Date(at.getTime() + leaseMs) });
        return { job: held, members: cases.length };
      });
      if (page.members === 0) return page.job;
      await options.afterPage?.(page.job, { index, members: page.members });
      if (stopping) {
        await releaseAfterError(db, job.id, id, 'handed back: the service process stopped', now());
        return page.job;
      }
    }
  }

  async function runOnce(): Promise<JobRow | null> {
    const job = await claimJob(db, id, now(), leaseMs, catalogOf);
    if (!job) return null;
    try {
      return await runPages(job);
    } catch (error) {
      if (!(error instanceof LeaseLost)) await releaseAfterError(db, job.id, id, error instanceof Error ? error.message : String(error), now());
      throw error;
    }
  }

  /** Runs jobs until none is left, then waits for the next poll or kick. */
  function loop(): void {
    if (stopped) return;
    // A kick while a round runs is not lost: the round looks once more before it sleeps.
    kicked = true;
    if (running) return;
    clearTimeout(timer);
    running = (async () => {
      try {
        while (!stopped && kicked) {
          kicked = false;
          while (!stopped && (await runOnce())) kicked = false;
        }
      } catch (error) {
        if (!(error instanceof LeaseLost)) process.stderr.write(`evaluation job: ${error instanceof Error ? error.message : String(error)}\n`);
      } finally {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, pollMs).unref();
      }
    })();
  }

  return {
    id,
    kick: loop,
    runOnce,
    async start() {
      stopped = false;
      await requestOnCatalogChange(db, catalogOf, now());
      loop();
    },
    async stop() {
      stopped = true;
      stopping = true;
      clearTimeout(timer);
      await running;
    },
  };
}

import type { z } from 'zod';
import { Evaluation } from '../../../main/contract/service-api';
import type { Queryable } from '../../db/database';
import { iso } from '../../routes/deps';
import type { QueuePage, QueueQuery } from '../api';

interface QueueRow {
  id: string;
  kind: QueuePage['items'][number]['kind'];
  station_id: string;
  branch: string | null;
  participation_year: number;
  received_at: Date;
  /** received_at to the microsecond (PostgreSQL's precision; a JS Date has milliseconds). */
  cursor_at: string;
  measures: number[] | null;
  evaluation: unknown;
  claimed_by: string | null;
}

/** The queue counts its waiting submissions up to here and then says "more than". */
export const waitingCountCap = 1_000;

/** What the review queue holds: submissions waiting for a person; payout applications have their own page. */
export const waitingForReview = `s.state = 'received' AND s.kind <> 'payout-application'`;

/**
 * The review queue's page: waiting submissions, oldest first, by keyset (received_at, id) on the
 * partial index `submissions_waiting`, so the first page costs the same with 100 or 100,000
 * waiting. Filters: a measure the submission claims, the station, its branch, a minimum age.
 * Claimed ones stay in the list, marked with who holds them.
 */
export async function queuePage(q: Queryable, query: z.output<typeof QueueQuery>, now: Date): Promise<QueuePage> {
  const where = [waitingForReview];
  const params: unknown[] = [now];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (query.measure !== undefined) add((p) => `s.payload->'measures' @> ${p}::jsonb`, JSON.stringify([{ measure: query.measure }]));
  if (query.station) add((p) => `s.station_id = ${p}`, query.station);
  if (query.branch) add((p) => `st.branch = ${p}`, query.branch);
  if (query.kind) add((p) => `s.kind = ${p}`, query.kind);
  if (query.minAgeDays !== undefined) add((p) => `s.received_at <= ${p}`, new Date(now.getTime() - query.minAgeDays * 86_400_000));
  const filtered = [...where];
  const countParams = params.slice(1);
  if (query.after) {
    const [at, id] = query.after.split('|') as [string, string];
    params.push(at, id);
    where.push(`(s.received_at, s.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const rows = (
    await q.query<QueueRow>(
      `SELECT s.id, s.kind, s.station_id, st.branch, s.participation_year, s.received_at, s.evaluation,
              to_char(s.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
              ARRAY(SELECT (m->>'measure')::int FROM jsonb_array_elements(s.payload->'measures') m) AS measures,
              c.account_id AS claimed_by
       FROM submissions s JOIN stations st ON st.station_id = s.station_id
       LEFT JOIN bo_claims c ON c.submission_id = s.id AND c.expires_at > $1
       WHERE ${where.join(' AND ')}
       ORDER BY s.received_at, s.id LIMIT $${params.length}`,
      params,
    )
  ).rows;
  // The count renumbers the filter parameters from $1 (it has no "now" and no cursor). It stops at
  // the cap: counting 100,000 rows would cost more than the page itself (bench/backoffice-queue).
  let n = 1;
  const countSql = filtered.map((w) => w.replace(/\$\d+/g, () => `$${n++}`)).join(' AND ');
  const counted =
    (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM submissions s JOIN stations st ON st.station_id = s.station_id WHERE ${countSql} LIMIT ${waitingCountCap + 1}) w`, countParams)).rows[0]?.n ?? 0;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const evaluation = Evaluation.parse(r.evaluation);
      return {
        id: r.id,
        kind: r.kind,
        stationId: r.station_id,
        branch: r.branch,
        participationYear: r.participation_year,
        receivedAt: iso(r.received_at),
        measures: r.measures ?? [],
        engine: evaluation.engine,
        findings: evaluation.findings,
        claimedBy: r.claimed_by,
      };
    }),
    next: rows.length > query.limit && last ? `${last.cursor_at}|${last.id}` : null,
    waiting: Math.min(counted, waitingCountCap),
    waitingMore: counted > waitingCountCap,
  };
}

/** The oldest waiting submission nobody else holds, after the one just decided: where the reviewer goes next. */
export async function nextUnclaimed(q: Queryable, accountId: string, now: Date): Promise<string | null> {
  const row = (
    await q.query<{ id: string }>(
      `SELECT s.id FROM submissions s
       WHERE ${waitingForReview} AND NOT EXISTS (SELECT 1 FROM bo_claims c WHERE c.submission_id = s.id AND c.expires_at > $1 AND c.account_id <> $2)
       ORDER BY s.received_at, s.id LIMIT 1`,
      [now, accountId],
    )
  ).rows[0];
  return row?.id ?? null;
}

import type { SubmissionUpload } from '../../main/contract/service-api';
import { berlinDateOf, type EvaluationCase, type MeasureRecord, type Payout, type RuleSet } from '../../main/domain';
import type { Queryable } from '../db/database';
import { isoDay } from '../routes/deps';
import { declarationsOf, measureRecordsOf } from '../rules/evaluate';

/**
 * One page of members, by KVNR after `afterKvnr`, with everything the rules engine needs for their
 * `year`, read in five set-based queries (never one per member), and turned into the engine's cases.
 * The rows are the service's own, checked when they arrived, so they are not validated again.
 *
 * What a member's year is made of: the participations on record (as for a submission on arrival),
 * the measures of every submission for that year as records, reviewed as the service decided
 * them — credited to the member from that submission: accepted; the submission still waiting:
 * pending; otherwise rejected — the premiums paid (§2.1) and an exclusion (§2.5). Credits seeded
 * through the admin endpoint without a submission carry no date and are not records.
 */
export interface MemberCase {
  kvnr: string;
  case: EvaluationCase;
}

interface MeasuresRow {
  id: string;
  kvnr: string;
  state: string;
  payload: Pick<SubmissionUpload, 'id' | 'measures' | 'fieldEventId'>;
}

function groupBy<T extends { kvnr: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.kvnr);
    if (list) list.push(row);
    else out.set(row.kvnr, [row]);
  }
  return out;
}

export async function loadMemberCases(q: Queryable, year: number, ruleSet: RuleSet, afterKvnr: string, limit: number): Promise<MemberCase[]> {
  const members = (await q.query<{ kvnr: string; birth_date: Date | string }>('SELECT kvnr, birth_date FROM members WHERE kvnr > $1 ORDER BY kvnr LIMIT $2', [afterKvnr, limit])).rows;
  if (members.length === 0) return [];
  const kvnrs = members.map((m) => m.kvnr);
  // One after another: a transaction is one connection (pg queues, and will refuse, overlapping queries).
  const participations = await q.query<{ kvnr: string; year: number; declared_at: Date }>('SELECT kvnr, year, declared_at FROM participations WHERE kvnr = ANY($1::text[])', [kvnrs]);
  const submissions = await q.query<MeasuresRow>(
      `SELECT id, kvnr, state, payload FROM submissions
       WHERE kvnr = ANY($1::text[]) AND participation_year = $2 AND kind <> 'payout-application' AND jsonb_array_length(payload->'measures') > 0`,
      [kvnrs, year],
    );
  const credited = await q.query<{ kvnr: string; measure: number; submission_id: string | null }>('SELECT kvnr, measure, submission_id FROM credited_measures WHERE kvnr = ANY($1::text[]) AND year = $2', [kvnrs, year]);
  const paid = await q.query<{ kvnr: string; year: number; amount_cents: number; submission_id: string; paid_at: Date }>('SELECT kvnr, year, amount_cents, submission_id, paid_at FROM bo_paid_years WHERE kvnr = ANY($1::text[])', [kvnrs]);
  const excluded = await q.query<{ kvnr: string; excluded_at: Date; excluded_by: string }>('SELECT kvnr, excluded_at, excluded_by FROM bo_exclusions WHERE kvnr = ANY($1::text[])', [kvnrs]);
  const declarationsBy = groupBy(participations.rows);
  const submissionsBy = groupBy(submissions.rows);
  const paidBy = groupBy(paid.rows);
  const exclusionBy = new Map(excluded.rows.map((r) => [r.kvnr, r]));
  // "<submission>:<measure>" of every credit that came from a submission.
  const creditedFrom = new Set(credited.rows.filter((r) => r.submission_id !== null).map((r) => `${r.submission_id}:${r.measure}`));

  return members.map((m) => {
    const ref = m.kvnr;
    const birthDate = isoDay(m.birth_date);
    const facts = { ref, birthDate, declarations: (declarationsBy.get(ref) ?? []).map((d) => ({ year: d.year, declaredAt: new Date(d.declared_at) })) };
    const records: MeasureRecord[] = [];
    for (const s of submissionsBy.get(ref) ?? []) {
      const review = (_: number, measure: number) => (creditedFrom.has(`${s.id}:${measure}`) ? 'accepted' : s.state === 'received' ? 'pending' : 'rejected');
      records.push(...(measureRecordsOf(s.payload, ref, review) as MeasureRecord[]));
    }
    const payouts: Payout[] = (paidBy.get(ref) ?? []).map((p) => ({ id: p.submission_id, year: p.year, amountCents: p.amount_cents, paidOn: berlinDateOf(new Date(p.paid_at).getTime()) }));
    const exclusion = exclusionBy.get(ref);
    // §2.5: the back office records the exclusion, not the hearing before it; the engine holds
    // the year's fields until a hearing is on record (nothing is earned meanwhile).
    const excludedOn = exclusion ? berlinDateOf(new Date(exclusion.excluded_at).getTime()) : null;
    const c: EvaluationCase = {
      participant: {
        ref,
        birthDate,
        memberships: [{ from: birthDate }],
        declarations: declarationsOf(facts, ruleSet) as EvaluationCase['participant']['declarations'],
        history: { checkUps: [], payouts },
        ...(excludedOn && exclusion ? { misuse: { exclusion: { excludedOn, decidedBy: exclusion.excluded_by } } } : {}),
      },
      year,
      records,
    };
    return { kvnr: ref, case: c };
  });
}

import { z } from 'zod';
import { Evaluation, FieldDecision, SubmissionUpload } from '../../../main/contract/service-api';
import { bookletOf, catalogFor, programFor } from '../../../main/domain';
import type { Queryable } from '../../db/database';
import { ApiFailure } from '../../http/errors';
import { iso, isoDay } from '../../routes/deps';
import type { SubmissionDetail } from '../api';

/**
 * The rules engine's findings per claimed measure ("measure.<n>.<verdict>.<reason>"), the rest per
 * submission. The engine sees only this submission's records, so a field the member already has
 * credited that year from another submission is added here: accepting it again pays nothing, and
 * the reviewer should not read "no objection" for it.
 */
export function verdictsOf(payload: SubmissionUpload, evaluation: Evaluation, creditedElsewhere: ReadonlySet<number> = new Set()): SubmissionDetail['verdicts'] {
  return payload.measures.map((m) => {
    const findings = evaluation.findings.filter((f) => f.startsWith(`measure.${m.measure}.`)).map((f) => f.split('.').slice(3).join('.') || f);
    if (creditedElsewhere.has(m.measure) && !findings.includes('already_fulfilled')) findings.push('already_fulfilled');
    return { measure: m.measure, verdict: findings.length > 0 ? 'finding' : 'ok', findings };
  });
}

/**
 * Everything a reviewer sees of one submission: what the station sent, the engine's verdict per
 * record, the evidence files, the member's booklet for that year (credited, in review, open),
 * who holds the claim and the decisions taken so far.
 */
export async function submissionDetail(q: Queryable, id: string, accountId: string, now: Date): Promise<SubmissionDetail> {
  const row = (
    await q.query<{ id: string; kind: SubmissionDetail['kind']; state: SubmissionDetail['state']; station_id: string; branch: string | null; received_at: Date; kvnr: string; participation_year: number; payload: unknown; evaluation: unknown }>(
      `SELECT s.id, s.kind, s.state, s.station_id, st.branch, s.received_at, s.kvnr, s.participation_year, s.payload, s.evaluation
       FROM submissions s JOIN stations st ON st.station_id = s.station_id WHERE s.id = $1`,
      [id],
    )
  ).rows[0];
  if (!row) throw new ApiFailure(404, 'not_found', 'No such submission');
  const payload = SubmissionUpload.parse(row.payload);
  const evaluation = Evaluation.parse(row.evaluation);
  const member = (await q.query<{ first_name: string; last_name: string; birth_date: Date | string }>('SELECT first_name, last_name, birth_date FROM members WHERE kvnr = $1', [row.kvnr])).rows[0];
  const year = row.participation_year;
  const participation = (await q.query<{ program: 'adult' | 'child' }>('SELECT program FROM participations WHERE kvnr = $1 AND year = $2', [row.kvnr, year])).rows[0];
  const creditedRows = (await q.query<{ measure: number; submission_id: string | null }>('SELECT measure, submission_id FROM credited_measures WHERE kvnr = $1 AND year = $2', [row.kvnr, year])).rows;
  const credited = new Set(creditedRows.map((r) => r.measure));
  const creditedElsewhere = new Set(creditedRows.filter((r) => r.submission_id !== row.id).map((r) => r.measure));
  const inReview = new Set(
    (
      await q.query<{ measure: number }>(
        `SELECT DISTINCT (m->>'measure')::int AS measure FROM submissions s, jsonb_array_elements(s.payload->'measures') m
         WHERE s.kvnr = $1 AND s.participation_year = $2 AND s.state = 'received'`,
        [row.kvnr, year],
      )
    ).rows.map((r) => r.measure),
  );
  const ruleSet = catalogFor(`${year}-12-31`);
  const program = participation?.program ?? (member ? programFor(isoDay(member.birth_date), `${year}-12-31`) : 'adult');
  const fields = ruleSet ? bookletOf(ruleSet, program).map((m) => ({ measure: m.number, state: credited.has(m.number) ? ('credited' as const) : inReview.has(m.number) ? ('in-review' as const) : ('open' as const) })) : [];
  const evidence = (
    await q.query<{ sha256: string; media_type: string; size: number }>(
      'SELECT b.sha256, b.media_type, b.size FROM submission_blobs sb JOIN blobs b ON b.sha256 = sb.sha256 WHERE sb.submission_id = $1 AND b.complete',
      [id],
    )
  ).rows;
  const claim = (await q.query<{ account_id: string; expires_at: Date }>('SELECT account_id, expires_at FROM bo_claims WHERE submission_id = $1 AND expires_at > $2', [id, now])).rows[0];
  const decisions = (
    await q.query<{ decision: string; reason: string | null; note: string | null; reviewer: string; decided_at: Date; fields: unknown }>(
      'SELECT decision, reason, note, reviewer, decided_at, fields FROM decisions WHERE submission_id = $1 ORDER BY seq',
      [id],
    )
  ).rows;
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    stationId: row.station_id,
    branch: row.branch,
    receivedAt: iso(row.received_at),
    createdAt: payload.createdAt,
    participationYear: year,
    member: { kvnr: row.kvnr, name: member ? `${member.first_name} ${member.last_name}` : null, birthDate: member ? isoDay(member.birth_date) : null },
    payload,
    evaluation,
    verdicts: verdictsOf(payload, evaluation, creditedElsewhere),
    booklet: { year, participating: participation !== undefined, fields },
    claim: claim ? { accountId: claim.account_id, expiresAt: iso(claim.expires_at), mine: claim.account_id === accountId } : null,
    evidence: evidence.map((e) => ({ sha256: e.sha256, mediaType: e.media_type, size: e.size })),
    decisions: decisions.map((d) => ({ decision: d.decision, reason: d.reason, note: d.note, reviewer: d.reviewer, decidedAt: iso(d.decided_at), fields: z.array(FieldDecision).parse(d.fields) })),
  };
}

import { catalogFor, claimFor, payoutFor } from '../../main/domain';
import type { Evaluation, SubmissionUpload } from '../../main/contract/service-api';
import { ApiFailure } from '../http/errors';
import type { Queryable } from '../db/database';

/**
 * A payout application from a station (§2.1, §2.3). The station sends no measures and its own
 * figure only for comparison: the service recomputes the payout from what it has credited to the
 * member for that year, with the shared rules (main/domain payoutFor), never from the station's sum.
 * `totalCents` is what will be paid: 0 when the application cannot be granted, with the reasons
 * as findings ("payout.awaiting-review", "payout.already-applied", …).
 */
export async function evaluatePayoutApplication(q: Queryable, body: SubmissionUpload, receivedAt: Date): Promise<Evaluation> {
  if (body.measures.length > 0) throw new ApiFailure(400, 'payout_with_measures', 'A payout application carries no measures; submit them separately', ['body.measures']);
  // Locks the member row: two applications for the same member cannot both pass the "once" check.
  const member = (await q.query<{ kvnr: string }>('SELECT kvnr FROM members WHERE kvnr = $1 FOR UPDATE', [body.member.kvnr])).rows[0];
  if (!member) return { engine: 'evaluated', ruleSetVersion: null, totalCents: null, findings: ['member.unknown'] };
  const year = body.participationYear;
  const ruleSet = catalogFor(`${year}-12-31`);
  if (!ruleSet) return { engine: 'unavailable', ruleSetVersion: null, totalCents: null, findings: ['rule-set.none-for-year'] };

  const participation = (await q.query<{ program: 'adult' | 'child' }>('SELECT program FROM participations WHERE kvnr = $1 AND year = $2', [member.kvnr, year])).rows[0];
  const credited = (await q.query<{ measure: number }>('SELECT measure FROM credited_measures WHERE kvnr = $1 AND year = $2', [member.kvnr, year])).rows.map((r) => r.measure);
  const pending = (
    await q.query<{ n: number }>(
      `SELECT coalesce(sum(jsonb_array_length(payload->'measures')), 0)::int AS n FROM submissions
       WHERE kvnr = $1 AND participation_year = $2 AND kind = 'measures' AND state = 'received'`,
      [member.kvnr, year],
    )
  ).rows[0]?.n ?? 0;
  const earlier = (
    await q.query(`SELECT 1 FROM submissions WHERE kvnr = $1 AND participation_year = $2 AND kind = 'payout-application' AND id <> $3 AND state <> 'rejected' LIMIT 1`, [member.kvnr, year, body.id])
  ).rows[0];

  // §2.1: what counts is when the member applied; a station's clock ahead of ours does not help.
  const appliedAtMs = Math.min(Date.parse(body.createdAt), receivedAt.getTime());
  const claim = claimFor({ year, ruleSet, asOfMs: receivedAt.getTime(), submittedAtMs: appliedAtMs, misuse: 'none' });
  const assessment = payoutFor({
    year,
    program: participation?.program ?? 'adult',
    ruleSet,
    fulfilled: credited,
    awaitingReview: pending,
    participating: participation !== undefined,
    claim: claim.status,
    alreadyApplied: earlier !== undefined,
    asOfMs: appliedAtMs,
  });
  const findings = assessment.blockers.map((b) => `payout.${b}`);
  if (assessment.eligible && assessment.yearState === 'running') findings.push('payout.early-request');
  if (body.stationClaim && body.stationClaim.totalCents !== assessment.amountCents) findings.push('station-claim.differs');
  return { engine: 'evaluated', ruleSetVersion: ruleSet.version, totalCents: assessment.eligible ? assessment.amountCents : 0, findings };
}

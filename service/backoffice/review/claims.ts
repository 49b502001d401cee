import type { Queryable } from '../../db/database';
import { ApiFailure } from '../../http/errors';

/**
 * Two reviewers never decide the same submission at once: a reviewer works on a submission while
 * holding its claim, a row in the database (so it holds across several service processes) that
 * expires by itself when the reviewer walks away. Taking a claim is one statement: it succeeds
 * for a free or expired claim or one the same person holds (and then extends it), else it
 * names who holds it. A decision consumes the claim in its own transaction.
 */
export const claimMinutes = 10;

export async function takeClaim(q: Queryable, submissionId: string, accountId: string, now: Date): Promise<{ accountId: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + claimMinutes * 60_000);
  const taken = (
    await q.query<{ account_id: string; expires_at: Date }>(
      `INSERT INTO bo_claims (submission_id, account_id, claimed_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (submission_id) DO UPDATE SET account_id = EXCLUDED.account_id, claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
       WHERE bo_claims.expires_at <= $3 OR bo_claims.account_id = EXCLUDED.account_id
       RETURNING account_id, expires_at`,
      [submissionId, accountId, now, expiresAt],
    )
  ).rows[0];
  if (taken) return { accountId: taken.account_id, expiresAt: new Date(taken.expires_at) };
  const holder = (await q.query<{ account_id: string; expires_at: Date }>('SELECT account_id, expires_at FROM bo_claims WHERE submission_id = $1', [submissionId])).rows[0];
  throw new ApiFailure(409, 'claimed', `In Bearbeitung durch ${holder?.account_id ?? 'eine andere Person'}`);
}

/** Ends the caller's live claim as part of a decision; without one the decision is refused. */
export async function consumeClaim(q: Queryable, submissionId: string, accountId: string, now: Date): Promise<void> {
  const gone = await q.query('DELETE FROM bo_claims WHERE submission_id = $1 AND account_id = $2 AND expires_at > $3 RETURNING submission_id', [submissionId, accountId, now]);
  if (gone.rowCount === 0) throw new ApiFailure(409, 'not_claimed', 'Open the submission again: your claim on it has expired or someone else holds it; nothing was decided');
}

export async function releaseClaim(q: Queryable, submissionId: string, accountId: string): Promise<void> {
  await q.query('DELETE FROM bo_claims WHERE submission_id = $1 AND account_id = $2', [submissionId, accountId]);
}

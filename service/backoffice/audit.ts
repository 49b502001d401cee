import type { Queryable } from '../db/database';

/**
 * The back office's audit trail: who did what to which subject, and when. Every action of a
 * signed-in person and every refusal (a failed sign-in, a forbidden page) is written here, in the
 * same transaction as the change where there is one, so a change without its entry cannot exist.
 */
export async function audit(q: Queryable, entry: { at: Date; accountId: string | null; action: string; subject?: string | null; detail?: Record<string, unknown> }): Promise<void> {
  await q.query('INSERT INTO bo_audit (at, account_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.at,
    entry.accountId,
    entry.action,
    entry.subject ?? null,
    JSON.stringify(entry.detail ?? {}),
  ]);
}

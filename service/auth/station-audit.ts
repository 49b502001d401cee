import type { Queryable } from '../db/database';

/**
 * The service's trail of what stations did that someone may have to answer for: calls refused
 * for the station's mode, every member search with the staff member the station signed into it,
 * second-factor failures and lockouts. Append-only; written in the transaction of the change
 * where there is one. Subjects are ids (a KVNR, a path), never names or answers.
 */
export async function stationAudit(
  q: Queryable,
  entry: { at: Date; stationId: string; staffId?: string | null; action: string; subject?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await q.query('INSERT INTO station_audit (at, station_id, staff_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    entry.at,
    entry.stationId,
    entry.staffId ?? null,
    entry.action,
    entry.subject ?? null,
    JSON.stringify(entry.detail ?? {}),
  ]);
}

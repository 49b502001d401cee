import type { Database } from 'better-sqlite3-multiple-ciphers';

/** A payout application made at this station (migration's payout_application table). */
export interface PayoutApplicationRow {
  submissionId: string;
  memberRef: string;
  year: number;
  amountCents: number;
  createdAt: string;
}

export function insertPayoutApplication(db: Database, row: PayoutApplicationRow): void {
  db.prepare('INSERT INTO payout_application (submission_id, member_ref, year, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)').run(row.submissionId, row.memberRef, row.year, row.amountCents, row.createdAt);
}

/** The member's application for a year, if this station took one. */
export function payoutApplicationOf(db: Database, memberRef: string, year: number): PayoutApplicationRow | null {
  const row = db.prepare('SELECT submission_id AS submissionId, member_ref AS memberRef, year, amount_cents AS amountCents, created_at AS createdAt FROM payout_application WHERE member_ref = ? AND year = ?').get(memberRef, year) as
    | PayoutApplicationRow
    | undefined;
  return row ?? null;
}

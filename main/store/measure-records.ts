import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MeasureRecord } from '../domain';

/** The member's submitted measures at this station, as the rules engine reads them. */
export function recordsOf(db: Database, memberRef: string, year: number): MeasureRecord[] {
  const rows = db
    .prepare(
      'SELECT id, measure, performed_on AS date, evidence, review, measured_value AS value, measured_unit AS unit, statement FROM measure_record WHERE member_ref = ? AND performed_on BETWEEN ? AND ? ORDER BY performed_on',
    )
    .all(memberRef, `${year}-01-01`, `${year}-12-31`) as {
    id: string;
    measure: number;
    date: string;
    evidence: MeasureRecord['evidence'];
    review: MeasureRecord['review'];
    value: number | null;
    unit: string | null;
    statement: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    participantRef: memberRef,
    measure: r.measure,
    date: r.date,
    evidence: r.evidence,
    review: r.review,
    ...(r.value !== null && r.unit !== null ? { measuredValue: { value: r.value, unit: r.unit } } : {}),
    ...(r.statement !== null ? { statement: r.statement } : {}),
  }));
}

/** Booklet stamps booked by a clerk: one record per stamp, each on its own date, waiting for the insurer's review. */
export function insertStampRecords(db: Database, input: { memberRef: string; submissionId: string; stamps: { measure: number; performedOn: string }[]; at: string }): void {
  const insert = db.prepare("INSERT INTO measure_record (id, member_ref, submission_id, measure, performed_on, evidence, review, created_at) VALUES (?, ?, ?, ?, ?, 'booklet_stamp', 'pending', ?)");
  for (const s of input.stamps) insert.run(randomUUID(), input.memberRef, input.submissionId, s.measure, s.performedOn, input.at);
}

/** The ids of the records a submission wrote. */
export function recordIdsOf(db: Database, submissionId: string): string[] {
  return db.prepare('SELECT id FROM measure_record WHERE submission_id = ?').pluck().all(submissionId) as string[];
}

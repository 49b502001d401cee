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

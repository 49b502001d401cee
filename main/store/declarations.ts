import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Declaration } from '../domain';

export interface DeclarationRow {
  id: string;
  memberRef: string;
  year: number;
  declaredAt: string;
  declaredOn: string;
  channel: 'kiosk' | 'clerk' | 'field';
  stationId: string;
  declaredByRole: 'self' | 'legal_representative';
  declaredByRef: string;
  termsVersion: string;
  submissionId: string;
}

/** Participation declarations made at this station, in the rules engine's shape. */
export class DeclarationStore {
  constructor(private readonly db: Database) {}

  insert(row: DeclarationRow): void {
    this.db
      .prepare(
        `INSERT INTO participation_declaration (id, member_ref, year, declared_at, declared_on, channel, station_id, declared_by_role, declared_by_ref, consent_sgbv284, terms_version, submission_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(row.id, row.memberRef, row.year, row.declaredAt, row.declaredOn, row.channel, row.stationId, row.declaredByRole, row.declaredByRef, row.termsVersion, row.submissionId);
  }

  forMember(memberRef: string): Declaration[] {
    const rows = this.db
      .prepare('SELECT year, declared_on AS declaredOn, declared_at AS declaredAt, channel, declared_by_role AS role, declared_by_ref AS personRef, terms_version AS termsVersion FROM participation_declaration WHERE member_ref = ? ORDER BY year')
      .all(memberRef) as { year: number; declaredOn: string; declaredAt: string; channel: Declaration['channel']; role: 'self' | 'legal_representative'; personRef: string; termsVersion: string }[];
    return rows.map((r) => ({
      year: r.year,
      declaredOn: r.declaredOn,
      declaredAt: r.declaredAt,
      channel: r.channel,
      declaredBy: { role: r.role, personRef: r.personRef },
      consentSgbV284: true,
      termsVersion: r.termsVersion,
    }));
  }
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { KioskArchiveEntry } from '../contract';
import { FieldDecision } from '../contract/service-api';
import { catalogFor, measureOf, type RuleSet } from '../domain';
import { referenceFor } from '../sync/receipt-reference';

interface Row {
  submission: string;
  measure: number;
  performedOn: string;
  kind: string;
  review: 'pending' | 'accepted' | 'rejected';
  createdAt: string;
  delivery: 'pending' | 'acknowledged' | 'failed' | null;
}

/**
 * The member's archive at this station: every measure they submitted here (the kiosk's own
 * records), with the insurer's decision where one came back, in the catalog's categories. The
 * insurer's own records elsewhere show on the booklet (credited fields), not here.
 */
export function archiveOf(db: Database, memberRef: string, ruleSets?: readonly RuleSet[]): KioskArchiveEntry[] {
  const rows = db
    .prepare(
      `SELECT r.submission_id AS submission, r.measure, r.performed_on AS performedOn, r.evidence AS kind, r.review, r.created_at AS createdAt, o.state AS delivery
       FROM measure_record r LEFT JOIN sync_outbox o ON o.submission_id = r.submission_id
       WHERE r.member_ref = ? ORDER BY r.created_at DESC, r.measure`,
    )
    .all(memberRef) as Row[];
  const decisions = db.prepare('SELECT reason, fields FROM sync_decisions WHERE submission_id = ? ORDER BY seq DESC');
  return rows.flatMap((row): KioskArchiveEntry[] => {
    const ruleSet = catalogFor(row.performedOn, ruleSets);
    const measure = ruleSet ? measureOf(ruleSet, row.measure) : undefined;
    if (!measure) return [];
    let reason: string | null = null;
    if (row.review === 'rejected') {
      for (const d of decisions.all(row.submission) as { reason: string | null; fields: string }[]) {
        reason = z.array(FieldDecision).parse(JSON.parse(d.fields)).find((f) => f.measure === row.measure)?.reason ?? d.reason;
        if (reason) break;
      }
    }
    const state = row.review === 'accepted' ? 'accepted' : row.review === 'rejected' ? 'rejected' : row.delivery === 'failed' ? 'set-aside' : row.delivery === 'acknowledged' ? 'in-review' : 'waiting';
    return [{ reference: referenceFor(row.submission), measure: row.measure, category: measure.category, title: measure.title, performedOn: row.performedOn, submittedAt: row.createdAt, kind: row.kind, state, reason }];
  });
}

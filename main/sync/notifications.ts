import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { Decision } from '../contract/service-api';
import { FieldDecision } from '../contract/service-api';
import { knownRuleSets, measureOf } from '../domain';
import { memberRef } from './outbox';

export interface DecisionNotification {
  seq: number;
  submissionId: string;
  decision: Decision['decision'];
  /** German text for the member at the kiosk, e.g. "Ihr Nachweis für Zahnvorsorge wurde anerkannt." */
  text: string;
  /** Titles of the fields accepted and rejected, for wording it in the member's language. */
  accepted: { de: string; en: string }[];
  rejected: { de: string; en: string }[];
  reason: string | null;
}

function localizedTitle(measure: number): { de: string; en: string } {
  const ruleSet = knownRuleSets.at(-1);
  return (ruleSet && measureOf(ruleSet, measure)?.title) ?? { de: `Maßnahme ${measure}`, en: `Measure ${measure}` };
}

function measureTitle(measure: number): string {
  return localizedTitle(measure).de;
}

/**
 * Which claimed fields a decision accepts and rejects, as the service credits them: "accepted"
 * takes every field not rejected singly; otherwise only the fields accepted singly count.
 */
export function fieldOutcomes(decision: Pick<Decision, 'decision' | 'fields'>, claimed: number[]): { accepted: number[]; rejected: number[] } {
  const single = new Map(decision.fields.map((f) => [f.measure, f.decision]));
  const measures = [...new Set([...claimed, ...single.keys()])].sort((a, b) => a - b);
  const accepted = measures.filter((m) => (decision.decision === 'accepted' ? single.get(m) !== 'rejected' : single.get(m) === 'accepted'));
  return { accepted, rejected: measures.filter((m) => !accepted.includes(m)) };
}

export function notificationText(decision: Pick<Decision, 'decision' | 'reason' | 'fields'>, measures: number[]): string {
  const titles = (list: number[]) => list.map(measureTitle).join(', ');
  const accepted = decision.fields.filter((f) => f.decision === 'accepted').map((f) => f.measure);
  const rejected = decision.fields.filter((f) => f.decision === 'rejected').map((f) => f.measure);
  const reason = decision.reason ? ` Grund: ${decision.reason}` : '';
  switch (decision.decision) {
    case 'accepted':
      return `Ihr Nachweis für ${titles(measures)} wurde anerkannt.`;
    case 'rejected':
      return `Ihr Nachweis für ${titles(measures)} wurde nicht anerkannt.${reason}`;
    case 'partially-accepted':
      return `Ihr Nachweis für ${titles(accepted)} wurde anerkannt, für ${titles(rejected)} nicht.${reason}`;
  }
}

/**
 * Stores pulled decisions with the member reference of their submission, for the next card
 * session, and sets the review state of the booklet records that submission created: the
 * kiosk's overview then shows the fields accepted or rejected.
 */
export function storeDecisions(db: Database, decisions: Decision[]): void {
  const insert = db.prepare(
    `INSERT INTO sync_decisions (seq, submission_id, member_ref, decision, reason, fields, decided_at)
     VALUES (?, ?, (SELECT member_ref FROM sync_outbox WHERE submission_id = ?), ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`,
  );
  const records = db.prepare('SELECT measure FROM measure_record WHERE submission_id = ?');
  const review = db.prepare('UPDATE measure_record SET review = ? WHERE submission_id = ? AND measure = ?');
  db.transaction(() => {
    for (const d of decisions) {
      if (insert.run(d.seq, d.submissionId, d.submissionId, d.decision, d.reason, JSON.stringify(d.fields), d.decidedAt).changes === 0) continue;
      const claimed = (records.all(d.submissionId) as { measure: number }[]).map((r) => r.measure);
      const outcome = fieldOutcomes(d, claimed);
      for (const m of outcome.accepted) review.run('accepted', d.submissionId, m);
      for (const m of outcome.rejected) review.run('rejected', d.submissionId, m);
    }
  })();
}

/** The reviewer's reason per rejected field of the member's records in a year (the field's own reason first). */
export function rejectionReasons(db: Database, memberRef: string, year: number): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT r.measure, d.reason, d.fields FROM measure_record r JOIN sync_decisions d ON d.submission_id = r.submission_id
       WHERE r.member_ref = ? AND r.review = 'rejected' AND r.performed_on BETWEEN ? AND ? ORDER BY d.seq`,
    )
    .all(memberRef, `${year}-01-01`, `${year}-12-31`) as { measure: number; reason: string | null; fields: string }[];
  const reasons = new Map<number, string>();
  for (const row of rows) {
    const own = z.array(FieldDecision).parse(JSON.parse(row.fields)).find((f) => f.measure === row.measure)?.reason;
    const reason = own ?? row.reason;
    if (reason) reasons.set(row.measure, reason);
  }
  return reasons;
}

/**
 * Decisions not yet shown to the member whose card was just read; marks them shown. The
 * measures named are those the submission claimed (kept after the payload is purged).
 */
export function takeNotifications(db: Database, kvnr: string, now: Date = new Date()): DecisionNotification[] {
  const ref = memberRef(db, kvnr);
  return db.transaction(() => {
    const rows = db.prepare('SELECT seq, submission_id, decision, reason, fields FROM sync_decisions WHERE member_ref = ? AND shown_at IS NULL ORDER BY seq').all(ref) as {
      seq: number;
      submission_id: string;
      decision: Decision['decision'];
      reason: string | null;
      fields: string;
    }[];
    db.prepare('UPDATE sync_decisions SET shown_at = ? WHERE member_ref = ? AND shown_at IS NULL').run(now.toISOString(), ref);
    return rows.map((r) => {
      const fields = z.array(FieldDecision).parse(JSON.parse(r.fields));
      const queued = db.prepare('SELECT measures FROM sync_outbox WHERE submission_id = ?').get(r.submission_id) as { measures: string } | undefined;
      const claimed = queued ? z.array(z.number().int()).parse(JSON.parse(queued.measures)) : fields.map((f) => f.measure);
      const outcome = fieldOutcomes({ decision: r.decision, fields }, claimed);
      return {
        seq: r.seq,
        submissionId: r.submission_id,
        decision: r.decision,
        text: notificationText({ decision: r.decision, reason: r.reason, fields }, claimed),
        accepted: outcome.accepted.map(localizedTitle),
        rejected: outcome.rejected.map(localizedTitle),
        reason: r.reason ?? fields.find((f) => f.decision === 'rejected' && f.reason)?.reason ?? null,
      };
    });
  })();
}

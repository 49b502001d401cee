import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { Decision} from '../contract/service-api';
import { FieldDecision } from '../contract/service-api';
import { knownRuleSets, measureOf } from '../domain';
import { memberRef } from './outbox';

export interface DecisionNotification {
  seq: number;
  submissionId: string;
  decision: Decision['decision'];
  /** German text for the member at the kiosk, e.g. "Ihr Nachweis für Zahnvorsorge wurde anerkannt." */
  text: string;
}

function measureTitle(measure: number): string {
  const ruleSet = knownRuleSets.at(-1);
  return (ruleSet && measureOf(ruleSet, measure)?.title.de) ?? `Maßnahme ${measure}`;
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

/** Stores pulled decisions with the member reference of their submission, for the next card session. */
export function storeDecisions(db: Database, decisions: Decision[]): void {
  const insert = db.prepare(
    `INSERT INTO sync_decisions (seq, submission_id, member_ref, decision, reason, fields, decided_at)
     VALUES (?, ?, (SELECT member_ref FROM sync_outbox WHERE submission_id = ?), ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`,
  );
  for (const d of decisions) insert.run(d.seq, d.submissionId, d.submissionId, d.decision, d.reason, JSON.stringify(d.fields), d.decidedAt);
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
      return { seq: r.seq, submissionId: r.submission_id, decision: r.decision, text: notificationText({ decision: r.decision, reason: r.reason, fields }, claimed) };
    });
  })();
}

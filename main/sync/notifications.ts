import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { evidenceWording } from '../contract/kiosk';
import type { Decision } from '../contract/service-api';
import { FieldDecision, SubmissionReceipt, SubmissionUpload } from '../contract/service-api';
import { knownRuleSets, measureOf } from '../domain';
import { memberRef } from './outbox';

/** What a decision is about, found from the station's own records of the submission. */
export type DecisionSubject = { about: 'evidence'; year: null; amountCents: null } | { about: 'payout'; year: number; amountCents: number | null } | { about: 'participation'; year: number; amountCents: null };

const evidenceSubject: DecisionSubject = { about: 'evidence', year: null, amountCents: null };

export interface DecisionNotification {
  seq: number;
  submissionId: string;
  about: DecisionSubject['about'];
  /** Participation year of a payout application or declaration; null for evidence. */
  year: number | null;
  /** A payout: what the service computed on receipt (cents), null when unknown or nothing. */
  amountCents: number | null;
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

function euros(cents: number): string {
  return new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/**
 * The German notice for the member (the kiosk renderer words the same cases from its locales,
 * kiosk.decision.*). A payout application or a declaration has its own wording; evidence names
 * its fields, and never with an empty list: without field titles it speaks of the submission.
 */
export function notificationText(decision: Pick<Decision, 'decision' | 'reason' | 'fields'>, measures: number[], subject: DecisionSubject = evidenceSubject): string {
  const reason = decision.reason ? ` Grund: ${decision.reason}` : '';
  if (subject.about === 'payout') {
    if (decision.decision === 'rejected') return `Ihr Antrag auf Auszahlung für ${subject.year} wurde abgelehnt.${reason}`;
    if (decision.decision === 'partially-accepted') return `Ihr Antrag auf Auszahlung für ${subject.year} wurde teilweise bewilligt.${reason}`;
    return subject.amountCents !== null ? `Ihr Antrag auf Auszahlung für ${subject.year} wurde bewilligt: ${euros(subject.amountCents)}.` : `Ihr Antrag auf Auszahlung für ${subject.year} wurde bewilligt.`;
  }
  if (subject.about === 'participation') {
    // Only a rejection withdraws a declaration at the service (service/routes/review.ts).
    if (decision.decision === 'rejected') return `Ihre Teilnahmeerklärung für ${subject.year} wurde nicht anerkannt.${reason}`;
    return `Ihre Teilnahme für ${subject.year} ist bestätigt.`;
  }
  const titles = (list: number[]) => list.map(measureTitle).join(', ');
  const { accepted, rejected } = fieldOutcomes(decision, measures);
  const wording = evidenceWording(decision.decision, accepted.length, rejected.length);
  if (wording === 'partially-accepted') return `Ihr Nachweis für ${titles(accepted)} wurde anerkannt, für ${titles(rejected)} nicht.${reason}`;
  if (wording === 'accepted') return `Ihr Nachweis für ${titles(accepted)} wurde anerkannt.`;
  if (wording === 'rejected') return `Ihr Nachweis für ${titles(rejected)} wurde nicht anerkannt.${reason}`;
  return wording === 'submission-accepted' ? 'Ihre Einreichung wurde anerkannt.' : `Ihre Einreichung wurde nicht anerkannt.${reason}`;
}

/** The station's outbox row of a decided submission (payload and receipt may be purged already). */
interface QueuedSubmission {
  measures: string;
  payload: string | null;
  receipt: string | null;
}

/**
 * What a decision is about, from what this station recorded when it queued the submission: its
 * payout applications and participation declarations (kept after the payload is purged), else
 * the payload while it is still there. A granted payout's amount is the service's, from the receipt.
 */
function decisionSubject(db: Database, submissionId: string, queued: QueuedSubmission | undefined): DecisionSubject {
  const payout = db.prepare('SELECT year FROM payout_application WHERE submission_id = ?').get(submissionId) as { year: number } | undefined;
  const payload = queued?.payload ? SubmissionUpload.safeParse(JSON.parse(queued.payload)) : undefined;
  const kind = payload?.success ? payload.data.kind : undefined;
  if (payout || kind === 'payout-application') {
    const receipt = queued?.receipt ? SubmissionReceipt.safeParse(JSON.parse(queued.receipt)) : undefined;
    const total = receipt?.success ? receipt.data.evaluation.totalCents : null;
    return { about: 'payout', year: payout?.year ?? (payload?.success ? payload.data.participationYear : 0), amountCents: total !== null && total > 0 ? total : null };
  }
  const declared = db.prepare('SELECT year FROM participation_declaration WHERE submission_id = ?').get(submissionId) as { year: number } | undefined;
  if (declared) return { about: 'participation', year: declared.year, amountCents: null };
  if (kind === 'participation' && payload?.success) return { about: 'participation', year: payload.data.participationYear, amountCents: null };
  return evidenceSubject;
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
      const queued = db.prepare('SELECT measures, payload, receipt FROM sync_outbox WHERE submission_id = ?').get(r.submission_id) as QueuedSubmission | undefined;
      const claimed = queued ? z.array(z.number().int()).parse(JSON.parse(queued.measures)) : fields.map((f) => f.measure);
      const outcome = fieldOutcomes({ decision: r.decision, fields }, claimed);
      const subject = decisionSubject(db, r.submission_id, queued);
      return {
        seq: r.seq,
        submissionId: r.submission_id,
        ...subject,
        decision: r.decision,
        text: notificationText({ decision: r.decision, reason: r.reason, fields }, claimed, subject),
        accepted: outcome.accepted.map(localizedTitle),
        rejected: outcome.rejected.map(localizedTitle),
        reason: r.reason ?? fields.find((f) => f.decision === 'rejected' && f.reason)?.reason ?? null,
      };
    });
  })();
}

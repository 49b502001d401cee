import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { KioskReceipt } from '../contract';
import { appendAudit } from '../store/audit-log';
import { enqueueSubmission, type EvidenceBlob } from '../sync/outbox';
import { referenceFor } from '../sync/receipt-reference';
import type { MemberFacts } from './booklet-view';
import type { EvidenceDraft } from './evidence-drafts';
import { qrModules } from '../imaging/booklet/qr-matrix';

/**
 * The service's wire names for the kinds of proof the kiosk captures. (The wire contract and
 * the rules engine name them differently; one vocabulary for both is left to the sync work.)
 */
const wireKind = {
  certificate_photo: 'photo',
  dated_self_declaration: 'dated-self-declaration',
  signed_declaration: 'signed-declaration',
  measured_value: 'measured-value',
  booklet_stamp: 'booklet-stamp',
} as const;
type KioskKind = keyof typeof wireKind;
type SubmissionKind = (typeof wireKind)[KioskKind] | 'scan';
const isKioskKind = (kind: string): kind is KioskKind => Object.hasOwn(wireKind, kind);
function wireKindOf(kind: EvidenceDraft['kind']): (typeof wireKind)[KioskKind] {
  if (!isKioskKind(kind)) throw new Error(`The kiosk does not capture ${kind}`);
  return wireKind[kind];
}

/** What an entry states beyond its kind, on the wire: the value with its unit, the statement and how it was signed. */
function detailsOf(draft: EvidenceDraft): { measuredValue?: { value: number; unit: string }; statement?: string; note?: string; booklet?: { id: string; page: number } } {
  return {
    ...(draft.booklet ? { booklet: draft.booklet } : {}),
    ...(draft.measuredValue ? { measuredValue: draft.measuredValue } : {}),
    ...(draft.statement ? { statement: draft.statement } : {}),
    ...(draft.signedBy === 'typed-name' ? { note: 'signed by typing the name as on the card' } : {}),
  };
}

/** "H. M." — the most a printed receipt shows of the person. */
export function initialsOf(member: MemberFacts): string {
  return [member.person.firstName, member.person.lastName].map((n) => `${n.trim().charAt(0).toUpperCase()}.`).join(' ');
}

/**
 * Submits the session's drafts: the measure records for the booklet and the submission with
 * its evidence in the sync outbox, in one transaction, so a crash leaves all or nothing.
 */
export function submitDrafts(db: Database, input: { member: MemberFacts; drafts: EvidenceDraft[]; year: number; now: Date }): KioskReceipt {
  const { member, drafts, year, now } = input;
  const submissionId = randomUUID();
  const blobs: EvidenceBlob[] = [];
  const measures = drafts.map((draft) => ({
    measure: draft.measure,
    performedOn: draft.performedOn,
    evidence:
      draft.pages.length === 0
        ? [{ kind: wireKindOf(draft.kind), ...detailsOf(draft) }]
        : draft.pages.map((page, i) => {
            blobs.push({ data: page, mediaType: draft.mediaType });
            // A booklet stamp: the field's crop is the stamp, the page after it the scan it was read from.
            const kind: SubmissionKind = draft.booklet && i > 0 ? 'scan' : wireKindOf(draft.kind);
            return { kind, blob: { sha256: createHash('sha256').update(page).digest('hex'), size: page.length, mediaType: draft.mediaType }, ...detailsOf(draft) };
          }),
  }));
  const at = now.toISOString();
  db.transaction(() => {
    const insert = db.prepare(
      "INSERT INTO measure_record (id, member_ref, submission_id, measure, performed_on, evidence, review, created_at, measured_value, measured_unit, statement) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
    );
    for (const draft of drafts) {
      insert.run(randomUUID(), member.memberRef, submissionId, draft.measure, draft.performedOn, draft.kind, at, draft.measuredValue?.value ?? null, draft.measuredValue?.unit ?? null, draft.statement ?? null);
    }
    enqueueSubmission(db, { id: submissionId, kind: 'measures', createdAt: at, participationYear: year, member: { kvnr: member.person.kvnr, ...(member.card ? { cardNumber: member.card.iccsn } : {}) }, measures }, blobs, now);
    appendAudit(db, { actor: 'member', action: 'kiosk.submission.create', subject: `submission:${submissionId}`, detail: `measures=${drafts.map((d) => d.measure).join(',')}` }, now);
  })();
  const reference = referenceFor(submissionId);
  return {
    reference,
    submittedAt: at,
    year,
    measures: drafts.map((d) => d.measure).sort((a, b) => a - b),
    initials: initialsOf(member),
    qr: qrModules(reference).map((row) => row.map((dark) => (dark ? '1' : '0')).join('')),
  };
}

import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { KioskReceipt } from '../contract';
import type { MeasureRecord } from '../domain';
import { appendAudit } from '../store/audit-log';
import { enqueueSubmission, type EvidenceBlob } from '../sync/outbox';
import type { MemberFacts } from './booklet-view';
import type { EvidenceDraft } from './evidence-drafts';
import { qrModules } from '../imaging/booklet/qr-matrix';

/**
 * The service's wire names for the kinds of proof the kiosk captures. (The wire contract and
 * the rules engine name them differently; one vocabulary for both is left to the sync work.)
 */
const wireKind = { certificate_photo: 'photo', dated_self_declaration: 'dated-self-declaration', signed_declaration: 'signed-declaration', measured_value: 'measured-value' } as const;
type KioskKind = keyof typeof wireKind;
const isKioskKind = (kind: string): kind is KioskKind => Object.hasOwn(wireKind, kind);
function wireKindOf(kind: EvidenceDraft['kind']): (typeof wireKind)[KioskKind] {
  if (!isKioskKind(kind)) throw new Error(`The kiosk does not capture ${kind}`);
  return wireKind[kind];
}

/** What an entry states beyond its kind, on the wire: the value with its unit, the statement and how it was signed. */
function detailsOf(draft: EvidenceDraft): { measuredValue?: { value: number; unit: string }; statement?: string; note?: string } {
  return {
    ...(draft.measuredValue ? { measuredValue: draft.measuredValue } : {}),
    ...(draft.statement ? { statement: draft.statement } : {}),
    ...(draft.signedBy === 'typed-name' ? { note: 'signed by typing the name as on the card' } : {}),
  };
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A reference a member can read out on the phone: "BA-" and 8 characters without I, L, O, U. */
export function referenceFor(submissionId: string): string {
  const bytes = Buffer.from(submissionId.replace(/-/g, ''), 'hex');
  let bits = 0n;
  for (const byte of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i++) code = crockford[Number((bits >> BigInt(i * 5)) & 31n)] + code;
  return `BA-${code.slice(0, 4)}-${code.slice(4)}`;
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
        : draft.pages.map((page) => {
            blobs.push({ data: page, mediaType: draft.mediaType });
            return { kind: wireKindOf(draft.kind), blob: { sha256: createHash('sha256').update(page).digest('hex'), size: page.length, mediaType: draft.mediaType }, ...detailsOf(draft) };
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

import { z } from 'zod';
import { ApiError, CardNumber, IsoDate, IsoDateTime, Kvnr, MeasureNumber, Sha256Hex, StationId, Year } from './common';
import { BlobMediaType } from './blobs';
import { BookletIdParam } from './booklets';
import { StaffId } from '../staff';

/**
 * Submissions (a station's captures), the service's evaluation and receipts, the review
 * decisions fed back to the stations, and the catalogs the service evaluates with.
 */

export const evidenceKinds = ['photo', 'scan', 'booklet-stamp', 'digital-entry', 'signed-declaration', 'measured-value', 'dated-self-declaration', 'event-confirmation'] as const;

export const EvidenceRef = z
  .object({
    kind: z.enum(evidenceKinds),
    /** Absent for evidence without a file (a digital entry, a confirmation at a field event). */
    blob: z.object({ sha256: Sha256Hex, size: z.number().int().positive(), mediaType: BlobMediaType }).strict().optional(),
    note: z.string().max(500).optional(),
    /** A measured value (e.g. BMI) in the catalog's unit, for the rules engine's range check. */
    measuredValue: z.object({ value: z.number().finite(), unit: z.string().min(1).max(32) }).strict().optional(),
    /** The catalog's code of a signed statement (e.g. non_smoker_12_months). */
    statement: z.string().min(1).max(64).optional(),
    /**
     * A stamp read from a printed booklet at the kiosk: which booklet and page. The service
     * checks the booklet belongs to the submission's member and pays a booklet's field once.
     */
    booklet: z.object({ id: BookletIdParam, page: z.number().int().min(1).max(99) }).strict().optional(),
  })
  .strict();

export const MeasureClaim = z
  .object({
    measure: MeasureNumber,
    performedOn: IsoDate,
    evidence: z.array(EvidenceRef).max(20),
  })
  .strict();

export const submissionKinds = ['measures', 'participation', 'field-checkin', 'payout-application'] as const;

/**
 * How the station knew the member was there when it captured a submission (trust model,
 * docs/security.md): `card`: the eGK was in the reader, with the card number (ICCSN) as read and,
 * when the card was not the member's own, whose it was (a parent opening a child's booklet from
 * the family list); `app-code`: the member showed the insurer's app's signed check-in code at a
 * field desk (the code as scanned); `staff-entry`: staff typed KVNR and birth date, no proof.
 * `readAt` is the station's time of the card read or code scan. The record travels in the signed
 * delivery; the service checks it against the insurer's records and its own clock.
 */
export const Capture = z.discriminatedUnion('method', [
  z.object({ method: z.literal('card'), readAt: IsoDateTime, cardNumber: CardNumber, holderKvnr: Kvnr.optional() }).strict(),
  z.object({ method: z.literal('app-code'), readAt: IsoDateTime, code: z.string().min(1).max(1000) }).strict(),
  z.object({ method: z.literal('staff-entry'), readAt: IsoDateTime, staffId: StaffId }).strict(),
]);
export type Capture = z.infer<typeof Capture>;

export const SubmissionUpload = z
  .object({
    id: z.uuid(),
    kind: z.enum(submissionKinds),
    createdAt: IsoDateTime,
    participationYear: Year,
    member: z.object({ kvnr: Kvnr, cardNumber: CardNumber.optional() }).strict(),
    ruleSetVersion: z.string().min(1).max(64).optional(),
    fieldEventId: z.string().min(1).max(64).optional(),
    /**
     * A participation declaration (kind 'participation'): who declared, §1 — for a child under 15
     * the legal representative. Absent means the member themself.
     */
    declaredBy: z.enum(['self', 'legal_representative']).optional(),
    measures: z.array(MeasureClaim).max(40),
    /** What the station computed, kept for comparison only: the service recomputes the amount itself. */
    stationClaim: z.object({ totalCents: z.number().int().nonnegative() }).strict().optional(),
    /** Proof the member was present (kiosk and field desk); without it a declaration goes to review. */
    capture: Capture.optional(),
  })
  .strict();
export type SubmissionUpload = z.infer<typeof SubmissionUpload>;

export const submissionStates = ['received', 'accepted', 'rejected', 'partially-accepted'] as const;
export const Evaluation = z.object({
  engine: z.enum(['evaluated', 'unavailable']),
  ruleSetVersion: z.string().max(4096).nullable(),
  totalCents: z.number().int().nullable(),
  /** Codes the rules engine gave, e.g. "measure.outside-participation-year". */
  findings: z.array(z.string().max(4096)),
});
export type Evaluation = z.infer<typeof Evaluation>;

export const SubmissionReceipt = z.object({
  id: z.uuid(),
  state: z.enum(submissionStates),
  receivedAt: IsoDateTime,
  evaluation: Evaluation,
});
export type SubmissionReceipt = z.infer<typeof SubmissionReceipt>;

/** Several submissions in one request, each applied on its own as by PUT /v1/submissions/{id}. */
export const maxSubmissionBatch = 100;
export const SubmissionBatch = z.object({ submissions: z.array(SubmissionUpload).min(1).max(maxSubmissionBatch) }).strict();
export type SubmissionBatch = z.infer<typeof SubmissionBatch>;
/** One answer per submission, in the request's order: its receipt, or the error PUT would have given. */
export const SubmissionBatchItem = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.uuid(), receipt: SubmissionReceipt }),
  z.object({ ok: z.literal(false), id: z.uuid(), status: z.number().int().min(400).max(599), error: ApiError.shape.error }),
]);
export type SubmissionBatchItem = z.infer<typeof SubmissionBatchItem>;
export const SubmissionBatchResult = z.object({ results: z.array(SubmissionBatchItem) });
export type SubmissionBatchResult = z.infer<typeof SubmissionBatchResult>;

// ---------------------------------------------------------------- decisions (review → station)

export const FieldDecision = z.object({ measure: MeasureNumber, decision: z.enum(['accepted', 'rejected']), reason: z.string().max(500).nullable() }).strict();
export const ReviewDecisionRequest = z
  .object({
    decision: z.enum(['accepted', 'rejected', 'partially-accepted']),
    reason: z.string().min(1).max(500).optional(),
    fields: z.array(FieldDecision).max(40).default([]),
    reviewer: z.string().max(4096).regex(/^[A-Za-z0-9._-]{1,64}$/),
  })
  .strict()
  .refine((d) => d.decision === 'accepted' || d.reason !== undefined, { message: 'a rejection needs a reason', path: ['reason'] });

export const Decision = z.object({
  seq: z.number().int().positive(),
  submissionId: z.uuid(),
  decision: z.enum(['accepted', 'rejected', 'partially-accepted']),
  reason: z.string().max(4096).nullable(),
  fields: z.array(FieldDecision),
  decidedAt: IsoDateTime,
});
export type Decision = z.infer<typeof Decision>;
export const DecisionFeed = z.object({ decisions: z.array(Decision), next: z.number().int().nonnegative() });
export type DecisionFeed = z.infer<typeof DecisionFeed>;
export const DecisionFeedQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

export const ReviewQueue = z.object({
  submissions: z.array(z.object({ id: z.uuid(), stationId: StationId, kind: z.enum(submissionKinds), participationYear: Year, state: z.enum(submissionStates), receivedAt: IsoDateTime, evaluation: Evaluation })),
});

export const CatalogVersions = z.object({
  engine: z.enum(['available', 'unavailable']),
  ruleSets: z.array(z.object({ version: z.string().max(4096), validFrom: IsoDate.nullable() })),
});

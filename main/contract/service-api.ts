import { z } from 'zod';

/**
 * The wire protocol between a station's sync engine (main/sync) and the central bonus service
 * (service/). Both sides validate with these schemas: the service on arrival and before it
 * answers, the station on every answer it receives. Pure TS (no I/O), so the service may import it.
 * Not part of the renderer ↔ main contract (`methods`/`events`).
 */

// KVNR: a letter and nine digits (docs/egk-card.md); the check digit is the card reader's business.
export const Kvnr = z.string().regex(/^[A-Z][0-9]{9}$/, 'a letter and nine digits');
// ICCSN of the eGK: 20 digits (10 bytes BCD).
export const CardNumber = z.string().regex(/^[0-9]{20}$/, '20 digits');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
export const StationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64 characters');
export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Year = z.number().int().min(2000).max(2100);
export const MeasureNumber = z.number().int().min(1).max(18);

export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.string()).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

// ---------------------------------------------------------------- enrollment and signing

export const EnrollmentTokenRequest = z.object({ stationId: StationId, ttlMinutes: z.number().int().min(1).max(10_080).default(60) }).strict();
export const EnrollmentToken = z.object({ stationId: StationId, token: z.string(), expiresAt: IsoDateTime });

/** The station's Ed25519 public key as base64 of its 32 raw bytes. */
export const PublicKeyBase64 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes');
export const EnrollRequest = z.object({ token: z.string().min(16).max(128), stationId: StationId, publicKey: PublicKeyBase64 }).strict();
export const Enrollment = z.object({ stationId: StationId, enrolledAt: IsoDateTime });

/**
 * The newest entry of a station's keyed audit chain (main/store/audit-log.ts). The station reports
 * it with every sync, together with its own entry at the head the service holds (`since`): a
 * chain cut back or rewritten below that head cannot show the service's hash there.
 */
export const AuditHead = z.object({ seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), hash: Sha256Hex }).strict();
export type AuditHead = z.infer<typeof AuditHead>;
export const AuditHeadReport = z.object({ head: AuditHead, since: AuditHead.nullable() }).strict();
export type AuditHeadReport = z.infer<typeof AuditHeadReport>;
export const StoredAuditHead = z.object({ head: AuditHead.nullable() }).strict();

export const StationRecord = z.object({ stationId: StationId, enrolledAt: IsoDateTime, revokedAt: IsoDateTime.nullable() });
export const StationList = z.object({ stations: z.array(StationRecord) });

/** Header names of a signed request. */
export const signatureHeaders = {
  station: 'x-station-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  contentSha256: 'x-content-sha256',
  signature: 'x-signature',
} as const;

/** How far a request's timestamp may be from the service's clock, either way. */
export const signatureMaxSkewSeconds = 300;

/**
 * The bytes a station signs: method, path with query, body digest, timestamp and nonce, one
 * per line under a version tag, so that none of them can be swapped without breaking it.
 */
export function signingString(parts: { method: string; path: string; contentSha256: string; timestamp: string; nonce: string }): string {
  return ['BONUS-ABC-SIGN-V1', parts.method.toUpperCase(), parts.path, parts.contentSha256, parts.timestamp, parts.nonce].join('\n');
}

// ---------------------------------------------------------------- evidence blobs

export const blobMediaTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const BlobMediaType = z.enum(blobMediaTypes);
/** Largest evidence blob the service takes (a multi-page scan as PDF). */
export const maxBlobBytes = 32 * 1024 * 1024;

/** Smallest chunk a station may ask for: below it the requests cost more than a broken connection loses. */
export const minChunkBytes = 16 * 1024;
export const BlobCreate = z
  .object({
    size: z.number().int().min(1).max(maxBlobBytes),
    mediaType: BlobMediaType,
    /** The chunk size the station's link suits (it measures it); the service takes it up to its own maximum. */
    chunkSize: z.number().int().min(minChunkBytes).max(maxBlobBytes).optional(),
  })
  .strict();
export const BlobStatus = z.object({
  sha256: Sha256Hex,
  size: z.number().int().positive(),
  mediaType: BlobMediaType,
  chunkSize: z.number().int().positive(),
  chunkCount: z.number().int().positive(),
  /** The largest chunk, and the largest blob in one request, the service takes (absent from older services: chunkSize). */
  maxChunkSize: z.number().int().positive().optional(),
  /** Indexes of the chunks the service holds; an upload resumes with the others. */
  receivedChunks: z.array(z.number().int().nonnegative()),
  complete: z.boolean(),
});
export type BlobStatus = z.infer<typeof BlobStatus>;
/** A blob of at most one chunk goes in one request, its media type in the (signed) query. */
export const BlobContentQuery = z.object({ mediaType: BlobMediaType }).strict();

// ---------------------------------------------------------------- submissions

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
    /** What the station computed, kept for comparison only: the service recomputes (issue 5, service §5). */
    stationClaim: z.object({ totalCents: z.number().int().nonnegative() }).strict().optional(),
  })
  .strict();
export type SubmissionUpload = z.infer<typeof SubmissionUpload>;

export const submissionStates = ['received', 'accepted', 'rejected', 'partially-accepted'] as const;
export const Evaluation = z.object({
  engine: z.enum(['evaluated', 'unavailable']),
  ruleSetVersion: z.string().nullable(),
  totalCents: z.number().int().nullable(),
  /** Codes the rules engine gave, e.g. "measure.outside-participation-year". */
  findings: z.array(z.string()),
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
    reviewer: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  })
  .strict()
  .refine((d) => d.decision === 'accepted' || d.reason !== undefined, { message: 'a rejection needs a reason', path: ['reason'] });

export const Decision = z.object({
  seq: z.number().int().positive(),
  submissionId: z.uuid(),
  decision: z.enum(['accepted', 'rejected', 'partially-accepted']),
  reason: z.string().nullable(),
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

// ---------------------------------------------------------------- member state

export const MemberStateRequest = z.object({ kvnr: Kvnr, cardNumber: CardNumber }).strict();
export const MemberState = z.object({
  participation: z.array(z.object({ year: Year, program: z.enum(['adult', 'child']), declaredAt: IsoDateTime })),
  credited: z.array(z.object({ year: Year, measures: z.array(MeasureNumber) })),
  children: z.array(z.object({ kvnr: Kvnr, firstName: z.string(), birthDate: IsoDate })),
  bank: z.object({ ibanMasked: z.string() }).nullable(),
});
export type MemberState = z.infer<typeof MemberState>;

// ---------------------------------------------------------------- catalog and field events

export const CatalogVersions = z.object({
  engine: z.enum(['available', 'unavailable']),
  ruleSets: z.array(z.object({ version: z.string(), validFrom: IsoDate.nullable() })),
});

export const FieldEvent = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    title: z.string().min(1).max(200),
    company: z.string().min(1).max(200),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    measures: z.array(z.union([z.literal(5), z.literal(6)])).min(1).max(2),
  })
  .strict();
export type FieldEvent = z.infer<typeof FieldEvent>;
export const FieldEventList = z.object({ events: z.array(FieldEvent) });

// ---------------------------------------------------------------- field check-in by the member's QR code

/**
 * What the insurer's app shows as a QR code for check-in at a company health event
 * (docs/field-checkin-qr.md): `BQR1.<payload>.<signature>`, both base64url. The payload is
 * CheckInTokenPayload as JSON; the signature is Ed25519 by the service over
 * `checkInTokenSigningInput(payload)`. The member is in `sub` only encrypted (AES-256-GCM with
 * the event's secret, additional data `checkInTokenAad`), so the code shows nothing in clear and
 * a station verifies it offline with what it pulled for the event (FieldEventCheckIn).
 */
export const checkInTokenPrefix = 'BQR1';
/** Short-lived: a screenshot passed on is useless after a few minutes. */
export const checkInTokenMaxMinutes = 15;
const Base64Url = (min: number, max: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`), 'base64url');
export const CheckInKeyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
export const InsurerIk = z.string().regex(/^[0-9]{9}$/, 'nine digits');
export const CheckInTokenPayload = z
  .object({
    kid: CheckInKeyId,
    /** The issuing insurer's IK: a station serves only the insurers in its card.insurerIks. */
    ik: InsurerIk,
    evt: FieldEvent.shape.id,
    /** Issued and expires, seconds since the epoch. */
    iat: z.number().int().positive(),
    exp: z.number().int().positive(),
    /** iv (12 bytes) | ciphertext | tag (16 bytes) of CheckInTokenMember as JSON. */
    sub: Base64Url(60, 400),
  })
  .strict();
export type CheckInTokenPayload = z.infer<typeof CheckInTokenPayload>;
/** Inside `sub`: what the desk needs to apply the rules and show initials, nothing more. */
export const CheckInTokenMember = z.object({ kvnr: Kvnr, birthDate: IsoDate, initials: z.string().min(1).max(8) }).strict();
export type CheckInTokenMember = z.infer<typeof CheckInTokenMember>;

export function checkInTokenSigningInput(payloadBase64Url: string): string {
  return `${checkInTokenPrefix}.${payloadBase64Url}`;
}
/** Binds the encrypted member to the token's insurer, event and expiry. */
export function checkInTokenAad(payload: Pick<CheckInTokenPayload, 'ik' | 'evt' | 'exp'>): string {
  return [checkInTokenPrefix, payload.ik, payload.evt, String(payload.exp)].join('|');
}

/** The insurer's app asks for a code for one event (in the reference service: admin-authenticated). */
export const CheckInTokenRequest = z.object({ kvnr: Kvnr, fieldEventId: FieldEvent.shape.id, ttlMinutes: z.number().int().min(1).max(checkInTokenMaxMinutes).default(5) }).strict();
export const CheckInTokenIssued = z.object({ token: z.string().max(1000), expiresAt: IsoDateTime });

/**
 * Pulled by a station for each event it knows: the keys to verify and open QR codes offline, and
 * the member state for the two-per-year rule as pseudonyms. `ref` = base64url of the first 16
 * bytes of HMAC-SHA256(eventSecret, KVNR): the station matches a member it has in front of it,
 * the list names nobody, and refs of two events cannot be linked. Only members with at least one
 * company health measure (5/6) in the event's year are listed.
 */
export const FieldEventCheckIn = z
  .object({
    eventId: FieldEvent.shape.id,
    insurerIk: InsurerIk,
    year: Year,
    keys: z.array(z.object({ kid: CheckInKeyId, publicKey: PublicKeyBase64 }).strict()).min(1).max(5),
    eventSecret: PublicKeyBase64,
    members: z.array(z.object({ ref: Base64Url(22, 22), companyHealthMeasures: z.number().int().min(1).max(18) }).strict()).max(200_000),
  })
  .strict();
export type FieldEventCheckIn = z.infer<typeof FieldEventCheckIn>;

// ---------------------------------------------------------------- protected change requests

export const Iban = z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/, 'an IBAN without spaces');
export const ChangeRequestCreate = z
  .object({
    id: z.uuid(),
    kvnr: Kvnr,
    cardNumber: CardNumber,
    change: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('bank'), iban: Iban, accountHolder: z.string().min(1).max(140) }).strict(),
      z.object({ kind: z.literal('address'), street: z.string().min(1).max(140), postalCode: z.string().regex(/^[0-9]{5}$/), city: z.string().min(1).max(140) }).strict(),
    ]),
  })
  .strict();
export const ChangeRequestStatus = z.object({
  id: z.uuid(),
  kind: z.enum(['bank', 'address']),
  state: z.enum(['awaiting-member', 'applied', 'declined', 'expired']),
  expiresAt: IsoDateTime,
  /**
   * How long the member still has, by the service's clock when it answered (0 once answered or
   * expired). A station counts down from this with its own clock, so a station clock that is off
   * does not show a wrong time left; `expiresAt` is the service's moment.
   */
  expiresInMs: z.number().int().nonnegative().optional(),
});
export type ChangeRequestStatus = z.infer<typeof ChangeRequestStatus>;
export const MemberAppResponse = z.object({ approve: z.boolean() }).strict();

// ---------------------------------------------------------------- booklets issued at clerk desks

export const BookletIdParam = z.string().regex(/^[0-9A-HJ-NP-Z]{6,16}$/, '6-16 characters of 0-9 and A-Z without I and O');
/** The station that printed a booklet tells the service whose it is; same link again = same answer, another member = conflict. */
export const BookletLinkUpload = z
  .object({ kvnr: Kvnr, birthDate: IsoDate, year: Year, program: z.enum(['adult', 'child']), legacy: z.boolean(), issuedAt: IsoDateTime })
  .strict();
export type BookletLinkUpload = z.infer<typeof BookletLinkUpload>;
export const BookletLinkRecord = BookletLinkUpload.extend({ bookletId: BookletIdParam, stationId: StationId });
export type BookletLinkRecord = z.infer<typeof BookletLinkRecord>;

/**
 * Clerk desk: exact last name, first name and birth date (case and accents ignored), never a
 * partial name, so the endpoint lists no one the clerk could not already name precisely.
 */
export const MemberSearchRequest = z
  .object({ lastName: z.string().trim().min(1).max(100), firstName: z.string().trim().min(1).max(100), birthDate: IsoDate })
  .strict();
export const MemberSearchResponse = z.object({
  members: z.array(z.object({ kvnr: Kvnr, firstName: z.string(), lastName: z.string(), birthDate: IsoDate })).max(5),
});
export type MemberSearchResponse = z.infer<typeof MemberSearchResponse>;

// ---------------------------------------------------------------- heartbeat (station → fleet view)

/** A device as the fleet view shows it: working, busy, absent, failing, not part of this station, or not known. */
export const deviceStates = ['ok', 'busy', 'missing', 'error', 'not-configured', 'unknown'] as const;
export const DeviceState = z.enum(deviceStates);

/**
 * What a station says about itself after each sync round (signed like every request): what it
 * holds and since when, its last sync error, its devices, its clock and the head of its audit
 * chain. The service keeps the latest per station for the back office's fleet view; a head that
 * goes backwards or changes under the same number is shown as a broken chain.
 */
export const StationHeartbeat = z
  .object({
    stationTime: IsoDateTime,
    mode: z.enum(['kiosk', 'clerk', 'field']),
    branch: z.string().min(1).max(100),
    softwareVersion: z.string().min(1).max(64),
    queueLength: z.number().int().nonnegative(),
    bytesPending: z.number().int().nonnegative(),
    oldestPendingAt: IsoDateTime.nullable(),
    lastSuccessAt: IsoDateTime.nullable(),
    lastSyncError: z.string().max(500).nullable(),
    devices: z.object({ reader: DeviceState, scanner: DeviceState, printer: DeviceState }).strict(),
    auditHead: z.object({ seq: z.number().int().nonnegative(), hash: Sha256Hex }).strict().nullable(),
  })
  .strict();
export type StationHeartbeat = z.infer<typeof StationHeartbeat>;
export const HeartbeatAck = z.object({ receivedAt: IsoDateTime, clockSkewSeconds: z.number() });
export type HeartbeatAck = z.infer<typeof HeartbeatAck>;

import { z } from 'zod';
import { Evaluation, FieldDecision, IsoDate, IsoDateTime, Kvnr, MeasureNumber, StationId, SubmissionUpload, Year, submissionKinds, submissionStates } from '../../main/contract/service-api';

/**
 * The back office's browser API (`/bo/api/…`): every request and answer schema, defined once and
 * used by the service to validate (service/backoffice/routes) and by the web UI (service/web) to
 * type and check what it receives. Pure zod, no I/O. Not part of the station ↔ service contract:
 * no station calls these endpoints.
 */

export const roles = ['reviewer', 'payout-officer', 'station-admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const AccountId = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lowercase letters, digits, ".", "_" or "-", 2-64 characters');
export const TotpCode = z.string().regex(/^[0-9]{6}$/, 'six digits');

export const SignInRequest = z.object({ account: z.string().min(1).max(64), password: z.string().min(1).max(200), totp: TotpCode }).strict();
export const SessionInfo = z.object({
  account: z.object({ id: AccountId, name: z.string(), roles: z.array(Role) }),
  /** Sent back in the `x-csrf-token` header of every changing request. */
  csrfToken: z.string(),
  expiresAt: IsoDateTime,
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export const Ok = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------- review

export const QueueQuery = z
  .object({
    measure: z.coerce.number().int().min(1).max(18).optional(),
    station: StationId.optional(),
    branch: z.string().min(1).max(100).optional(),
    /** Only submissions waiting at least this many days. */
    minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
    kind: z.enum(submissionKinds).optional(),
    /** Keyset cursor: the last row of the previous page, `receivedAt|id`. */
    after: z.string().regex(/^\d{4}-\d{2}-\d{2}T[0-9:.]+Z\|[0-9a-f-]{36}$/).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const QueueItem = z.object({
  id: z.uuid(),
  kind: z.enum(submissionKinds),
  stationId: StationId,
  branch: z.string().nullable(),
  participationYear: Year,
  receivedAt: IsoDateTime,
  measures: z.array(MeasureNumber),
  engine: Evaluation.shape.engine,
  findings: z.array(z.string()),
  claimedBy: z.string().nullable(),
});
export type QueueItem = z.infer<typeof QueueItem>;
/** `waiting` counts up to a cap; `waitingMore`: there are more than that. */
export const QueuePage = z.object({ items: z.array(QueueItem), next: z.string().nullable(), waiting: z.number().int().nonnegative(), waitingMore: z.boolean() });
export type QueuePage = z.infer<typeof QueuePage>;

export const IdParams = z.object({ id: z.uuid() }).strict();
export const BlobParams = z.object({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

/** The rules engine's verdict on one claimed measure, with its reason codes. */
export const RecordVerdict = z.object({ measure: MeasureNumber, verdict: z.enum(['ok', 'finding']), findings: z.array(z.string()) });
export const BookletField = z.object({ measure: MeasureNumber, state: z.enum(['credited', 'in-review', 'open']) });
export const SubmissionDetail = z.object({
  id: z.uuid(),
  kind: z.enum(submissionKinds),
  state: z.enum(submissionStates),
  stationId: StationId,
  branch: z.string().nullable(),
  receivedAt: IsoDateTime,
  createdAt: IsoDateTime,
  participationYear: Year,
  /** The member as the insurer knows them (null name: a KVNR the service has no record of). */
  member: z.object({ kvnr: Kvnr, name: z.string().nullable(), birthDate: IsoDate.nullable() }),
  payload: SubmissionUpload,
  evaluation: Evaluation,
  verdicts: z.array(RecordVerdict),
  booklet: z.object({ year: Year, participating: z.boolean(), fields: z.array(BookletField) }),
  claim: z.object({ accountId: z.string(), expiresAt: IsoDateTime, mine: z.boolean() }).nullable(),
  evidence: z.array(z.object({ sha256: z.string(), mediaType: z.string(), size: z.number().int() })),
  decisions: z.array(z.object({ decision: z.string(), reason: z.string().nullable(), note: z.string().nullable(), reviewer: z.string(), decidedAt: IsoDateTime, fields: z.array(FieldDecision) })),
});
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

export const ClaimInfo = z.object({ submissionId: z.uuid(), accountId: z.string(), expiresAt: IsoDateTime });

export const BoFieldDecision = z
  .object({
    measure: MeasureNumber,
    decision: z.enum(['accepted', 'rejected']),
    /** A code from the reason list (rejectionReasons); required for a rejection. */
    reason: z.string().min(1).max(64).optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .refine((f) => f.decision === 'accepted' || f.reason !== undefined, { message: 'a rejected field needs a reason from the list', path: ['reason'] });
export const BoDecisionRequest = z
  .object({
    /** Per record (measure); a submission without measures (a participation) is decided whole. */
    fields: z.array(BoFieldDecision).max(40),
    whole: z.enum(['accepted', 'rejected']).optional(),
    reason: z.string().min(1).max(64).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type BoDecisionRequest = z.infer<typeof BoDecisionRequest>;
export const DecisionResult = z.object({ seq: z.number().int().positive(), decision: z.enum(['accepted', 'rejected', 'partially-accepted']), next: z.uuid().nullable() });

export const ReasonList = z.object({ reasons: z.array(z.object({ code: z.string(), de: z.string(), en: z.string() })) });

// ---------------------------------------------------------------- payouts

export const PayoutApplication = z.object({
  id: z.uuid(),
  kvnr: Kvnr,
  name: z.string().nullable(),
  year: Year,
  receivedAt: IsoDateTime,
  amountCents: z.number().int().nonnegative(),
  findings: z.array(z.string()),
  iban: z.string().nullable(),
  state: z.enum(['open', 'awaiting-second', 'approved', 'in-run', 'paid', 'blocked']),
  firstBy: z.string().nullable(),
  secondBy: z.string().nullable(),
  needsSecond: z.boolean(),
});
export type PayoutApplication = z.infer<typeof PayoutApplication>;
export const PayoutOverview = z.object({
  fourEyesAboveCents: z.number().int().nonnegative(),
  applications: z.array(PayoutApplication),
  runs: z.array(z.object({ id: z.uuid(), messageId: z.string(), createdAt: IsoDateTime, createdBy: z.string(), executionDay: IsoDate, itemCount: z.number().int(), totalCents: z.number().int(), paidAt: IsoDateTime.nullable(), paidBy: z.string().nullable() })),
  reclaims: z.array(z.object({ kvnr: Kvnr, name: z.string().nullable(), year: Year, amountCents: z.number().int(), paidAt: IsoDateTime, excludedAt: IsoDateTime, reason: z.string() })),
});
export type PayoutOverview = z.infer<typeof PayoutOverview>;
export const RunRequest = z.object({ executionDay: IsoDate }).strict();
export const RunParams = z.object({ id: z.uuid() }).strict();
export const ExclusionRequest = z.object({ kvnr: Kvnr, reason: z.string().trim().min(3).max(500) }).strict();

// ---------------------------------------------------------------- fleet

export const FleetStation = z.object({
  stationId: StationId,
  mode: z.string().nullable(),
  branch: z.string().nullable(),
  enrolledAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
  softwareVersion: z.string().nullable(),
  lastContactAt: IsoDateTime.nullable(),
  queueLength: z.number().int().nullable(),
  bytesPending: z.number().int().nullable(),
  oldestPendingAt: IsoDateTime.nullable(),
  lastSyncError: z.string().nullable(),
  devices: z.object({ reader: z.string(), scanner: z.string(), printer: z.string() }).nullable(),
  clockSkewSeconds: z.number().nullable(),
  auditHead: z.enum(['ok', 'mismatch', 'unknown']),
  alerts: z.array(z.string()),
});
export type FleetStation = z.infer<typeof FleetStation>;
export const FleetView = z.object({ holdAlertHours: z.number(), silentAlertHours: z.number(), stations: z.array(FleetStation) });
export const FleetAlerts = z.object({ at: IsoDateTime, alerts: z.array(z.object({ stationId: StationId, code: z.string(), message: z.string() })) });
export const StationParams = z.object({ stationId: StationId }).strict();

// ---------------------------------------------------------------- archive

export const ArchiveRequest = z.object({ decidedFrom: IsoDate.optional(), decidedTo: IsoDate.optional() }).strict();
export const ArchiveResult = z.object({ folder: z.string(), documents: z.number().int().nonnegative(), skipped: z.number().int().nonnegative() });
export type ArchiveResult = z.infer<typeof ArchiveResult>;
export type FleetView = z.infer<typeof FleetView>;

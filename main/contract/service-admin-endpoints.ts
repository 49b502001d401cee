import { z } from 'zod';
import { endpoint } from './service-endpoint';
import {
  CardNumber,
  ChangeRequestStatus,
  CheckInTokenIssued,
  CheckInTokenRequest,
  Decision,
  EnrollmentToken,
  EnrollmentTokenRequest,
  FieldEvent,
  Iban,
  IsoDate,
  KioskApprovalAnswer,
  KioskApprovalStatus,
  Kvnr,
  MeasureNumber,
  MemberAppResponse,
  ReviewDecisionRequest,
  ReviewQueue,
  StationId,
  StationList,
  StationRecord,
  Year,
  submissionStates,
} from './service-api';
import { FieldEventParams, stationEndpoints } from './service-endpoints';

/**
 * The back office's endpoints (administrator credential), the stand-in for the insurer's
 * member app, and the public meta endpoints. No station calls them.
 */

/** A member record as the back office seeds it into the reference service. */
export const MemberRecord = z
  .object({
    kvnr: Kvnr,
    cardNumber: CardNumber,
    firstName: z.string().min(1).max(100),
    lastName: z.string().min(1).max(100),
    birthDate: IsoDate,
    /** The postal code of the address on record: the kiosk's second factor is checked against it. */
    postalCode: z.string().max(4096).regex(/^[0-9A-Z]{3,10}$/).nullable().default(null),
    parentKvnr: Kvnr.nullable().default(null),
    bank: z.object({ iban: Iban, accountHolder: z.string().min(1).max(140) }).strict().nullable().default(null),
    participation: z.array(z.object({ year: Year, program: z.enum(['adult', 'child']), declaredAt: z.iso.datetime({ offset: true }).max(64) }).strict()).max(50).default([]),
    credited: z.array(z.object({ year: Year, measures: z.array(MeasureNumber).max(18) }).strict()).max(50).default([]),
  })
  .strict();
export type MemberRecord = z.infer<typeof MemberRecord>;

export const ReviewQuery = z.object({ state: z.enum(submissionStates).default('received'), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
// POST, not GET: the KVNR stays out of URLs and access logs.
export const PendingChangesQuery = z.object({ kvnr: Kvnr }).strict();
export const PendingChanges = z.object({ requests: z.array(ChangeRequestStatus) });
export const FieldEventParticipations = z.object({
  eventId: z.string().max(4096),
  participations: z.array(z.object({ kvnr: Kvnr, checkIns: z.number().int().positive(), stations: z.array(z.string().max(4096)) })),
});
export const Health = z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) });

/** A whole-insurer evaluation job (service/evaluation): why it runs and how far it got. */
export const EvaluationJob = z.object({
  id: z.uuid(),
  year: Year,
  reason: z.enum(['payout-run', 'catalog-changed', 'requested']),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  requestedBy: z.string().max(4096),
  requestedAt: z.iso.datetime({ offset: true }).max(64),
  startedAt: z.iso.datetime({ offset: true }).max(64).nullable(),
  finishedAt: z.iso.datetime({ offset: true }).max(64).nullable(),
  membersTotal: z.number().int().nonnegative().nullable(),
  membersDone: z.number().int().nonnegative(),
  membersChanged: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  error: z.string().max(4096).nullable(),
  /** SHA-256 of the catalog the job evaluates with, once it has started. */
  catalogSha256: z.string().max(4096).nullable(),
});
export const EvaluationJobRequest = z.object({ year: Year }).strict();

const none = [] as const;
const IdParams = z.object({ id: z.uuid() }).strict();

export const backOfficeEndpoints = {
  createEnrollmentToken: endpoint({
    method: 'POST',
    path: '/v1/admin/enrollment-tokens',
    summary: 'Create a one-time enrollment token for a station',
    tag: 'admin',
    auth: 'admin',
    modes: none,
    body: EnrollmentTokenRequest,
    status: 201,
    response: EnrollmentToken,
  }),
  revokeStation: endpoint({
    method: 'POST',
    path: '/v1/admin/stations/:stationId/revoke',
    summary: 'Revoke a station: its requests are refused from now on',
    tag: 'admin',
    auth: 'admin',
    modes: none,
    params: z.object({ stationId: StationId }).strict(),
    response: StationRecord,
  }),
  stations: endpoint({ method: 'GET', path: '/v1/admin/stations', summary: 'List enrolled stations', tag: 'admin', auth: 'admin', modes: none, response: StationList }),
  putMember: endpoint({
    method: 'PUT',
    path: '/v1/admin/members',
    summary: 'Create or replace a member record (seeding the reference service)',
    tag: 'admin',
    auth: 'admin',
    modes: none,
    body: MemberRecord,
    response: z.object({ kvnr: Kvnr }),
  }),
  putFieldEvent: endpoint({
    method: 'PUT',
    path: '/v1/admin/field-events',
    summary: 'Create or update a company health event',
    tag: 'admin',
    auth: 'admin',
    modes: none,
    body: FieldEvent,
    response: FieldEvent,
  }),
  fieldEventParticipations: endpoint({
    method: 'GET',
    path: '/v1/admin/field-events/:id/participations',
    summary: 'Check-ins the service holds for an event, per member (back office; one each is expected)',
    tag: 'admin',
    auth: 'admin',
    modes: none,
    params: FieldEventParams,
    response: FieldEventParticipations,
  }),
  reviewQueue: endpoint({
    method: 'GET',
    path: '/v1/review/submissions',
    summary: 'Submissions waiting for (or past) review',
    tag: 'review',
    auth: 'admin',
    modes: none,
    query: ReviewQuery,
    response: ReviewQueue,
  }),
  decide: endpoint({
    method: 'POST',
    path: '/v1/review/submissions/:id/decision',
    summary: 'Accept or reject a submission, or single fields of it; the station pulls the decision',
    tag: 'review',
    auth: 'admin',
    modes: none,
    params: IdParams,
    body: ReviewDecisionRequest,
    status: 201,
    response: Decision,
  }),

  requestEvaluation: endpoint({
    method: 'POST',
    path: '/v1/admin/evaluation-jobs',
    summary: "Re-evaluate every member's year in the background (joins a job of that year still waiting)",
    tag: 'admin',
    auth: 'admin',
    modes: none,
    body: EvaluationJobRequest,
    status: 202,
    response: EvaluationJob,
  }),
  evaluationJob: endpoint({ method: 'GET', path: '/v1/admin/evaluation-jobs/:id', summary: 'Progress of an evaluation job', tag: 'admin', auth: 'admin', modes: none, params: IdParams, response: EvaluationJob }),
  evaluationJobs: endpoint({ method: 'GET', path: '/v1/admin/evaluation-jobs', summary: 'The latest evaluation jobs', tag: 'admin', auth: 'admin', modes: none, response: z.object({ jobs: z.array(EvaluationJob) }) }),

  // ------------------------------------------------------------ plays the insurer's member app
  pendingChanges: endpoint({
    method: 'POST',
    path: '/v1/member-app/change-requests/pending',
    summary: "Plays the member's app fetching its waiting approvals (the app's \"2FA-Freigabe\", docs/bonus-abc-rules.md); admin credential",
    tag: 'member-app',
    auth: 'admin',
    modes: none,
    body: PendingChangesQuery,
    response: PendingChanges,
  }),
  answerChange: endpoint({
    method: 'POST',
    path: '/v1/member-app/change-requests/:id/response',
    summary: "Plays the member's app: approve or decline a waiting change (admin credential, for tests and demos)",
    tag: 'member-app',
    auth: 'admin',
    modes: none,
    params: IdParams,
    body: MemberAppResponse,
    response: ChangeRequestStatus,
  }),
  answerKioskApproval: endpoint({
    method: 'POST',
    path: '/v1/member-app/kiosk-approvals/answer',
    summary: "Plays the member's app: approve or decline the kiosk session showing this code (admin stands in for the app's member login)",
    tag: 'member-app',
    auth: 'admin',
    modes: none,
    body: KioskApprovalAnswer,
    response: KioskApprovalStatus,
  }),
  issueCheckInToken: endpoint({
    method: 'POST',
    path: '/v1/member-app/checkin-tokens',
    summary: "A short-lived signed check-in code for one event, as the insurer's app shows it (admin stands in for the app's member login)",
    tag: 'member-app',
    auth: 'admin',
    modes: none,
    body: CheckInTokenRequest,
    response: CheckInTokenIssued,
  }),

  // ------------------------------------------------------------ meta
  health: endpoint({ method: 'GET', path: '/health', summary: 'Liveness and database kind', tag: 'meta', auth: 'public', modes: none, response: Health }),
  openApi: endpoint({ method: 'GET', path: '/openapi.json', summary: 'This OpenAPI description', tag: 'meta', auth: 'public', modes: none, response: z.record(z.string().max(4096), z.unknown()) }),
} as const;

/** Every endpoint of the service: what it registers and what its OpenAPI description lists. */
export const serviceEndpoints = { ...stationEndpoints, ...backOfficeEndpoints } as const;
export type ServiceEndpoints = typeof serviceEndpoints;
export type ServiceEndpointName = keyof ServiceEndpoints;

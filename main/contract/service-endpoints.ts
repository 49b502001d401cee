import { z } from 'zod';
import { binaryBody, endpoint } from './service-endpoint';
import {
  AuditHeadReport,
  BlobContentQuery,
  BlobCreate,
  BlobStatus,
  BookletIdParam,
  BookletLinkRecord,
  BookletLinkUpload,
  CatalogVersions,
  ChangeRequestCreate,
  ChangeRequestStatus,
  DecisionFeed,
  DecisionFeedQuery,
  Enrollment,
  EnrollRequest,
  FieldEvent,
  FieldEventCheckIn,
  FieldEventList,
  HeartbeatAck,
  MemberSearchRequest,
  MemberSearchResponse,
  MemberState,
  MemberStateRequest,
  Sha256Hex,
  StoredAuditHead,
  SubmissionBatch,
  SubmissionBatchResult,
  SubmissionReceipt,
  StationHeartbeat,
  SubmissionUpload,
} from './service-api';
import { identityEndpoints } from './service-identity-endpoints';
import { stationModes } from './station';

/**
 * The endpoints a station calls: every path of the station ↔ service API exists here once.
 * The back office's endpoints are in service-admin-endpoints.ts. `modes` says which station
 * modes may call each one; the service refuses every other mode (see Endpoint.modes).
 */

const allModes = stationModes;
const IdParams = z.object({ id: z.uuid() }).strict();
const BlobParams = z.object({ sha256: Sha256Hex }).strict();
const ChunkParams = z.object({ sha256: Sha256Hex, index: z.coerce.number().int().min(0).max(100_000) }).strict();
const BookletParams = z.object({ bookletId: BookletIdParam }).strict();
export const FieldEventParams = z.object({ id: FieldEvent.shape.id }).strict();

export const stationEndpoints = {
  enroll: endpoint({
    method: 'POST',
    path: '/v1/stations/enroll',
    summary: "Enroll a station's public key with a one-time token",
    tag: 'stations',
    auth: 'public',
    modes: allModes,
    body: EnrollRequest,
    response: Enrollment,
  }),

  // ------------------------------------------------------------ the station's audit chain
  auditHead: endpoint({
    method: 'GET',
    path: '/v1/stations/audit-head',
    summary: "The newest head of the station's audit chain the service holds (null before the first report)",
    tag: 'stations',
    auth: 'station',
    modes: allModes,
    response: StoredAuditHead,
  }),
  reportAuditHead: endpoint({
    method: 'PUT',
    path: '/v1/stations/audit-head',
    summary: "Report the station's audit chain head; refused (409 audit_chain_mismatch) when it does not extend the head held: flagged, unless it is merely stale (made against a head read before another report of the station)",
    tag: 'stations',
    auth: 'station',
    modes: allModes,
    body: AuditHeadReport,
    response: StoredAuditHead,
  }),

  // ------------------------------------------------------------ evidence blobs (kiosk photos and scans, clerk pages)
  uploadBlob: endpoint({
    method: 'PUT',
    path: '/v1/blobs/:sha256/content',
    summary: 'Upload a whole evidence blob of at most one chunk in one request (application/octet-stream); idempotent',
    tag: 'blobs',
    auth: 'station',
    modes: ['kiosk', 'clerk'],
    params: BlobParams,
    query: BlobContentQuery,
    body: binaryBody,
    response: BlobStatus,
  }),
  announceBlob: endpoint({
    method: 'PUT',
    path: '/v1/blobs/:sha256',
    summary: 'Announce an evidence blob (idempotent); answers which chunks the service already holds',
    tag: 'blobs',
    auth: 'station',
    modes: ['kiosk', 'clerk'],
    params: BlobParams,
    body: BlobCreate,
    response: BlobStatus,
  }),
  blobStatus: endpoint({
    method: 'GET',
    path: '/v1/blobs/:sha256',
    summary: 'Upload status of an evidence blob',
    tag: 'blobs',
    auth: 'station',
    modes: ['kiosk', 'clerk'],
    params: BlobParams,
    response: BlobStatus,
  }),
  uploadBlobChunk: endpoint({
    method: 'PUT',
    path: '/v1/blobs/:sha256/chunks/:index',
    summary: 'Upload one chunk of an evidence blob (application/octet-stream); idempotent',
    tag: 'blobs',
    auth: 'station',
    modes: ['kiosk', 'clerk'],
    params: ChunkParams,
    body: binaryBody,
    response: BlobStatus,
  }),

  // ------------------------------------------------------------ submissions and decisions
  putSubmission: endpoint({
    method: 'PUT',
    path: '/v1/submissions/:id',
    summary: "Deliver a submission under the station's id (idempotent)",
    tag: 'submissions',
    auth: 'station',
    modes: allModes,
    params: IdParams,
    body: SubmissionUpload,
    response: SubmissionReceipt,
  }),
  submitBatch: endpoint({
    method: 'POST',
    path: '/v1/submissions/batch',
    summary: 'Deliver several submissions in one request; each is applied as by PUT /v1/submissions/{id} and answered on its own',
    tag: 'submissions',
    auth: 'station',
    modes: allModes,
    body: SubmissionBatch,
    response: SubmissionBatchResult,
  }),
  submission: endpoint({
    method: 'GET',
    path: '/v1/submissions/:id',
    summary: "A submission's receipt and current state",
    tag: 'submissions',
    auth: 'station',
    modes: allModes,
    params: IdParams,
    response: SubmissionReceipt,
  }),
  decisions: endpoint({
    method: 'GET',
    path: '/v1/decisions',
    summary: "Decisions on this station's submissions after a cursor, oldest first",
    tag: 'decisions',
    auth: 'station',
    modes: allModes,
    query: DecisionFeedQuery,
    response: DecisionFeed,
  }),

  // ------------------------------------------------------------ the member at the station
  memberState: endpoint({
    method: 'POST',
    path: '/v1/members/state',
    summary: 'Bonus state of the member whose card the station just read (KVNR and card number must match)',
    tag: 'members',
    auth: 'station',
    modes: ['kiosk'],
    body: MemberStateRequest,
    response: MemberState,
  }),
  ...identityEndpoints,
  createChangeRequest: endpoint({
    method: 'POST',
    path: '/v1/change-requests',
    summary: 'Request a bank or address change; it waits for the member to approve it in the app (idempotent by id)',
    tag: 'change-requests',
    auth: 'station',
    modes: ['kiosk'],
    body: ChangeRequestCreate,
    status: 202,
    response: ChangeRequestStatus,
  }),
  changeRequest: endpoint({
    method: 'GET',
    path: '/v1/change-requests/:id',
    summary: 'State of a change request made by this station',
    tag: 'change-requests',
    auth: 'station',
    modes: ['kiosk'],
    params: IdParams,
    response: ChangeRequestStatus,
  }),

  // ------------------------------------------------------------ clerk desk
  linkBooklet: endpoint({
    method: 'PUT',
    path: '/v1/booklets/:bookletId',
    summary: 'Link a booklet id to its member (idempotent; another member under the same id is a conflict)',
    tag: 'booklets',
    auth: 'station',
    modes: ['clerk'],
    params: BookletParams,
    body: BookletLinkUpload,
    response: BookletLinkRecord,
  }),
  booklet: endpoint({
    method: 'GET',
    path: '/v1/booklets/:bookletId',
    summary: 'The member a booklet id belongs to (for booking a scanned page)',
    tag: 'booklets',
    auth: 'station',
    modes: ['clerk'],
    params: BookletParams,
    response: BookletLinkRecord,
  }),
  searchMembers: endpoint({
    method: 'POST',
    path: '/v1/members/search',
    summary: 'Clerk desk: members with exactly this last name, first name and birth date (at most 5)',
    tag: 'members',
    auth: 'station',
    modes: ['clerk'],
    body: MemberSearchRequest,
    response: MemberSearchResponse,
  }),

  // ------------------------------------------------------------ catalog and field events
  catalog: endpoint({
    method: 'GET',
    path: '/v1/catalog',
    summary: 'Catalog and rule-set versions the service evaluates with',
    tag: 'catalog',
    auth: 'station',
    modes: allModes,
    response: CatalogVersions,
  }),
  fieldEvents: endpoint({
    method: 'GET',
    path: '/v1/field-events',
    summary: 'Company health events that have not ended yet',
    tag: 'field-events',
    auth: 'station',
    modes: ['field'],
    response: FieldEventList,
  }),
  fieldEventCheckIn: endpoint({
    method: 'GET',
    path: '/v1/field-events/:id/check-in',
    summary: "Keys to verify members' QR codes offline, and company health measures of the event's year by pseudonym",
    tag: 'field-events',
    auth: 'station',
    modes: ['field'],
    params: FieldEventParams,
    response: FieldEventCheckIn,
  }),
  pushFieldEvent: endpoint({
    method: 'PUT',
    path: '/v1/field-events/:id',
    summary: 'An event a field admin created on this station while offline, synced later (idempotent; the creating station owns it)',
    tag: 'field-events',
    auth: 'station',
    modes: ['field'],
    params: FieldEventParams,
    body: FieldEvent,
    response: FieldEvent,
  }),

  // ------------------------------------------------------------ the back office's fleet view
  heartbeat: endpoint({
    method: 'POST',
    path: '/v1/stations/heartbeat',
    summary: "A station's state after its sync round (queue, last error, devices, clock, audit chain head) for the back office's fleet view",
    tag: 'stations',
    auth: 'station',
    modes: allModes,
    body: StationHeartbeat,
    response: HeartbeatAck,
  }),
} as const;

export type StationEndpoints = typeof stationEndpoints;
export type StationEndpointName = keyof StationEndpoints;

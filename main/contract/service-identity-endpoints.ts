import { z } from 'zod';
import { endpoint } from './service-endpoint';
import { IdentityCheckRequest, IdentityCheckResult, IdentityLockReset, IdentityLockResetResult, IdentityLockStatus, KioskApprovalCreate, KioskApprovalStatus } from './service-api';

/**
 * The kiosk's second factor at the service (docs/security.md, hole 2), part of the station
 * endpoint table (service-endpoints.ts spreads them in): the insurer checks the answer against
 * its own record and counts failures per person; the member approves a kiosk session in the app.
 */
export const identityEndpoints = {
  verifyIdentity: endpoint({
    method: 'POST',
    path: '/v1/members/identity-check',
    summary: "Check the kiosk's second factor against the insurer's member record; failures are counted per person across all stations",
    tag: 'members',
    auth: 'station',
    modes: ['kiosk'],
    body: IdentityCheckRequest,
    response: IdentityCheckResult,
  }),
  resetIdentityLock: endpoint({
    method: 'POST',
    path: '/v1/members/identity-lock/reset',
    summary: "Clerk desk: lift a person's second-factor lock after checking their ID (audited with the staff id; 404 for a KVNR the insurer does not know)",
    tag: 'members',
    auth: 'station',
    modes: ['clerk'],
    body: IdentityLockReset,
    response: IdentityLockResetResult,
  }),
  identityLockStatus: endpoint({
    method: 'POST',
    path: '/v1/members/identity-lock/status',
    summary: "Clerk desk: whether a person's second factor is locked and until when (read-only; audited with the staff id; 404 for a KVNR the insurer does not know)",
    tag: 'members',
    auth: 'station',
    modes: ['clerk'],
    body: IdentityLockReset,
    response: IdentityLockStatus,
  }),
  createKioskApproval: endpoint({
    method: 'POST',
    path: '/v1/kiosk-approvals',
    summary: "Start a kiosk session's approval in the member's app: a short-lived code the kiosk shows (idempotent by id)",
    tag: 'members',
    auth: 'station',
    modes: ['kiosk'],
    body: KioskApprovalCreate,
    status: 202,
    response: KioskApprovalStatus,
  }),
  kioskApproval: endpoint({
    method: 'GET',
    path: '/v1/kiosk-approvals/:id',
    summary: 'State of a kiosk approval made by this station; an approval is handed out once (then "used")',
    tag: 'members',
    auth: 'station',
    modes: ['kiosk'],
    params: z.object({ id: z.uuid() }).strict(),
    response: KioskApprovalStatus,
  }),
} as const;

import type { z } from 'zod';
import type { IdentityCheckRequest, IdentityCheckResult, KioskApprovalCreate, KioskApprovalStatus } from '../contract/service-api';
import type { ServiceApi } from '../sync/service-api-client';

/**
 * Where the kiosk has the member's second factor checked: the insurer's service compares the
 * answer with its record and counts failures per person across all kiosks, and plays the
 * approval in the member's app. Each call throws NetworkError/ServiceError when the service
 * cannot answer; the kiosk then falls back to the weaker check (kiosk.offlineIdentity).
 */
export interface InsurerIdentity {
  verify(request: z.input<typeof IdentityCheckRequest>): Promise<IdentityCheckResult>;
  startApproval(request: z.input<typeof KioskApprovalCreate>): Promise<KioskApprovalStatus>;
  approval(id: string): Promise<KioskApprovalStatus>;
}

/** The member waits at the screen: a short timeout, nothing queued or retried. */
export function createInsurerIdentity(api: ServiceApi, timeoutMs = 5_000): InsurerIdentity {
  return {
    verify: (body) => api.call('verifyIdentity', { body }, { timeoutMs }),
    startApproval: (body) => api.call('createKioskApproval', { body }, { timeoutMs }),
    approval: (id) => api.call('kioskApproval', { params: { id } }, { timeoutMs }),
  };
}

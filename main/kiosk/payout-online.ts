import type { z } from 'zod';
import type { ChangeRequestCreate, ChangeRequestStatus } from '../contract/service-api';
import { changeStatus, requestChange } from '../sync/online';
import type { ServiceApi } from '../sync/service-api-client';

/** Where the kiosk sends protected changes and asks how the member's app answered them. */
export interface ChangeRequestSource {
  request(change: z.input<typeof ChangeRequestCreate>): Promise<ChangeRequestStatus>;
  status(id: string): Promise<ChangeRequestStatus>;
}

/**
 * The member waits at the screen: a short timeout, and nothing is retried or queued. A change
 * that cannot be sent now is not kept anywhere; the member types it again when the network is back.
 */
export function createChangeRequestSource(api: ServiceApi, timeoutMs = 8_000): ChangeRequestSource {
  return { request: (change) => requestChange(api, change, { timeoutMs }), status: (id) => changeStatus(api, id, { timeoutMs }) };
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { ChangeRequestCreate, ChangeRequestStatus } from '../contract/service-api';
import { changeStatus, requestChange } from '../sync/online';
import { ServiceClient } from '../sync/service-client';

/** Where the kiosk sends protected changes and asks how the member's app answered them. */
export interface ChangeRequestSource {
  request(change: z.input<typeof ChangeRequestCreate>): Promise<ChangeRequestStatus>;
  status(id: string): Promise<ChangeRequestStatus>;
  close(): void;
}

/**
 * The member waits at the screen: a short timeout, and nothing is retried or queued. A change
 * that cannot be sent now is not kept anywhere; the member types it again when the network is back.
 */
export function createChangeRequestSource(db: Database, service: { url: string; pinnedCertSha256: string | null }, timeoutMs = 8_000): ChangeRequestSource {
  const client = new ServiceClient({ baseUrl: service.url, pinnedCertSha256: service.pinnedCertSha256, timeoutMs });
  return { request: (change) => requestChange(db, client, change), status: (id) => changeStatus(db, client, id), close: () => client.close() };
}

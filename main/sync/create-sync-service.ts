import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StationConfig } from '../config/station-config';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import type { SyncWorkerOptions } from './sync-worker';
import { ServiceClient } from './service-client';
import { SyncWorker } from './sync-worker';

/**
 * Builds the sync worker for a station whose configuration names a service URL; the worker
 * publishes its status as the contract's `syncStatus` event. Pinning applies when configured.
 */
export function createSyncService(deps: { config: StationConfig; db: Database; events: EventHub; log: Logger; pullForFieldEvents?: SyncWorkerOptions['pullForFieldEvents'] }): SyncWorker {
  const url = deps.config.service.url;
  if (!url) throw new Error('createSyncService needs config.service.url');
  const client = new ServiceClient({ baseUrl: url, pinnedCertSha256: deps.config.service.pinnedCertSha256 });
  return new SyncWorker({
    db: deps.db,
    client,
    log: deps.log,
    publish: (status) => deps.events.publish('syncStatus', status),
    retentionDays: deps.config.retention.acknowledgedDays,
    ...(deps.pullForFieldEvents ? { pullForFieldEvents: deps.pullForFieldEvents } : {}),
  });
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StationConfig } from '../config/station-config';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import { enrolledIdentity } from './identity';
import { ServiceApi } from './service-api-client';
import type { SyncWorkerOptions } from './sync-worker';
import { deviceStatesOf } from './heartbeat';
import { SyncWorker } from './sync-worker';

/**
 * The station's one client of the central service (pinning when configured), signing with the
 * station's key once it is enrolled. Built once by the composition root.
 */
export function createServiceApi(service: StationConfig['service'] & { url: string }, db: Database): ServiceApi;
export function createServiceApi(service: StationConfig['service'], db: Database): ServiceApi | null;
export function createServiceApi(service: StationConfig['service'], db: Database): ServiceApi | null {
  if (!service.url) return null;
  return ServiceApi.create({ baseUrl: service.url, pinnedCertSha256: service.pinnedCertSha256 }, enrolledIdentity(db));
}

/**
 * Builds the sync worker for a station with a service; the worker publishes its status as the
 * contract's `syncStatus` event, talks to the service through the station's one ServiceApi and
 * reports mode, branch, version and devices in its heartbeat.
 */
export function createSyncService(deps: { config: StationConfig; api: ServiceApi; db: Database; events: EventHub; log: Logger; appVersion: string; pullForFieldEvents?: SyncWorkerOptions['pullForFieldEvents'] }): SyncWorker {
  return new SyncWorker({
    db: deps.db,
    api: deps.api,
    log: deps.log,
    publish: (status) => deps.events.publish('syncStatus', status),
    retentionDays: deps.config.retention.acknowledgedDays,
    heartbeat: () => ({
      mode: deps.config.mode,
      branch: deps.config.branch,
      softwareVersion: deps.appVersion.slice(0, 64),
      devices: deviceStatesOf(deps.events.current('cardStatus'), deps.events.current('scannerStatus')),
    }),
    ...(deps.pullForFieldEvents ? { pullForFieldEvents: deps.pullForFieldEvents } : {}),
  });
}

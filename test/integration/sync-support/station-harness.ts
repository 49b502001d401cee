import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StationMode } from '../../../main/contract/station';
import type { SyncStatus } from '../../../main/contract/status';
import { createLogger, memorySink } from '../../../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../../../main/store/database';
import { enrolledIdentity, enrollStation } from '../../../main/sync/identity';
import { ServiceApi } from '../../../main/sync/service-api-client';
import { SyncWorker, type SyncWorkerOptions } from '../../../main/sync/sync-worker';
import { enrollmentToken, type RunningService } from './service-harness';

export interface TestStation {
  store: StationDatabase;
  worker: SyncWorker;
  api: ServiceApi;
  statuses: SyncStatus[];
  logs: ReturnType<typeof memorySink>;
  close(): Promise<void>;
}

/** A station with a real encrypted database in a temp dir, enrolled with the running service. */
export async function createTestStation(running: RunningService, stationId: string, options: Partial<SyncWorkerOptions> & { baseUrl?: string; dir?: string; key?: Buffer; mode?: StationMode } = {}): Promise<TestStation> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sync-station-'));
  const store = openStationDatabase({ path: join(dir, 'station.db'), key: options.key ?? randomBytes(32) });
  const api = ServiceApi.create({ baseUrl: options.baseUrl ?? running.url, timeoutMs: 5_000 }, enrolledIdentity(store.db));
  const mode = options.mode ?? 'kiosk';
  const token = await enrollmentToken(running, stationId, mode);
  const enrolling = ServiceApi.create({ baseUrl: running.url });
  await enrollStation(store.db, enrolling, stationId, token, mode);
  enrolling.close();
  const statuses: SyncStatus[] = [];
  const logs = memorySink();
  const worker = new SyncWorker({
    db: store.db,
    api,
    log: createLogger('sync', logs, 'debug'),
    publish: (s) => statuses.push(s),
    retentionDays: 7,
    backoff: { baseMs: 20, maxMs: 200 },
    idleIntervalMs: 60_000,
    ...options,
  });
  return {
    store,
    worker,
    api,
    statuses,
    logs,
    async close() {
      await worker.stop();
      api.close();
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A station process for the kill test: opens the encrypted station database and runs the
 * sync worker until it is killed, or (STATION_FINISH=1) until the queue is empty.
 * Prints "syncing" when its first round starts and "empty" when nothing is left to deliver.
 */
import { createLogger } from '../../../main/runtime/logger';
import { openStationDatabase } from '../../../main/store/database';
import { enrolledIdentity } from '../../../main/sync/identity';
import { ServiceApi } from '../../../main/sync/service-api-client';
import { SyncWorker } from '../../../main/sync/sync-worker';

const path = process.env.STATION_DB;
const key = process.env.STATION_KEY;
const url = process.env.SERVICE_URL;
if (!path || !key || !url) throw new Error('STATION_DB, STATION_KEY and SERVICE_URL are required');

const store = openStationDatabase({ path, key: Buffer.from(key, 'hex'), create: false });
const api = ServiceApi.create({ baseUrl: url, timeoutMs: 5_000 }, enrolledIdentity(store.db));
let announced = false;
const worker: SyncWorker = new SyncWorker({
  db: store.db,
  api,
  log: createLogger('child', () => undefined),
  retentionDays: 365,
  backoff: { baseMs: 10, maxMs: 100 },
  idleIntervalMs: 50,
  publish: (status) => {
    if (status.state === 'syncing' && !announced) {
      announced = true;
      process.stdout.write('syncing\n');
    }
    if (status.state === 'idle' && status.queueLength === 0) {
      process.stdout.write('empty\n');
      if (process.env.STATION_FINISH === '1') {
        void worker.stop().then(() => {
          store.close();
          process.exit(0);
        });
      }
    }
  },
});
worker.start();

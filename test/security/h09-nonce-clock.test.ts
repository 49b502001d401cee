import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type StationIdentity } from '../../main/sync/station-key';
import { purgeNonces } from '../../service/auth/authenticate';
import type { Database } from '../../service/db/database';
import { databaseKinds } from '../integration/sync-support/databases';
import { enrollStation, startService, type RunningService } from '../integration/sync-support/service-harness';

/**
 * Hole 9 (nonce clock): the service judged a request's timestamp and purged nonces by its own
 * clock, but recorded when it saw a nonce by the database's clock. With the two apart (another
 * host, a drifting VM), a nonce was purged as soon as it was recorded, and a network attacker
 * could replay a captured request while its timestamp was still fresh. Now one clock: the service's.
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`hole 9: one clock for nonces on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let identity: StationIdentity;
    // The service's clock is an hour ahead of the database's.
    const serviceNow = () => new Date(Date.now() + 3_600_000);

    beforeAll(async () => {
      ({ db, drop } = await kind.open());
      running = await startService(db, { now: serviceNow });
      ({ identity } = await enrollStation(running, `kiosk-nonce-${kind.name}`, 'kiosk'));
    }, 120_000);
    afterAll(async () => {
      await running?.stop();
      await drop?.();
    });

    it('refuses a replayed request after the periodic purge, whatever the database clock says', async () => {
      const path = '/v1/catalog';
      const headers = signRequest(identity, { method: 'GET', path, contentSha256: createHash('sha256').update('').digest('hex') }, serviceNow());
      const send = () => fetch(new URL(path, running.url), { headers });
      expect((await send()).status).toBe(200);
      await purgeNonces(db, serviceNow());
      const replay = await send();
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('replayed');
    });
  });
}

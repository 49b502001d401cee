import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EnrollmentToken, StationList, SubmissionReceipt } from '../../main/contract/service-api';
import { createLogger } from '../../main/runtime/logger';
import { openStationDatabase } from '../../main/store/database';
import { enrolledIdentity, enrollStation } from '../../main/sync/identity';
import { enqueueSubmission } from '../../main/sync/outbox';
import { ServiceApi } from '../../main/sync/service-api-client';
import { ServiceClient } from '../../main/sync/service-client';
import { SyncWorker } from '../../main/sync/sync-worker';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { startServiceProcess } from './sync-support/service-process';

/**
 * `npm run service` on its embedded default keeps what it was given: a station enrolled, a
 * submission synced with its evidence, then the service restarted, and everything is still
 * there. Only `--in-memory` forgets, and then it creates no data directory.
 */
describe('the embedded service across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'service-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps stations, submissions, evidence and the admin token in its data directory', async () => {
    const dataDir = join(dir, 'data');
    const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
    let service = await startServiceProcess({ SERVICE_DATA_DIR: dataDir, XDG_DATA_HOME: join(dir, 'unused') });
    const api = () => ServiceApi.create({ baseUrl: service.url, timeoutMs: 10_000 }, enrolledIdentity(store.db));
    try {
      expect(service.output()).toContain(`data directory: ${dataDir}`);
      const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      // The token is printed after the first back-office account's password hash: slow on a loaded machine.
      await vi.waitFor(() => expect(service.output()).toContain(token), { timeout: 60_000 });
      const admin = { authorization: `Bearer ${token}` };
      const adminClient = new ServiceClient({ baseUrl: service.url });
      await adminClient.json('PUT', '/v1/admin/members', z.unknown(), member, admin);
      const { token: enrollment } = await adminClient.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'kiosk-restart', mode: 'kiosk', branch: 'Testfiliale' }, admin);
      adminClient.close();
      const first = api();
      await enrollStation(store.db, first, 'kiosk-restart', enrollment, 'kiosk');
      const image = evidenceImage(200_000);
      const sent = submission({}, [{ sha256: image.sha256, size: image.data.length }]);
      enqueueSubmission(store.db, sent, [{ data: image.data, mediaType: 'image/jpeg' }]);
      const worker = new SyncWorker({ db: store.db, api: first, log: createLogger('sync', () => undefined), publish: () => undefined, retentionDays: 7 });
      expect(await worker.syncOnce()).toEqual({ ok: true, delivered: 1 });
      const receipt = await first.call('submission', { params: { id: sent.id } });
      first.close();

      await service.stop();
      service = await startServiceProcess({ SERVICE_DATA_DIR: dataDir });
      await vi.waitFor(() => expect(service.output()).toContain(`Admin token: in ${join(dataDir, 'admin-token')}`), { timeout: 60_000 });
      expect(service.output()).not.toContain(token);

      const again = api();
      try {
        expect(await again.call('submission', { params: { id: sent.id } })).toEqual(SubmissionReceipt.parse(receipt));
        expect(await again.call('blobStatus', { params: { sha256: image.sha256 } })).toMatchObject({ complete: true, size: image.data.length });
        expect(existsSync(join(dataDir, 'evidence', 'sha256', image.sha256.slice(0, 2), image.sha256))).toBe(true);
        const adminAgain = new ServiceClient({ baseUrl: service.url });
        expect((await adminAgain.json('GET', '/v1/admin/stations', StationList, undefined, admin)).stations.map((s) => s.stationId)).toEqual(['kiosk-restart']);
        adminAgain.close();
      } finally {
        again.close();
      }
    } finally {
      await service.stop();
      store.close();
    }
  }, 180_000);

  it('forgets everything only with --in-memory, and then writes no data directory', async () => {
    const home = join(dir, 'home');
    const service = await startServiceProcess({ XDG_DATA_HOME: home }, ['--in-memory']);
    try {
      expect(service.output()).toContain('pglite, in memory: nothing is kept');
      expect(existsSync(join(home, 'bonus-service'))).toBe(false);
    } finally {
      await service.stop();
    }
  }, 120_000);
});

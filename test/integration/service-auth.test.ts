import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../service/db/database';
import { Enrollment, EnrollmentToken, StationList } from '../../main/contract/service-api';
import { ServiceError } from '../../main/sync/service-client';
import { generateStationKey } from '../../main/sync/station-key';
import { databaseKinds } from './sync-support/databases';
import { raw, signedJson } from './sync-support/raw';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`service authentication on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db);
    });
    afterAll(async () => {
      await running?.stop();
      await drop?.();
    });

    it('admin endpoints refuse requests without the admin credential', async () => {
      const none = await raw(running.url, 'POST', '/v1/admin/enrollment-tokens', { body: JSON.stringify({ stationId: 'kiosk-1' }), headers: { 'content-type': 'application/json' } });
      expect(none.status).toBe(401);
      expect(none.body.error?.code).toBe('admin_required');
      const wrong = await raw(running.url, 'GET', '/v1/admin/stations', { headers: { authorization: 'Bearer not-the-token-at-all' } });
      expect(wrong.status).toBe(401);
    });

    it('an enrollment token enrolls one station once; a retry with the same key gets the same answer', async () => {
      const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'kiosk-once', mode: 'kiosk', branch: 'Testfiliale' }, adminHeaders);
      const key = generateStationKey();
      const first = await running.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: 'kiosk-once', mode: 'kiosk', publicKey: key.publicKeyBase64 });
      const again = await running.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: 'kiosk-once', mode: 'kiosk', publicKey: key.publicKeyBase64 });
      expect(again).toEqual(first);
      const other = generateStationKey();
      await expect(running.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: 'kiosk-once', mode: 'kiosk', publicKey: other.publicKeyBase64 })).rejects.toMatchObject({ status: 401, code: 'token_used' });
      await expect(running.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: 'kiosk-other', mode: 'kiosk', publicKey: other.publicKeyBase64 })).rejects.toMatchObject({ status: 401, code: 'bad_token' });
    });

    it('an expired token enrolls nothing', async () => {
      const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'kiosk-late', mode: 'kiosk', branch: 'Testfiliale', ttlMinutes: 1 }, adminHeaders);
      // The same database seen by a service whose clock is an hour ahead.
      const later = await startService(db, { now: () => new Date(Date.now() + 3_600_000) });
      try {
        const key = generateStationKey();
        await expect(later.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: 'kiosk-late', mode: 'kiosk', publicKey: key.publicKeyBase64 })).rejects.toMatchObject({ status: 401, code: 'token_expired' });
      } finally {
        await later.stop();
      }
      const list = await running.admin.json('GET', '/v1/admin/stations', StationList, undefined, adminHeaders);
      expect(list.stations.map((s) => s.stationId)).not.toContain('kiosk-late');
    });

    it('signed requests pass; unsigned, tampered, stale and replayed ones are refused', async () => {
      const { client, identity } = await enrollStation(running, 'kiosk-sign');
      await expect(client.json('POST', '/v1/members/state', z.unknown(), { kvnr: 'A123457895', cardNumber: '80276001234567890123' })).rejects.toMatchObject({ code: 'not_found' });

      const body = { kvnr: 'A123457895', cardNumber: '80276001234567890123' };
      const unsigned = await raw(running.url, 'POST', '/v1/members/state', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'unsigned' } } });

      const signed = signedJson(identity, 'POST', '/v1/members/state', body);
      const tampered = await raw(running.url, 'POST', '/v1/members/state', { body: signed.body.replace('A123457895', 'B123457897'), headers: signed.headers });
      expect(tampered.body.error?.code).toBe('bad_content_digest');

      const wrongPath = await raw(running.url, 'POST', '/v1/change-requests', { body: signed.body, headers: signed.headers });
      expect(wrongPath.body.error?.code).toBe('bad_signature');

      const first = await raw(running.url, 'POST', '/v1/members/state', { body: signed.body, headers: signed.headers });
      expect(first.status).toBe(404); // signature fine, member unknown
      const replay = await raw(running.url, 'POST', '/v1/members/state', { body: signed.body, headers: signed.headers });
      expect(replay).toMatchObject({ status: 401, body: { error: { code: 'replayed' } } });

      const old = signedJson(identity, 'POST', '/v1/members/state', body, new Date(Date.now() - 10 * 60_000));
      expect((await raw(running.url, 'POST', '/v1/members/state', { body: old.body, headers: old.headers })).body.error?.code).toBe('stale');
    });

    it('a request signed by another key, or by an unknown station, is refused', async () => {
      const { identity } = await enrollStation(running, 'kiosk-a');
      const { identity: other } = await enrollStation(running, 'kiosk-b');
      const forged = signedJson({ stationId: identity.stationId, privateKey: other.privateKey }, 'GET', '/v1/decisions', undefined);
      expect((await raw(running.url, 'GET', '/v1/decisions', { headers: forged.headers })).body.error?.code).toBe('bad_signature');
      const unknown = signedJson({ stationId: 'never-enrolled', privateKey: other.privateKey }, 'GET', '/v1/decisions', undefined);
      expect((await raw(running.url, 'GET', '/v1/decisions', { headers: unknown.headers })).body.error?.code).toBe('unknown_station');
    });

    it('a revoked station is refused, and can be enrolled again with a new token and key', async () => {
      const { client } = await enrollStation(running, 'kiosk-revoked');
      await expect(client.json('GET', '/v1/decisions', z.unknown())).resolves.toBeDefined();
      await running.admin.json('POST', '/v1/admin/stations/kiosk-revoked/revoke', z.unknown(), undefined, adminHeaders);
      const refused = await client.json('GET', '/v1/catalog', z.unknown()).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ServiceError);
      expect(refused).toMatchObject({ status: 403, code: 'station_revoked' });
      const list = await running.admin.json('GET', '/v1/admin/stations', StationList, undefined, adminHeaders);
      expect(list.stations.find((s) => s.stationId === 'kiosk-revoked')?.revokedAt).not.toBeNull();
      const again = await enrollStation(running, 'kiosk-revoked');
      await expect(again.client.json('GET', '/v1/catalog', z.unknown())).resolves.toBeDefined();
      // The service checks signatures against the key it read last: the old one is gone for good.
      await expect(client.json('GET', '/v1/catalog', z.unknown())).rejects.toMatchObject({ status: 401, code: 'bad_signature' });
      await expect(again.client.json('GET', '/v1/decisions', z.unknown())).resolves.toBeDefined();
    });

    it('refuses a replay after the service restarted, within the timestamp window', async () => {
      const { identity } = await enrollStation(running, 'kiosk-restart');
      const signed = signedJson(identity, 'GET', '/v1/catalog', undefined);
      expect((await raw(running.url, 'GET', '/v1/catalog', { headers: signed.headers })).status).toBe(200);
      const restarted = await startService(db);
      try {
        expect(await raw(restarted.url, 'GET', '/v1/catalog', { headers: signed.headers })).toMatchObject({ status: 401, body: { error: { code: 'replayed' } } });
        const fresh = signedJson(identity, 'GET', '/v1/catalog', undefined);
        expect((await raw(restarted.url, 'GET', '/v1/catalog', { headers: fresh.headers })).status).toBe(200);
      } finally {
        await restarted.stop();
      }
    });
  });
}

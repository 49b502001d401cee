import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatAck, type StationHeartbeat } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import type { FleetStation } from '../../service/backoffice/api';
import { signedInBrowser, staffAccount, type StaffAccount, type StaffBrowser } from './backoffice-support/staff-browser';
import { databaseKinds } from './sync-support/databases';
import { enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * The fleet view (issue 18): the stations' signed heartbeats, alerts for a station that holds
 * data too long without syncing (on the page and for monitoring), the audit chain head checked
 * against what the station said before, and revoking a station from the page.
 */
const hash = (c: string) => c.repeat(64);
const beat = (over: Partial<StationHeartbeat> = {}): StationHeartbeat => ({
  stationTime: new Date().toISOString(),
  mode: 'kiosk',
  branch: 'Geschäftsstelle Mitte',
  softwareVersion: '0.1.0',
  queueLength: 0,
  bytesPending: 0,
  oldestPendingAt: null,
  lastSuccessAt: new Date().toISOString(),
  lastSyncError: null,
  devices: { reader: 'ok', scanner: 'not-configured', printer: 'unknown' },
  auditHead: { seq: 10, hash: hash('a') },
  ...over,
});

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`back-office fleet view on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let running: RunningService;
    let kiosk: ServiceClient;
    let clerk: ServiceClient;
    let sara: StaffAccount;
    let rolf: StaffAccount;
    let offset = 0;
    const now = () => new Date(Date.now() + offset);

    const signedIn = (account: StaffAccount) => signedInBrowser(db, running.url, account, now());
    const fleet = async (b: StaffBrowser) => ((await b.request('GET', '/bo/api/fleet')).body as { stations: FleetStation[] }).stations;

    beforeAll(async () => {
      ({ db, drop } = await kind.open());
      running = await startService(db, { now, backoffice: { fleet: { holdAlertHours: 2, silentAlertHours: 24 }, monitoringToken: 'monitoring-token-0123456789' } });
      ({ client: kiosk } = await enrollStation(running, 'kiosk-mitte', 'kiosk', 'Geschäftsstelle Mitte'));
      ({ client: clerk } = await enrollStation(running, 'clerk-nord', 'clerk', 'Nord'));
      sara = await staffAccount(db, 'sara.admin', ['station-admin']);
      rolf = await staffAccount(db, 'rolf.pruef', ['reviewer']);
    });
    afterAll(async () => {
      kiosk?.close();
      clerk?.close();
      await running?.stop();
      await drop?.();
    });

    it('shows every enrolled station with what its heartbeat said, and its clock skew', async () => {
      const skewed = new Date(Date.now() + 30_000).toISOString();
      const ack = await kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, beat({ stationTime: skewed, queueLength: 3, bytesPending: 4096, oldestPendingAt: new Date().toISOString() }));
      expect(ack.clockSkewSeconds).toBeGreaterThanOrEqual(29);
      const stations = await fleet(await signedIn(sara));
      expect(stations.map((s) => s.stationId)).toEqual(['clerk-nord', 'kiosk-mitte']);
      expect(stations[1]).toMatchObject({ mode: 'kiosk', branch: 'Geschäftsstelle Mitte', softwareVersion: '0.1.0', queueLength: 3, bytesPending: 4096, devices: { reader: 'ok' }, auditHead: 'ok', alerts: [] });
      // Mode and branch are the enrollment's, known before the first heartbeat.
      expect(stations[0]).toMatchObject({ mode: 'clerk', branch: 'Nord', lastContactAt: null, auditHead: 'unknown' });
    });

    it('raises an alert, on the page and for monitoring, when a station holds data too long without syncing', async () => {
      const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
      await clerk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, beat({ mode: 'clerk', branch: 'Nord', queueLength: 7, oldestPendingAt: threeHoursAgo, lastSuccessAt: threeHoursAgo, lastSyncError: 'Der Bonus-Service antwortet nicht.' }));
      const stations = await fleet(await signedIn(sara));
      expect(stations.find((s) => s.stationId === 'clerk-nord')).toMatchObject({ alerts: ['holding-data'], lastSyncError: 'Der Bonus-Service antwortet nicht.' });
      const monitor = await fetch(new URL('/bo/api/fleet/alerts', running.url), { headers: { authorization: 'Bearer monitoring-token-0123456789' } });
      expect(monitor.status).toBe(200);
      expect(((await monitor.json()) as { alerts: unknown[] }).alerts).toEqual([{ stationId: 'clerk-nord', code: 'holding-data', message: expect.stringContaining('clerk-nord') }]);
      expect((await fetch(new URL('/bo/api/fleet/alerts', running.url), { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      // A day later the silent stations are alerts too.
      offset = 25 * 3_600_000;
      const later = await fleet(await signedIn(sara));
      offset = 0;
      expect(later.find((s) => s.stationId === 'kiosk-mitte')?.alerts).toContain('silent');
    });

    it('marks an audit chain that went backwards or changed under a reported number', async () => {
      await kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, beat({ auditHead: { seq: 12, hash: hash('b') } }));
      expect((await fleet(await signedIn(sara))).find((s) => s.stationId === 'kiosk-mitte')?.auditHead).toBe('ok');
      await kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, beat({ auditHead: { seq: 11, hash: hash('c') } }));
      await kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, beat({ auditHead: { seq: 20, hash: hash('d') } }));
      const kioskRow = (await fleet(await signedIn(sara))).find((s) => s.stationId === 'kiosk-mitte');
      expect(kioskRow).toMatchObject({ auditHead: 'mismatch', alerts: ['audit-mismatch'] });
    });

    it('refuses a heartbeat that is unsigned or malformed, and keeps what it had', async () => {
      const before = (await db.query('SELECT report FROM station_heartbeats ORDER BY station_id')).rows;
      expect((await fetch(new URL('/v1/stations/heartbeat', running.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(beat()) })).status).toBe(401);
      await expect(kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, { ...beat(), queueLength: -1 })).rejects.toThrow();
      await expect(kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, { ...beat(), extra: true })).rejects.toThrow();
      expect((await db.query('SELECT report FROM station_heartbeats ORDER BY station_id')).rows).toEqual(before);
    });

    it('revokes a station from the page: its next request is refused; a reviewer cannot', async () => {
      expect((await (await signedIn(rolf)).request('POST', '/bo/api/fleet/kiosk-mitte/revoke')).status).toBe(403);
      expect((await (await signedIn(rolf)).request('GET', '/bo/api/fleet')).status).toBe(403);
      const admin = await signedIn(sara);
      expect((await admin.request('POST', '/bo/api/fleet/kiosk-mitte/revoke')).status).toBe(200);
      await expect(kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, beat())).rejects.toThrow(/revoked/);
      expect((await fleet(admin)).find((s) => s.stationId === 'kiosk-mitte')?.revokedAt).not.toBeNull();
      expect((await db.query("SELECT 1 FROM bo_audit WHERE account_id = 'sara.admin' AND action = 'fleet.revoke'")).rowCount).toBe(1);
    });
  });
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Enrollment } from '../../main/contract/service-api';
import type { StationIdentity } from '../../main/sync/station-key';
import { generateStationKey } from '../../main/sync/station-key';
import { trustPolicy } from '../../service/auth/trust-policy';
import type { Database } from '../../service/db/database';
import { databaseKinds } from '../integration/sync-support/databases';
import { member, submission } from '../integration/sync-support/fixtures';
import { raw, signedJson } from '../integration/sync-support/raw';
import { adminHeaders, enrollmentToken, enrollStation, startService, type RunningService } from '../integration/sync-support/service-harness';

/**
 * Hole 1: any station key was a master key at the service. A kiosk's key (taken from a stolen
 * kiosk disk, or a rogue enrolled kiosk) searched members by name and birth date, pulled every
 * field event's check-in state, created events and delivered what only other modes make.
 * Now the administrator issues enrollment tokens for a mode and branch, every endpoint names the
 * modes that may call it, and every refusal is audited at the service.
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`hole 1: roles at the service on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let kiosk: StationIdentity;
    let clerk: StationIdentity;
    let field: StationIdentity;
    const event = { id: 'roles-gesundheitstag', title: 'Gesundheitstag', company: 'Muster AG', startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), measures: [5] };

    const call = (identity: StationIdentity, method: string, path: string, body?: unknown) => raw(running.url, method, path, signedJson(identity, method, path, body));
    const audit = async (stationId: string) =>
      (await db.query<{ action: string; staff_id: string | null; subject: string | null; detail: Record<string, unknown> }>('SELECT action, staff_id, subject, detail FROM station_audit WHERE station_id = $1 ORDER BY seq', [stationId])).rows;

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db, { trust: trustPolicy({ memberSearch: { perStationPerHour: 5, perStaffPerHour: 3 } }) });
      ({ identity: kiosk } = await enrollStation(running, 'kiosk-roles', 'kiosk'));
      ({ identity: clerk } = await enrollStation(running, 'clerk-roles', 'clerk'));
      ({ identity: field } = await enrollStation(running, 'field-roles', 'field'));
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), event, adminHeaders);
    }, 180_000);
    afterAll(async () => {
      await running?.stop();
      await drop?.();
    });

    it('records the mode and branch the administrator issued the token for; a station configured otherwise enrolls nothing', async () => {
      const token = await enrollmentToken(running, 'kiosk-wants-more', 'kiosk', 'Filiale Nord');
      const key = generateStationKey();
      const asClerk = await raw(running.url, 'POST', '/v1/stations/enroll', { body: JSON.stringify({ token, stationId: 'kiosk-wants-more', mode: 'clerk', publicKey: key.publicKeyBase64 }), headers: { 'content-type': 'application/json' } });
      expect(asClerk.status).toBe(409);
      expect(asClerk.body.error?.code).toBe('mode_mismatch');
      expect((await db.query('SELECT 1 FROM stations WHERE station_id = $1', ['kiosk-wants-more'])).rows).toHaveLength(0);
      // The same token still enrolls the kiosk it was issued for, with the administrator's branch.
      const enrolled = await running.admin.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: 'kiosk-wants-more', mode: 'kiosk', publicKey: key.publicKeyBase64 });
      expect(enrolled).toMatchObject({ mode: 'kiosk', branch: 'Filiale Nord' });
      const listed = (await raw(running.url, 'GET', '/v1/admin/stations', { headers: adminHeaders })).body as { stations: { stationId: string; mode: string; branch: string }[] };
      expect(listed.stations.find((s) => s.stationId === 'kiosk-wants-more')).toMatchObject({ mode: 'kiosk', branch: 'Filiale Nord' });
    });

    it("refuses a kiosk's key the clerk's member search, and audits the attempt", async () => {
      const answer = await call(kiosk, 'POST', '/v1/members/search', { lastName: member.lastName, firstName: member.firstName, birthDate: member.birthDate, staffId: 'c.mueller' });
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('mode_forbidden');
      expect(JSON.stringify(answer.body)).not.toContain(member.kvnr);
      expect(await audit('kiosk-roles')).toContainEqual(expect.objectContaining({ action: 'station.mode-refused', subject: 'POST /v1/members/search' }));
    });

    it("gives kiosks and clerk desks nothing of the field events: no list, no check-in state, no event of their own", async () => {
      for (const [identity, stationId] of [
        [kiosk, 'kiosk-roles'],
        [clerk, 'clerk-roles'],
      ] as const) {
        const list = await call(identity, 'GET', '/v1/field-events');
        const state = await call(identity, 'GET', `/v1/field-events/${event.id}/check-in`);
        const own = await call(identity, 'PUT', '/v1/field-events/rogue-event', { ...event, id: 'rogue-event' });
        expect([list.status, state.status, own.status]).toEqual([403, 403, 403]);
        expect(JSON.stringify(state.body)).not.toMatch(/eventSecret|members/);
        expect((await audit(stationId)).filter((a) => a.action === 'station.mode-refused').map((a) => a.subject)).toEqual(
          expect.arrayContaining(['GET /v1/field-events', 'GET /v1/field-events/:id/check-in', 'PUT /v1/field-events/:id']),
        );
      }
      expect((await db.query('SELECT 1 FROM field_events WHERE id = $1', ['rogue-event'])).rows).toHaveLength(0);
      // The field desk still gets what it needs.
      expect((await call(field, 'GET', `/v1/field-events/${event.id}/check-in`)).status).toBe(200);
    });

    it('refuses what a mode does not make: a declaration from a clerk desk, a field check-in from a kiosk', async () => {
      const declaration = submission({ kind: 'participation', measures: [], createdAt: new Date().toISOString() });
      const fromClerk = await call(clerk, 'PUT', `/v1/submissions/${declaration.id}`, declaration);
      expect(fromClerk.status).toBe(403);
      expect(fromClerk.body.error?.code).toBe('kind_forbidden');
      const checkIn = submission({ kind: 'field-checkin', fieldEventId: event.id, measures: [{ measure: 5, performedOn: new Date().toISOString().slice(0, 10), evidence: [{ kind: 'event-confirmation' }] }] });
      const batch = await call(kiosk, 'POST', '/v1/submissions/batch', { submissions: [checkIn] });
      expect(batch.status).toBe(200);
      expect((batch.body as { results: { ok: boolean; status?: number; error?: { code: string } }[] }).results[0]).toMatchObject({ ok: false, status: 403, error: { code: 'kind_forbidden' } });
      expect((await db.query('SELECT 1 FROM submissions WHERE id = ANY($1::uuid[])', [[declaration.id, checkIn.id]])).rows).toHaveLength(0);
      expect((await audit('clerk-roles')).map((a) => a.action)).toContain('submission.kind-refused');
      expect((await audit('kiosk-roles')).map((a) => a.action)).toContain('submission.kind-refused');
    });

    it('lets a clerk desk search, audits every search with the signed staff id, and limits it per staff member and per station across service processes', async () => {
      // A second service process on the same database counts with the first.
      const second = await startService(db, { trust: trustPolicy({ memberSearch: { perStationPerHour: 5, perStaffPerHour: 3 } }) });
      try {
        const search = (url: string, staffId: string) => {
          const body = { lastName: member.lastName, firstName: member.firstName, birthDate: member.birthDate, staffId };
          return raw(url, 'POST', '/v1/members/search', signedJson(clerk, 'POST', '/v1/members/search', body));
        };
        const first = await search(running.url, 'c.mueller');
        expect(first.status).toBe(200);
        expect((first.body as { members: { kvnr: string }[] }).members.map((m) => m.kvnr)).toEqual([member.kvnr]);
        const staff = await Promise.all([search(second.url, 'c.mueller'), search(running.url, 'c.mueller'), search(second.url, 'c.mueller')]);
        expect(staff.map((a) => a.status).sort()).toEqual([200, 200, 429]);
        // Another clerk at the same desk: the station's limit (5) ends it.
        const other = [await search(second.url, 'd.schulz'), await search(running.url, 'd.schulz')];
        expect(other.map((a) => a.status)).toEqual([200, 429]);
        const searches = (await audit('clerk-roles')).filter((a) => a.action.startsWith('member.search'));
        expect(searches.filter((a) => a.action === 'member.search')).toHaveLength(4);
        expect(searches.filter((a) => a.action === 'member.search').map((a) => a.staff_id).sort()).toEqual(['c.mueller', 'c.mueller', 'c.mueller', 'd.schulz']);
        expect(searches.find((a) => a.action === 'member.search')?.detail).toEqual({ found: [member.kvnr] });
        expect(searches.filter((a) => a.action === 'member.search.rate-limited')).toHaveLength(2);
      } finally {
        await second.stop();
      }
    });

    it('binds the staff id to the signature: a changed staff id is refused', async () => {
      const signed = signedJson(clerk, 'POST', '/v1/members/search', { lastName: 'X', firstName: 'Y', birthDate: '1990-01-01', staffId: 'c.mueller' });
      const tampered = await raw(running.url, 'POST', '/v1/members/search', { body: signed.body.replace('c.mueller', 'someone.else'), headers: signed.headers });
      expect(tampered.status).toBe(401);
      expect(tampered.body.error?.code).toBe('bad_content_digest');
      const unsigned = await call(clerk, 'POST', '/v1/members/search', { lastName: 'X', firstName: 'Y', birthDate: '1990-01-01' });
      expect(unsigned.status).toBe(400);
    });

    it('refuses everything to a station whose mode was never recorded by an enrollment', async () => {
      const { identity } = await enrollStation(running, 'legacy-station', 'clerk');
      await db.query('UPDATE stations SET mode = NULL WHERE station_id = $1', ['legacy-station']);
      const answer = await call(identity, 'GET', '/v1/catalog');
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('station_role_unknown');
      const declaration = submission({ id: randomUUID(), kind: 'participation', measures: [] });
      expect((await call(identity, 'PUT', `/v1/submissions/${declaration.id}`, declaration)).status).toBe(403);
    });
  });
}

import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CheckInTokenIssued, FieldEventCheckIn, FieldEventList, SubmissionReceipt, type FieldEvent, type FieldEventCheckIn as CheckInState } from '../../main/contract/service-api';
import { berlinDateOf } from '../../main/domain';
import { memberPseudonym, openCheckInToken } from '../../main/field/checkin-token';
import type { ServiceApi } from '../../main/sync/service-api-client';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import { FieldEvents } from '../../main/field/field-events';
import { PulledCheckInCache, fieldPullOption, pullFieldCheckIns, pushStationEvents } from '../../main/field/field-pull';
import { openStationDatabase } from '../../main/store/database';
import { useTempDir } from '../support/temp-dir';
import { databaseKinds } from './sync-support/databases';
import { child, member } from './sync-support/fixtures';
import { raw } from './sync-support/raw';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

// Around the real time: the service checks a station's signed timestamps against its clock.
const tempDir = useTempDir();
const during = new Date(Math.floor(Date.now() / 1000) * 1000);
const year = Number(berlinDateOf(during.getTime()).slice(0, 4));
const event = { id: 'bgm-muster', title: 'Gesundheitstag', company: 'Muster AG', startsAt: new Date(during.getTime() - 3_600_000).toISOString(), endsAt: new Date(during.getTime() + 8 * 3_600_000).toISOString(), measures: [5] };
const other = { ...event, id: 'bgm-other', title: 'Rückentag' };

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`QR check-in codes from the service, opened offline at the station, on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let client: ServiceClient;
    let api: ServiceApi;
    const clock = { t: during.getTime() };

    const issue = (kvnr: string, fieldEventId = event.id, ttlMinutes = 5) => running.admin.json('POST', '/v1/member-app/checkin-tokens', CheckInTokenIssued, { kvnr, fieldEventId, ttlMinutes }, adminHeaders);
    const pullState = (id = event.id) => client.json('GET', `/v1/field-events/${id}/check-in`, FieldEventCheckIn);
    const open = (token: string, state: CheckInState | null, at = new Date(clock.t), eventId = event.id, insurerIks = ['109999990']) => openCheckInToken(token, { eventId, state, insurerIks, now: at });

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db, { now: () => new Date(clock.t) });
      ({ client, api } = await enrollStation(running, 'field-qr', 'field'));
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...member, credited: [{ year, measures: [1, 6] }] }, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), child, adminHeaders);
      for (const e of [event, other]) await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), e, adminHeaders);
    });
    afterAll(async () => {
      client?.close();
      await running?.stop();
      await drop?.();
    });

    it('issues a signed code with nobody in clear that the station opens offline with what it pulled', async () => {
      const state = await pullState();
      const { token, expiresAt } = await issue(member.kvnr);
      expect(token).toMatch(/^BQR1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(Date.parse(expiresAt) - clock.t).toBe(5 * 60_000);
      const decoded = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
      for (const personal of [member.kvnr, member.firstName, member.lastName, member.birthDate, 'E. T.']) expect(decoded).not.toContain(personal);
      expect(open(token, state)).toEqual({ ok: true, member: { kvnr: member.kvnr, birthDate: member.birthDate, initials: 'E. T.' } });
    });

    it('refuses an expired code, a changed one, one for another event or insurer, and one without the event pulled', async () => {
      const state = await pullState();
      const { token } = await issue(member.kvnr);
      expect(open(token, state, new Date(clock.t + 5 * 60_000))).toEqual({ ok: false, reason: 'qr-expired' });
      const [prefix, payload, signature] = token.split('.') as [string, string, string];
      const changed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number };
      changed.exp += 3600;
      expect(open(`${prefix}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`, state)).toEqual({ ok: false, reason: 'qr-forged' });
      expect(open(`${prefix}.${payload}.${signature.slice(0, -4)}AAAA`, state)).toEqual({ ok: false, reason: 'qr-forged' });
      const forOther = await issue(member.kvnr, other.id);
      expect(open(forOther.token, state)).toEqual({ ok: false, reason: 'qr-wrong-event' });
      expect(open(token, state, undefined, event.id, ['108888888'])).toEqual({ ok: false, reason: 'qr-wrong-insurer' });
      expect(open(token, null)).toEqual({ ok: false, reason: 'qr-not-set-up' });
      expect(open('A123457895', state)).toEqual({ ok: false, reason: 'qr-unreadable' });
    });

    it('reads a code typed by a hand scanner on a German keyboard layout (y/z swapped, ß for -, ? for _)', async () => {
      const state = await pullState();
      let token = '';
      // Issue until the code holds characters the layout changes, so the test proves the mapping.
      for (let i = 0; i < 50 && !(/[yzYZ]/.test(token) && /[-_]/.test(token)); i++) token = (await issue(member.kvnr)).token;
      const typed = token.replace(/[yzYZ_-]/g, (c) => ({ y: 'z', z: 'y', Y: 'Z', Z: 'Y', '-': 'ß', _: '?' })[c] ?? c);
      expect(typed).not.toBe(token);
      expect(open(typed, state)).toMatchObject({ ok: true, member: { kvnr: member.kvnr } });
    });

    it('lists what the insurer knows for the two-per-year rule by per-event pseudonym, and nothing for unknown members', async () => {
      const before = await pullState();
      const ref = memberPseudonym(before.eventSecret, member.kvnr);
      expect(before.members).toEqual([{ ref, companyHealthMeasures: 1 }]);
      expect(JSON.stringify(before)).not.toContain(member.kvnr);
      // A check-in at another event, delivered by a station, counts; one at this event does not.
      for (const fieldEventId of [other.id, event.id]) {
        const id = randomUUID();
        await client.json('PUT', `/v1/submissions/${id}`, SubmissionReceipt, {
          id,
          kind: 'field-checkin',
          createdAt: during.toISOString(),
          participationYear: year,
          fieldEventId,
          member: { kvnr: member.kvnr },
          measures: [{ measure: 5, performedOn: berlinDateOf(during.getTime()), evidence: [{ kind: 'event-confirmation' }] }],
        });
      }
      expect((await pullState()).members).toEqual([{ ref, companyHealthMeasures: 2 }]);
      expect(await running.admin.json('GET', `/v1/admin/field-events/${event.id}/participations`, z.unknown(), undefined, adminHeaders)).toEqual({
        eventId: event.id,
        participations: [{ kvnr: member.kvnr, checkIns: 1, stations: ['field-qr'] }],
      });
      const otherState = await pullState(other.id);
      expect(otherState.members.map((m) => m.ref)).not.toContain(ref);
      expect(otherState.members).toEqual([{ ref: memberPseudonym(otherState.eventSecret, member.kvnr), companyHealthMeasures: 2 }]);
    });

    it('is pulled by a field station per event, usable offline, and dropped when the event is no longer listed', async () => {
      const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
      try {
        await pullFieldCheckIns(store.db, api, [event, other] as FieldEvent[], during);
        const cache = new PulledCheckInCache(store.db);
        expect(cache.get(event.id)?.value).toMatchObject({ pulledAt: during.toISOString(), state: { eventId: event.id, insurerIk: '109999990', year } });
        const { token } = await issue(member.kvnr);
        expect(open(token, cache.get(event.id)!.value.state)).toMatchObject({ ok: true });
        // A removed event (404 on its check-in state) and an ended one (no longer listed) leave nothing behind.
        await pullFieldCheckIns(store.db, api, [{ ...other, id: 'bgm-removed' }] as FieldEvent[], during);
        expect(cache.get(event.id)).toBeNull();
        expect(cache.get('bgm-removed')).toBeNull();
        expect(cache.get(other.id)).toBeNull();
      } finally {
        store.close();
      }
    });

    it('counts one check-in per person and event when two desks, both offline, checked the same person in', async () => {
      const { client: secondDesk } = await enrollStation(running, 'field-qr-2', 'field');
      try {
        const checkIn = () => {
          const id = randomUUID();
          return {
            id,
            kind: 'field-checkin' as const,
            createdAt: during.toISOString(),
            participationYear: year,
            fieldEventId: other.id,
            member: { kvnr: child.kvnr },
            measures: [{ measure: 5, performedOn: berlinDateOf(during.getTime()), evidence: [{ kind: 'event-confirmation' as const }] }],
          };
        };
        const [a, b] = [checkIn(), checkIn()];
        // Delivered at the same moment once the network is back.
        const [first, second] = await Promise.all([client.json('PUT', `/v1/submissions/${a.id}`, SubmissionReceipt, a), secondDesk.json('PUT', `/v1/submissions/${b.id}`, SubmissionReceipt, b)]);
        expect([first.state, second.state].sort()).toEqual(['received', 'rejected']);
        expect([first, second].find((r) => r.state === 'rejected')?.evaluation.findings).toContain('field.already-checked-in');
        // A retry of the counted one is the same receipt, not a refusal of itself.
        const counted = first.state === 'received' ? { body: a, via: client } : { body: b, via: secondDesk };
        expect((await counted.via.json('PUT', `/v1/submissions/${counted.body.id}`, SubmissionReceipt, counted.body)).state).toBe('received');
        const held = (await running.admin.json('GET', `/v1/admin/field-events/${other.id}/participations`, z.object({ participations: z.array(z.object({ kvnr: z.string(), checkIns: z.number() })) }), undefined, adminHeaders)).participations;
        expect(held.filter((p) => p.kvnr === child.kvnr)).toEqual([{ kvnr: child.kvnr, checkIns: 1 }]);
      } finally {
        secondDesk.close();
      }
    });

    it('takes an event a field admin created on a station offline, once, owned by that station', async () => {
      const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
      const { client: otherDesk } = await enrollStation(running, 'field-qr-3', 'field');
      try {
        const created = new FieldEvents(store.db).create({ title: 'Rückenfit', company: 'Muster AG', date: berlinDateOf(during.getTime()), measure: 6 }, 'f.admin', during);
        // An insurer's event id a station may not take over: refused for good, not retried.
        store.db.prepare("INSERT INTO field_event (id, title, company, starts_at, ends_at, measures, created_by, created_at) VALUES (?, 'X', 'Y', ?, ?, '[5]', 'staff:f.admin', ?)").run(event.id, event.startsAt, event.endsAt, during.toISOString());
        const sync = fieldPullOption('field', store.db).pullForFieldEvents!;
        await sync(api, [], {});
        const listed = (await client.json('GET', '/v1/field-events', FieldEventList)).events;
        expect(listed.find((e) => e.id === created.id)).toEqual({ id: created.id, title: 'Rückenfit', company: 'Muster AG', startsAt: created.startsAt, endsAt: created.endsAt, measures: [6] });
        expect(listed.find((e) => e.id === event.id)?.title).toBe(event.title);
        expect(await pushStationEvents(store.db, api)).toBe(0);
        const { source, ...asSent } = created;
        expect(source).toBe('station');
        await expect(otherDesk.json('PUT', `/v1/field-events/${created.id}`, z.unknown(), { ...asSent, title: 'Übernommen' })).rejects.toMatchObject({ status: 409, code: 'event_conflict' });
        // Listed once at the station that created it, though the pull brings it back.
        await sync(api, listed, {});
        expect(new FieldEvents(store.db).list().filter((e) => e.id === created.id)).toMatchObject([{ source: 'station' }]);
      } finally {
        otherDesk.close();
        store.close();
      }
    });

    it('refuses codes for unknown members and ended events, and the pull to an unsigned caller', async () => {
      await expect(issue('Z999999999')).rejects.toMatchObject({ status: 404 });
      clock.t = Date.parse(event.endsAt) + 1000;
      await expect(issue(member.kvnr)).rejects.toMatchObject({ status: 409, code: 'event_ended' });
      clock.t = during.getTime();
      expect((await raw(running.url, 'GET', `/v1/field-events/${event.id}/check-in`)).status).toBe(401);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BookletLinkRecord, MemberSearchResponse } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import { databaseKinds } from './sync-support/databases';
import { child, member } from './sync-support/fixtures';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

const link = { kvnr: member.kvnr, birthDate: member.birthDate, year: 2026, program: 'adult' as const, legacy: false, issuedAt: '2026-11-20T10:00:00.000Z' };

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`booklet links and member search at the service on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let clerk: ServiceClient;
    let other: ServiceClient;

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db);
      ({ client: clerk } = await enrollStation(running, 'clerk-1', 'clerk'));
      ({ client: other } = await enrollStation(running, 'clerk-2', 'clerk'));
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), child, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...member, kvnr: 'C123456783', cardNumber: '80276001234567890555', firstName: 'Érika', lastName: 'TESTFRAU' }, adminHeaders);
    });
    afterAll(async () => {
      clerk?.close();
      other?.close();
      await running?.stop();
      await drop?.();
    });

    it('keeps the link a station sends, answers the same link again with the same record, and lets another station find the member', async () => {
      const first = await clerk.json('PUT', '/v1/booklets/K7M2Q9X4TR', BookletLinkRecord, link);
      expect(first).toEqual({ ...link, bookletId: 'K7M2Q9X4TR', stationId: 'clerk-1' });
      await expect(clerk.json('PUT', '/v1/booklets/K7M2Q9X4TR', BookletLinkRecord, link)).resolves.toEqual(first);
      await expect(other.json('GET', '/v1/booklets/K7M2Q9X4TR', BookletLinkRecord)).resolves.toEqual(first);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM booklet_links')).rows[0]?.n).toBe(1);
    });

    it('refuses a booklet id that is already another member’s, and changes nothing', async () => {
      await expect(other.json('PUT', '/v1/booklets/K7M2Q9X4TR', BookletLinkRecord, { ...link, kvnr: child.kvnr, birthDate: child.birthDate, program: 'child' })).rejects.toMatchObject({
        status: 409,
        code: 'booklet_conflict',
      });
      await expect(clerk.json('GET', '/v1/booklets/K7M2Q9X4TR', BookletLinkRecord)).resolves.toMatchObject({ kvnr: member.kvnr });
    });

    it('answers 404 for an unknown booklet and 400 for an id outside the alphabet', async () => {
      await expect(clerk.json('GET', '/v1/booklets/ZZZZZZZZ', BookletLinkRecord)).rejects.toMatchObject({ status: 404 });
      await expect(clerk.json('GET', '/v1/booklets/OIOIOI', BookletLinkRecord)).rejects.toMatchObject({ status: 400 });
      await expect(clerk.json('PUT', '/v1/booklets/K7M2Q9X4TS', BookletLinkRecord, { ...link, kvnr: 'not-a-kvnr' })).rejects.toMatchObject({ status: 400 });
    });

    it('finds members only by the exact full name and birth date, ignoring case and accents', async () => {
      const found = await clerk.json('POST', '/v1/members/search', MemberSearchResponse, { lastName: 'testfrau', firstName: 'erika', birthDate: member.birthDate, staffId: 'c.mueller' });
      expect(found.members.map((m) => m.kvnr)).toEqual([member.kvnr, 'C123456783']);
      const partial = await clerk.json('POST', '/v1/members/search', MemberSearchResponse, { lastName: 'Test', firstName: 'Erika', birthDate: member.birthDate, staffId: 'c.mueller' });
      expect(partial.members).toEqual([]);
      const wrongDay = await clerk.json('POST', '/v1/members/search', MemberSearchResponse, { lastName: 'Testfrau', firstName: 'Erika', birthDate: '1980-04-03', staffId: 'c.mueller' });
      expect(wrongDay.members).toEqual([]);
      await expect(clerk.json('POST', '/v1/members/search', MemberSearchResponse, { lastName: 'Testfrau', birthDate: member.birthDate, staffId: 'c.mueller' })).rejects.toMatchObject({ status: 400 });
    });

    it('answers only signed stations', async () => {
      const res = await fetch(`${running.url}/v1/booklets/K7M2Q9X4TR`);
      expect(res.status).toBe(401);
    });
  });
}

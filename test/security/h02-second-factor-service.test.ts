import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { IdentityCheckResult, KioskApprovalStatus, IdentityLockResetResult, IdentityLockStatus } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import { trustPolicy } from '../../service/auth/trust-policy';
import type { Database } from '../../service/db/database';
import { databaseKinds } from '../integration/sync-support/databases';
import { adminHeaders, enrollStation, startService, type RunningService } from '../integration/sync-support/service-harness';

/**
 * Hole 2, at the service: the kiosk's second factor was read from the card it protects (EF.PD,
 * no PIN) and failures were counted in each kiosk's own database, three tries per 15 minutes per
 * kiosk: 288 guesses a day at one kiosk, more at several. The attacker holds a found card and a
 * reader and walks from kiosk to kiosk. Now the service compares the answer with the insurer's
 * record and counts failures per person across all stations, in one transaction per answer.
 */
const hour = 3_600_000;
let serial = 700;
function member(postalCode: string | null = '10115') {
  serial += 1;
  return { kvnr: `F${String(500000000 + serial).padStart(9, '0')}`, cardNumber: `8027600765432200${String(serial).padStart(4, '0')}`, firstName: 'Gerda', lastName: 'Gefunden', birthDate: '1971-09-30', postalCode };
}
type Member = ReturnType<typeof member>;

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`hole 2: the second factor checked by the insurer on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    const kiosks: ServiceClient[] = [];
    let clerk: ServiceClient;
    const clock = { t: Date.parse('2026-07-10T10:00:00.000Z') };

    const seed = async (m: Member) => {
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), m, adminHeaders);
      return m;
    };
    const check = (m: Pick<Member, 'kvnr' | 'cardNumber'>, answer: string, via = kiosks[0]!, factor: 'postalCode' | 'birthDate' = 'postalCode') =>
      via.json('POST', '/v1/members/identity-check', IdentityCheckResult, { kvnr: m.kvnr, cardNumber: m.cardNumber, factor, answer });

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(clock.t);
      running = await startService(db, { now: () => new Date(clock.t), trust: trustPolicy({ identity: { maxAttempts: 3, lockHours: 24, approvalSeconds: 120 } }) });
      for (const id of ['kiosk-a', 'kiosk-b', 'kiosk-c']) kiosks.push((await enrollStation(running, `${id}-${kind.name}`, 'kiosk')).client);
      ({ client: clerk } = await enrollStation(running, `clerk-h02-${kind.name}`, 'clerk'));
    }, 180_000);
    beforeEach(() => vi.setSystemTime(clock.t));
    afterAll(async () => {
      vi.useRealTimers();
      await running?.stop();
      await drop?.();
    });

    it("refuses a found card's own postal code when the insurer's record differs", async () => {
      // The card still says 70173 (EF.PD); the member has moved and the insurer knows 10115.
      const m = await seed(member('10115'));
      expect(await check(m, '70173')).toEqual({ outcome: 'refused', attemptsLeft: 2 });
      expect(await check(m, '10115')).toEqual({ outcome: 'confirmed' });
      expect(await check(m, '30.09.1971', kiosks[0], 'birthDate')).toEqual({ outcome: 'confirmed' });
    });

    it('adds up failures at kiosks A and B and locks the person everywhere, the right answer included', async () => {
      const m = await seed(member());
      expect(await check(m, '70173', kiosks[0])).toEqual({ outcome: 'refused', attemptsLeft: 2 });
      expect(await check(m, '70174', kiosks[1])).toEqual({ outcome: 'refused', attemptsLeft: 1 });
      expect((await check(m, '70175', kiosks[0])).outcome).toBe('locked');
      // At a third kiosk the right answer gets the same answer as a wrong one: no oracle while locked.
      const right = await check(m, '10115', kiosks[2]);
      const wrong = await check(m, '99999', kiosks[2]);
      expect(right).toEqual(wrong);
      expect(right.outcome).toBe('locked');
      const audit = (await db.query<{ action: string }>('SELECT action FROM station_audit WHERE subject = $1 ORDER BY seq', [m.kvnr])).rows.map((r) => r.action);
      expect(audit).toEqual(['identity.refused', 'identity.refused', 'identity.locked', 'identity.locked', 'identity.locked']);
    });

    it('counts parallel wrong answers from several kiosks atomically', async () => {
      const m = await seed(member());
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => check(m, String(20000 + i), kiosks[i % 3])));
      expect(answers.filter((a) => a.outcome === 'refused')).toHaveLength(2);
      expect(answers.filter((a) => a.outcome === 'locked')).toHaveLength(10);
      expect((await check(m, '10115')).outcome).toBe('locked');
    });

    it('makes 288 guesses a day impossible: a guess every 5 minutes for a day at three kiosks gets three answers checked', async () => {
      const m = await seed(member('10115'));
      const start = clock.t;
      let checked = 0;
      try {
        for (let i = 0; i < 288; i++) {
          clock.t = start + i * 5 * 60_000;
          vi.setSystemTime(clock.t);
          // The right code comes at guess 150; a lock hides it.
          const answer = await check(m, i === 150 ? '10115' : String(30000 + i), kiosks[i % 3]);
          if (answer.outcome === 'confirmed') throw new Error(`guess ${i} got through`);
          if (answer.outcome === 'refused') checked += 1;
        }
      } finally {
        clock.t = start;
        vi.setSystemTime(clock.t);
      }
      // Two answers say "wrong", the third locks for 24 h: three tries a day per person.
      expect(checked).toBe(2);
      // 288 signed requests: generous on a loaded machine.
    }, 240_000);

    it('answers an unknown KVNR and another card number like a wrong answer', async () => {
      const m = await seed(member());
      expect(await check({ kvnr: 'Z999999999', cardNumber: m.cardNumber }, '10115')).toEqual({ outcome: 'refused', attemptsLeft: 2 });
      expect(await check({ kvnr: m.kvnr, cardNumber: '80276001111111111111' }, '10115')).toEqual({ outcome: 'refused', attemptsLeft: 2 });
    });

    it('lifts the lock after the configured time, or when a clerk desk resets it (audited with the staff id); a kiosk cannot', async () => {
      const m = await seed(member());
      for (const code of ['1', '2', '3']) await check(m, `7017${code}`);
      expect((await check(m, '10115')).outcome).toBe('locked');
      await expect(kiosks[0]!.json('POST', '/v1/members/identity-lock/reset', IdentityLockResetResult, { kvnr: m.kvnr, staffId: 'k.kiosk' })).rejects.toMatchObject({ status: 403 });
      expect(await clerk.json('POST', '/v1/members/identity-lock/reset', IdentityLockResetResult, { kvnr: m.kvnr, staffId: 'c.mueller' })).toEqual({ wasLocked: true });
      expect(await check(m, '10115')).toEqual({ outcome: 'confirmed' });
      const reset = (await db.query<{ staff_id: string }>("SELECT staff_id FROM station_audit WHERE subject = $1 AND action = 'identity.lock-reset'", [m.kvnr])).rows;
      expect(reset).toEqual([{ staff_id: 'c.mueller' }]);

      for (const code of ['1', '2', '3']) await check(m, `7017${code}`);
      clock.t += 23 * hour;
      vi.setSystemTime(clock.t);
      expect((await check(m, '10115')).outcome).toBe('locked');
      clock.t += 1 * hour;
      vi.setSystemTime(clock.t);
      expect(await check(m, '10115')).toEqual({ outcome: 'confirmed' });
    });

    it("tells a clerk desk a person's lock read-only (audited with the staff id); a kiosk cannot ask, an unknown KVNR is 404", async () => {
      const m = await seed(member());
      const status = (via = clerk) => via.json('POST', '/v1/members/identity-lock/status', IdentityLockStatus, { kvnr: m.kvnr, staffId: 'c.mueller' });
      expect(await status()).toEqual({ lockedUntil: null, failedAttempts: 0 });
      await check(m, '70171');
      expect(await status()).toEqual({ lockedUntil: null, failedAttempts: 1 });
      for (const code of ['2', '3']) await check(m, `7017${code}`);
      const locked = await status();
      expect(locked).toEqual({ lockedUntil: new Date(clock.t + 24 * hour).toISOString(), failedAttempts: 3 });
      // Asking twice changes nothing: still locked, the right answer still refused.
      expect(await status()).toEqual(locked);
      expect((await check(m, '10115')).outcome).toBe('locked');
      // A kiosk may neither ask nor lift; a KVNR outside the insurer's register is 404 for both.
      await expect(status(kiosks[0])).rejects.toMatchObject({ status: 403 });
      await expect(clerk.json('POST', '/v1/members/identity-lock/status', IdentityLockStatus, { kvnr: 'Z999999999', staffId: 'c.mueller' })).rejects.toMatchObject({ status: 404 });
      await expect(clerk.json('POST', '/v1/members/identity-lock/reset', IdentityLockResetResult, { kvnr: 'Z999999999', staffId: 'c.mueller' })).rejects.toMatchObject({ status: 404 });
      const audit = (await db.query<{ staff_id: string }>("SELECT staff_id FROM station_audit WHERE subject = $1 AND action = 'identity.lock-status'", [m.kvnr])).rows;
      expect(audit).toHaveLength(4);
      expect(new Set(audit.map((a) => a.staff_id))).toEqual(new Set(['c.mueller']));
      // An ended lock is reported as over without anybody having answered since.
      clock.t += 24 * hour;
      vi.setSystemTime(clock.t);
      try {
        expect(await status()).toEqual({ lockedUntil: null, failedAttempts: 0 });
      } finally {
        clock.t -= 24 * hour;
        vi.setSystemTime(clock.t);
      }
    });

    describe("approval in the member's app", () => {
      const create = (m: Member, via = kiosks[0]!) => via.json('POST', '/v1/kiosk-approvals', KioskApprovalStatus, { id: randomUUID(), kvnr: m.kvnr, cardNumber: m.cardNumber });
      const look = (id: string, via = kiosks[0]!) => via.json('GET', `/v1/kiosk-approvals/${id}`, KioskApprovalStatus);
      const app = (kvnr: string, code: string, approve = true) => running.admin.json('POST', '/v1/member-app/kiosk-approvals/answer', KioskApprovalStatus, { kvnr, code, approve }, adminHeaders);

      it('hands an approval out once: the second look says "used"', async () => {
        const m = await seed(member());
        const started = await create(m);
        expect(started).toMatchObject({ state: 'awaiting-member', code: expect.stringMatching(/^\d{6}$/), expiresInMs: 120_000 });
        expect((await look(started.id)).state).toBe('awaiting-member');
        await app(m.kvnr, started.code!);
        expect((await look(started.id)).state).toBe('approved');
        expect((await look(started.id)).state).toBe('used');
        // The same code cannot be approved again, nor can another kiosk read the approval.
        await expect(app(m.kvnr, started.code!)).rejects.toMatchObject({ status: 404 });
        await expect(look(started.id, kiosks[1])).rejects.toMatchObject({ status: 404 });
      });

      it('expires the code; an expired or foreign code cannot be approved', async () => {
        const m = await seed(member());
        const other = await seed(member());
        const started = await create(m);
        // Another member's app cannot approve this kiosk session, even with the code on screen.
        await expect(app(other.kvnr, started.code!)).rejects.toMatchObject({ status: 404 });
        clock.t += 121_000;
        vi.setSystemTime(clock.t);
        await expect(app(m.kvnr, started.code!)).rejects.toMatchObject({ status: 404 });
        expect(await look(started.id)).toMatchObject({ state: 'expired', code: null, expiresInMs: 0 });
      });

      it('a declined approval does not open the session, and a new approval ends the one before', async () => {
        const m = await seed(member());
        const first = await create(m);
        const second = await create(m, kiosks[1]);
        expect((await look(first.id)).state).toBe('expired');
        await app(m.kvnr, second.code!, false);
        expect((await look(second.id, kiosks[1])).state).toBe('declined');
      });

      it('starts no approval for a card the insurer does not know', async () => {
        const m = member();
        await expect(create(m)).rejects.toMatchObject({ status: 404 });
      });
    });
  });
}

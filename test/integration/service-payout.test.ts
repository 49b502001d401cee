import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ChangeRequestStatus, MemberState, SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import { databaseKinds } from './sync-support/databases';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * Payout applications and protected changes at the real service on PGlite (and PostgreSQL
 * where configured): the service recomputes every payout itself, and a bank change takes
 * effect only when the member approves it in the app within the window.
 */

// Made-up members; KVNRs in the wire format, no real person.
let serial = 100;
function seedMember(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    kvnr: `C${String(200000000 + serial).padStart(9, '0')}`,
    cardNumber: `8027600123456789${String(serial).padStart(4, '0')}`,
    firstName: 'Paula',
    lastName: 'Prüfling',
    birthDate: '1975-08-15',
    bank: { iban: 'DE89370400440532013000', accountHolder: 'Paula Prüfling' },
    participation: [{ year: 2026, program: 'adult' as const, declaredAt: '2026-01-10T09:00:00.000Z' }],
    credited: [{ year: 2026, measures: [1, 7, 12] }],
    ...overrides,
  };
}

function payoutApplication(m: { kvnr: string; cardNumber: string }, overrides: Partial<SubmissionUpload> = {}): SubmissionUpload {
  return {
    id: randomUUID(),
    kind: 'payout-application',
    createdAt: '2027-02-01T09:00:00.000Z',
    participationYear: 2026,
    member: { kvnr: m.kvnr, cardNumber: m.cardNumber },
    measures: [],
    stationClaim: { totalCents: 3000 },
    ...overrides,
  };
}

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`payout applications and protected changes on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let client: ServiceClient;
    // The service's clock, moved by the tests. Station signatures carry the time too, so the
    // process's Date moves with it (only Date is faked; timers and I/O run for real).
    const normal = Date.parse('2027-02-01T10:00:00.000Z');
    let clock = normal;
    const setClock = (ms: number) => {
      clock = ms;
      vi.setSystemTime(ms);
    };

    const seed = async (m: ReturnType<typeof seedMember>) => {
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), m, adminHeaders);
      return m;
    };
    const deliver = (s: SubmissionUpload) => client.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s);

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      vi.useFakeTimers({ toFake: ['Date'] });
      setClock(normal);
      running = await startService(db, { changeWindowMinutes: 5, now: () => new Date(clock) });
      ({ client } = await enrollStation(running, 'kiosk-payout'));
    });
    afterAll(async () => {
      vi.useRealTimers();
      client?.close();
      await running?.stop();
      await drop?.();
    });

    describe('payout application', () => {
      it('is worth what the service has credited for the year, recomputed by the shared rules', async () => {
        const m = await seed(seedMember());
        const receipt = await deliver(payoutApplication(m));
        expect(receipt.state).toBe('received');
        expect(receipt.evaluation).toEqual({ engine: 'evaluated', ruleSetVersion: expect.any(String), totalCents: 3000, findings: [] });
      });

      it("never takes the station's figure: a wrong claim is recomputed and flagged", async () => {
        const m = await seed(seedMember());
        const receipt = await deliver(payoutApplication(m, { stationClaim: { totalCents: 12000 } }));
        expect(receipt.evaluation).toMatchObject({ totalCents: 3000, findings: ['station-claim.differs'] });
      });

      it('is granted once per member and year; the same delivery again is the same receipt', async () => {
        const m = await seed(seedMember());
        const first = payoutApplication(m);
        const granted = await deliver(first);
        expect(await deliver(first)).toEqual(granted);
        const second = await deliver(payoutApplication(m));
        expect(second.evaluation).toMatchObject({ totalCents: 0, findings: ['payout.already-applied'] });
        // Another year is another application (here the running one, asked for early).
        const next = await seed({ ...m, participation: [...m.participation, { year: 2027, program: 'adult', declaredAt: '2027-01-05T09:00:00.000Z' }], credited: [...m.credited, { year: 2027, measures: [3] }] });
        const early = await deliver(payoutApplication(next, { participationYear: 2027, stationClaim: { totalCents: 1000 } }));
        expect(early.evaluation).toMatchObject({ totalCents: 1000, findings: ['payout.early-request'] });
      });

      it('waits while evidence of that year is still under review', async () => {
        const m = await seed(seedMember());
        const pending: SubmissionUpload = { ...payoutApplication(m), kind: 'measures', measures: [{ measure: 8, performedOn: '2026-10-01', evidence: [{ kind: 'dated-self-declaration' }] }], stationClaim: { totalCents: 1000 } };
        await deliver(pending);
        expect((await deliver(payoutApplication(m))).evaluation).toMatchObject({ totalCents: 0, findings: ['payout.awaiting-review'] });
      });

      it('pays nothing without participation or without a fulfilled field', async () => {
        const outsider = await seed(seedMember({ participation: [], credited: [] }));
        expect((await deliver(payoutApplication(outsider, { stationClaim: { totalCents: 0 } }))).evaluation).toMatchObject({ totalCents: 0, findings: ['payout.not-participating'] });
        const empty = await seed(seedMember({ credited: [] }));
        expect((await deliver(payoutApplication(empty, { stationClaim: { totalCents: 0 } }))).evaluation).toMatchObject({ totalCents: 0, findings: ['payout.nothing-earned'] });
      });

      it('§2.1: an application after 30.06. of the next year has no claim, whatever date the station writes', async () => {
        const m = await seed(seedMember());
        setClock(Date.parse('2027-07-02T08:00:00.000Z'));
        try {
          expect((await deliver(payoutApplication(m, { createdAt: '2027-07-01T22:30:00.000Z' }))).evaluation).toMatchObject({ totalCents: 0, findings: ['payout.deadline-passed'] });
          // A station clock that claims an earlier moment than the service received it does count (offline queue)...
          const queued = await seed(seedMember());
          expect((await deliver(payoutApplication(queued, { createdAt: '2027-06-29T10:00:00.000Z' }))).evaluation).toMatchObject({ totalCents: 3000, findings: [] });
        } finally {
          setClock(normal);
        }
      });

      it('§1: during the running year the member may ask early; the service notes it', async () => {
        const m = await seed(seedMember());
        setClock(Date.parse('2026-11-20T10:05:00.000Z'));
        try {
          expect((await deliver(payoutApplication(m, { createdAt: '2026-11-20T10:00:00.000Z' }))).evaluation).toMatchObject({ totalCents: 3000, findings: ['payout.early-request'] });
        } finally {
          setClock(normal);
        }
      });

      it('refuses an application that carries measures, and stores nothing', async () => {
        const m = await seed(seedMember());
        const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions')).rows[0]?.n;
        const bad = payoutApplication(m, { measures: [{ measure: 1, performedOn: '2026-03-01', evidence: [] }] });
        await expect(deliver(bad)).rejects.toMatchObject({ status: 400, code: 'payout_with_measures' });
        expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions')).rows[0]?.n).toBe(before);
      });
    });

    describe('bank change (2FA in the app)', () => {
      const bankChange = (m: { kvnr: string; cardNumber: string }, iban = 'DE02120300000000202051') => ({
        id: randomUUID(),
        kvnr: m.kvnr,
        cardNumber: m.cardNumber,
        change: { kind: 'bank' as const, iban, accountHolder: 'Paula Prüfling' },
      });
      const stateOf = (m: { kvnr: string; cardNumber: string }) => client.json('POST', '/v1/members/state', MemberState, { kvnr: m.kvnr, cardNumber: m.cardNumber });
      const storedChange = async (id: string) => JSON.stringify((await db.query<{ change: unknown }>('SELECT change FROM change_requests WHERE id = $1', [id])).rows[0]?.change);
      const answer = (id: string, approve: boolean) => running.admin.json('POST', `/v1/member-app/change-requests/${id}/response`, ChangeRequestStatus, { approve }, adminHeaders);

      it('refuses an IBAN with wrong check digits, and stores nothing', async () => {
        const m = await seed(seedMember());
        const request = bankChange(m, 'DE03120300000000202051');
        await expect(client.json('POST', '/v1/change-requests', ChangeRequestStatus, request)).rejects.toMatchObject({ status: 400, code: 'iban_invalid' });
        expect((await db.query('SELECT 1 FROM change_requests WHERE id = $1', [request.id])).rows).toHaveLength(0);
      });

      it('takes effect when the member approves in time', async () => {
        const m = await seed(seedMember());
        const request = bankChange(m);
        expect(await client.json('POST', '/v1/change-requests', ChangeRequestStatus, request)).toMatchObject({ state: 'awaiting-member', expiresAt: new Date(clock + 5 * 60_000).toISOString(), expiresInMs: 5 * 60_000 });
        expect((await stateOf(m)).bank?.ibanMasked).toBe('DE89 **** **** **** **** 00');
        // The member's app fetches what waits for approval.
        const pending = await running.admin.json('POST', '/v1/member-app/change-requests/pending', z.object({ requests: z.array(ChangeRequestStatus) }), { kvnr: m.kvnr }, adminHeaders);
        expect(pending.requests).toEqual([{ id: request.id, kind: 'bank', state: 'awaiting-member', expiresAt: expect.any(String), expiresInMs: 5 * 60_000 }]);
        expect(await answer(request.id, true)).toMatchObject({ state: 'applied' });
        expect((await client.json('GET', `/v1/change-requests/${request.id}`, ChangeRequestStatus)).state).toBe('applied');
        expect((await stateOf(m)).bank?.ibanMasked).toBe('DE02 **** **** **** **** 51');
      });

      it('is dropped when the member declines: nothing changes and the new IBAN is not kept', async () => {
        const m = await seed(seedMember());
        const request = bankChange(m);
        await client.json('POST', '/v1/change-requests', ChangeRequestStatus, request);
        expect(await storedChange(request.id)).toContain('DE02120300000000202051');
        expect(await answer(request.id, false)).toMatchObject({ state: 'declined' });
        expect((await stateOf(m)).bank?.ibanMasked).toBe('DE89 **** **** **** **** 00');
        expect(await storedChange(request.id)).not.toContain('DE02');
        await expect(answer(request.id, true)).rejects.toMatchObject({ status: 409, code: 'change_declined' });
      });

      it('expires after the window: a late approval changes nothing and the new IBAN is not kept', async () => {
        const m = await seed(seedMember());
        const request = bankChange(m);
        await client.json('POST', '/v1/change-requests', ChangeRequestStatus, request);
        setClock(clock + 5 * 60_000);
        try {
          expect(await client.json('GET', `/v1/change-requests/${request.id}`, ChangeRequestStatus)).toMatchObject({ state: 'expired', expiresInMs: 0 });
          expect(await running.admin.json('POST', '/v1/member-app/change-requests/pending', z.object({ requests: z.array(ChangeRequestStatus) }), { kvnr: m.kvnr }, adminHeaders)).toEqual({ requests: [] });
          await expect(answer(request.id, true)).rejects.toMatchObject({ status: 409, code: 'change_expired' });
          expect((await stateOf(m)).bank?.ibanMasked).toBe('DE89 **** **** **** **** 00');
          expect(await storedChange(request.id)).not.toContain('DE02');
          // The station retrying its create after the window gets the same answer, not a new window.
          expect(await client.json('POST', '/v1/change-requests', ChangeRequestStatus, request)).toMatchObject({ state: 'expired' });
        } finally {
          setClock(normal);
        }
      });
    });
  });
}

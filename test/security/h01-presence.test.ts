import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CheckInTokenIssued, SubmissionReceipt, type Capture, type SubmissionUpload } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import { trustPolicy } from '../../service/auth/trust-policy';
import type { Database } from '../../service/db/database';
import { databaseKinds } from '../integration/sync-support/databases';
import { adminHeaders, enrollStation, startService, type RunningService } from '../integration/sync-support/service-harness';

/**
 * Hole 1, second half: any enrolled kiosk or field desk could declare participation for any KVNR
 * without a card, and `declaredAt = min(createdAt, receivedAt)` had no lower bound, so a
 * declaration dated back months made earlier measures pay out. Now a kiosk or field desk proves
 * presence (the card read, or the app's signed code) and a declaration dated more than the
 * tolerance before its receipt, or without proof, does not count until a reviewer accepts it.
 */
const hour = 3_600_000;
let serial = 500;
function seedMember(): { kvnr: string; cardNumber: string; firstName: string; lastName: string; birthDate: string; participation: { year: number; program: 'adult' | 'child'; declaredAt: string }[]; credited: { year: number; measures: number[] }[] } {
  serial += 1;
  return {
    kvnr: `E${String(400000000 + serial).padStart(9, '0')}`,
    cardNumber: `8027600765432100${String(serial).padStart(4, '0')}`,
    firstName: 'Paula',
    lastName: 'Präsenz',
    birthDate: '1975-06-15',
    participation: [],
    credited: [],
  };
}
type Member = ReturnType<typeof seedMember>;

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`hole 1: declarations bound to presence on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let kiosk: ServiceClient;
    let field: ServiceClient;
    const clock = { t: Date.parse('2026-07-10T10:00:00.000Z') };
    const at = (offsetMs: number) => new Date(clock.t + offsetMs).toISOString();

    const seed = async () => {
      const m = seedMember();
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), m, adminHeaders);
      return m;
    };
    const cardCapture = (m: Member, readAt: string): Capture => ({ method: 'card', readAt, cardNumber: m.cardNumber });
    const declaration = (m: Member, createdAt: string, capture?: Capture, cardNumber?: string): SubmissionUpload => ({
      id: randomUUID(),
      kind: 'participation',
      createdAt,
      participationYear: 2026,
      member: { kvnr: m.kvnr, ...(cardNumber ? { cardNumber } : {}) },
      declaredBy: 'self',
      measures: [],
      ...(capture ? { capture } : {}),
    });
    const evidence = (m: Member, performedOn: string): SubmissionUpload => ({
      id: randomUUID(),
      kind: 'measures',
      createdAt: at(0),
      participationYear: 2026,
      member: { kvnr: m.kvnr, cardNumber: m.cardNumber },
      capture: cardCapture(m, at(-60_000)),
      measures: [{ measure: 8, performedOn, evidence: [{ kind: 'dated-self-declaration' }] }],
    });
    const deliver = (s: SubmissionUpload, via = kiosk) => via.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s);
    const participation = async (m: Member) => (await db.query<{ declared_at: Date }>('SELECT declared_at FROM participations WHERE kvnr = $1', [m.kvnr])).rows.map((r) => new Date(r.declared_at).toISOString());

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(clock.t);
      running = await startService(db, { now: () => new Date(clock.t), trust: trustPolicy({ declarationToleranceHours: 96 }) });
      ({ client: kiosk } = await enrollStation(running, 'kiosk-presence', 'kiosk'));
      ({ client: field } = await enrollStation(running, 'field-presence', 'field'));
    }, 180_000);
    beforeEach(() => vi.setSystemTime(clock.t));
    afterAll(async () => {
      vi.useRealTimers();
      await running?.stop();
      await drop?.();
    });

    it('does not let a declaration dated back months count, so earlier measures do not pay out', async () => {
      const m = await seed();
      const backdated = at(-120 * 24 * hour);
      const receipt = await deliver(declaration(m, backdated, cardCapture(m, backdated)));
      expect(receipt.evaluation.findings).toContain('capture.backdated');
      expect(receipt.state).toBe('received');
      expect(await participation(m)).toEqual([]);
      // A measure from before the receipt is therefore not counted.
      expect((await deliver(evidence(m, '2026-04-01'))).evaluation.findings).toContain('participation.not_declared');
      // It waits in the review queue; a reviewer who checked it (a paper form, say) lets it count.
      const queue = await running.admin.json('GET', '/v1/review/submissions?state=received', z.object({ submissions: z.array(z.object({ id: z.string() })) }), undefined, adminHeaders);
      expect(queue.submissions.map((s) => s.id)).toContain(receipt.id);
      await running.admin.json('POST', `/v1/review/submissions/${receipt.id}/decision`, z.unknown(), { decision: 'accepted', reviewer: 'bo-1' }, adminHeaders);
      expect(await participation(m)).toEqual([backdated]);
    });

    it('lets a declaration from an offline field day within the tolerance count from when it was made', async () => {
      const m = await seed();
      const madeOffline = at(-72 * hour);
      const receipt = await deliver(declaration(m, madeOffline, cardCapture(m, at(-72 * hour - 60_000))), field);
      expect(receipt.evaluation.findings.filter((f) => f.startsWith('presence.') || f.startsWith('capture.'))).toEqual([]);
      expect(await participation(m)).toEqual([madeOffline]);
    });

    it('refuses to count a declaration without proof that the card was there, or with another card', async () => {
      const m = await seed();
      const none = await deliver(declaration(m, at(0)));
      expect(none.evaluation.findings).toContain('presence.missing');
      const wrongCard = await deliver(declaration(m, at(0), { method: 'card', readAt: at(-30_000), cardNumber: '80276000000000000000' }));
      expect(wrongCard.evaluation.findings).toContain('presence.card-mismatch');
      const oldStyleWrong = await deliver(declaration(m, at(0), undefined, '80276000000000000001'));
      expect(oldStyleWrong.evaluation.findings).toContain('presence.card-mismatch');
      const typedIn = await deliver(declaration(m, at(0), { method: 'staff-entry', readAt: at(-30_000), staffId: 'f.feld' }), field);
      expect(typedIn.evaluation.findings).toContain('presence.staff-entry');
      expect(await participation(m)).toEqual([]);
      // The same member with their card at the kiosk: counts at once.
      const withCard = declaration(m, at(0), cardCapture(m, at(-30_000)));
      expect((await deliver(withCard)).evaluation.findings.filter((f) => f.startsWith('presence.'))).toEqual([]);
      expect(await participation(m)).toEqual([at(0)]);
    });

    it("does not take another person's card as presence unless the insurer records them as the member's representative", async () => {
      const parent = await seed();
      const stranger = await seed();
      const child = { ...seedMember(), birthDate: '2018-02-01', parentKvnr: parent.kvnr };
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), child, adminHeaders);
      const byStranger = declaration(child, at(0), { method: 'card', readAt: at(-10_000), cardNumber: stranger.cardNumber, holderKvnr: stranger.kvnr });
      expect((await deliver({ ...byStranger, declaredBy: 'legal_representative' })).evaluation.findings).toContain('presence.card-mismatch');
      const byParent = declaration(child, at(0), { method: 'card', readAt: at(-10_000), cardNumber: parent.cardNumber, holderKvnr: parent.kvnr });
      expect((await deliver({ ...byParent, declaredBy: 'legal_representative' })).evaluation.findings.filter((f) => f.startsWith('presence.'))).toEqual([]);
      expect(await participation(child)).toEqual([at(0)]);
    });

    it("takes the insurer app's code at a field desk only for its member and within its validity, by the service's clock", async () => {
      const m = await seed();
      const other = await seed();
      const event = { id: `presence-${serial}`, title: 'Gesundheitstag', company: 'Muster AG', startsAt: at(-2 * hour), endsAt: at(6 * hour), measures: [5] };
      await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), event, adminHeaders);
      const { token } = await running.admin.json('POST', '/v1/member-app/checkin-tokens', CheckInTokenIssued, { kvnr: m.kvnr, fieldEventId: event.id }, adminHeaders);
      const foreign = await deliver(declaration(other, at(0), { method: 'app-code', readAt: at(-10_000), code: token }), field);
      expect(foreign.evaluation.findings).toContain('presence.app-code-invalid');
      // Dated before the service issued the code: cannot be.
      const before = await deliver(declaration(m, at(-3 * hour), { method: 'app-code', readAt: at(-3 * hour), code: token }), field);
      expect(before.evaluation.findings).toContain('presence.app-code-invalid');
      const forged = await deliver(declaration(m, at(0), { method: 'app-code', readAt: at(-10_000), code: `${token.slice(0, -6)}AAAAAA` }), field);
      expect(forged.evaluation.findings).toContain('presence.app-code-invalid');
      expect(await participation(m)).toEqual([]);
      const shown = await deliver(declaration(m, at(0), { method: 'app-code', readAt: at(-10_000), code: token }), field);
      expect(shown.evaluation.findings.filter((f) => f.startsWith('presence.'))).toEqual([]);
      expect(await participation(m)).toEqual([at(0)]);
    });

    it('does not let a payout application dated back before the deadline escape it', async () => {
      const m = { ...seedMember(), participation: [{ year: 2026, program: 'adult' as const, declaredAt: '2026-01-10T09:00:00.000Z' }], credited: [{ year: 2026, measures: [1, 2, 3, 8] }] };
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), m, adminHeaders);
      const saved = clock.t;
      try {
        // Received 10 July 2027, dated 29 June (before the 30 June deadline for 2026).
        clock.t = Date.parse('2027-07-10T10:00:00.000Z');
        vi.setSystemTime(clock.t);
        const application = (createdAt: string): SubmissionUpload => ({
          id: randomUUID(),
          kind: 'payout-application',
          createdAt,
          participationYear: 2026,
          member: { kvnr: m.kvnr, cardNumber: m.cardNumber },
          capture: cardCapture(m, createdAt),
          measures: [],
        });
        const receipt = await deliver(application('2027-06-29T10:00:00.000Z'));
        expect(receipt.evaluation.findings).toContain('capture.backdated');
        expect(receipt.evaluation.findings).toContain('payout.deadline-passed');
        expect(receipt.evaluation.totalCents).toBe(0);
      } finally {
        clock.t = saved;
        vi.setSystemTime(clock.t);
      }
    });
  });
}

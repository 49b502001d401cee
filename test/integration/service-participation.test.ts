import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { MemberState, SubmissionBatchResult, SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import { databaseKinds } from './sync-support/databases';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * A participation declared at a station (kiosk or field desk) counts at the service as soon as
 * its submission is stored: the rules engine sees it for later evidence, the payout counts it,
 * and the member state reports it — on PGlite and PostgreSQL (where configured).
 */

// Made-up members; KVNRs in the wire format, no real person.
let serial = 300;
function seedMember(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    kvnr: `D${String(300000000 + serial).padStart(9, '0')}`,
    cardNumber: `8027600123456789${String(serial).padStart(4, '0')}`,
    firstName: 'Theo',
    lastName: 'Teilnehmer',
    birthDate: '1980-04-02',
    bank: { iban: 'DE89370400440532013000', accountHolder: 'Theo Teilnehmer' },
    participation: [],
    credited: [],
    ...overrides,
  };
}

type Member = ReturnType<typeof seedMember>;

function declaration(m: Member, overrides: Partial<SubmissionUpload> = {}): SubmissionUpload {
  return { id: randomUUID(), kind: 'participation', createdAt: '2026-03-02T09:00:00.000Z', participationYear: 2026, member: { kvnr: m.kvnr, cardNumber: m.cardNumber }, declaredBy: 'self', measures: [], ...overrides };
}

function evidence(m: Member, overrides: Partial<SubmissionUpload> = {}): SubmissionUpload {
  return {
    id: randomUUID(),
    kind: 'measures',
    createdAt: '2026-03-02T09:05:00.000Z',
    participationYear: 2026,
    member: { kvnr: m.kvnr, cardNumber: m.cardNumber },
    measures: [{ measure: 8, performedOn: '2026-02-10', evidence: [{ kind: 'dated-self-declaration' }] }],
    ...overrides,
  };
}

const participationFindings = (r: SubmissionReceipt) => r.evaluation.findings.filter((f) => f.startsWith('participation.'));

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`participation declared at a station on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let client: ServiceClient;
    let other: ServiceClient;
    const clock = Date.parse('2026-03-02T10:00:00.000Z');

    const seed = async (m: Member) => {
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), m, adminHeaders);
      return m;
    };
    const deliver = (s: SubmissionUpload, via: ServiceClient = client) => via.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s);
    const batch = (submissions: SubmissionUpload[]) => client.json('POST', '/v1/submissions/batch', SubmissionBatchResult, { submissions });
    const stateOf = (m: Member) => client.json('POST', '/v1/members/state', MemberState, { kvnr: m.kvnr, cardNumber: m.cardNumber });
    const participations = async (m: Member) =>
      (await db.query<{ year: number; program: string; declared_at: Date; submission_id: string | null }>('SELECT year, program, declared_at, submission_id FROM participations WHERE kvnr = $1 ORDER BY year', [m.kvnr])).rows.map((r) => ({
        ...r,
        declared_at: new Date(r.declared_at).toISOString(),
      }));

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(clock);
      running = await startService(db, { now: () => new Date(clock) });
      ({ client } = await enrollStation(running, 'kiosk-declare'));
      ({ client: other } = await enrollStation(running, 'field-declare', 'field'));
    });
    afterAll(async () => {
      vi.useRealTimers();
      client?.close();
      other?.close();
      await running?.stop();
      await drop?.();
    });

    it('without a declaration, evidence is not counted (the gap this closes)', async () => {
      const m = await seed(seedMember());
      expect(participationFindings(await deliver(evidence(m)))).toEqual(['participation.not_declared']);
    });

    it('declare → evidence: no not_declared finding, and the member state reports the participation', async () => {
      const m = await seed(seedMember());
      const declared = declaration(m);
      expect(participationFindings(await deliver(declared))).toEqual([]);
      expect(await participations(m)).toEqual([{ year: 2026, program: 'adult', declared_at: '2026-03-02T09:00:00.000Z', submission_id: declared.id }]);
      const later = await deliver(evidence(m));
      expect(later.evaluation).toMatchObject({ engine: 'evaluated', totalCents: 1000, findings: [] });
      expect((await stateOf(m)).participation).toEqual([{ year: 2026, program: 'adult', declaredAt: '2026-03-02T09:00:00.000Z' }]);
    });

    it('in one batch [participation, evidence] the evidence is evaluated with the declaration', async () => {
      const m = await seed(seedMember());
      const { results } = await batch([declaration(m), evidence(m)]);
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      const receipts = results.map((r) => (r.ok ? r.receipt : null));
      expect(receipts[1]?.evaluation).toMatchObject({ totalCents: 1000, findings: [] });
      // The other order within a batch: evidence first is evaluated as it arrived, without.
      const n = await seed(seedMember());
      const reversed = await batch([evidence(n), declaration(n)]);
      expect(reversed.results[0]?.ok && participationFindings(reversed.results[0].receipt)).toEqual(['participation.not_declared']);
      expect(await participations(n)).toHaveLength(1);
    });

    it('is idempotent: a retry is the same receipt, a second declaration changes nothing (the first wins)', async () => {
      const m = await seed(seedMember());
      const first = declaration(m);
      const receipt = await deliver(first);
      expect(await deliver(first)).toEqual(receipt);
      // The retry of a whole batch after a lost answer, too.
      expect((await batch([first])).results).toEqual([{ ok: true, id: first.id, receipt }]);
      const second = declaration(m, { createdAt: '2026-03-02T09:30:00.000Z' });
      expect(participationFindings(await deliver(second, other))).toEqual([]);
      expect(await participations(m)).toEqual([{ year: 2026, program: 'adult', declared_at: '2026-03-02T09:00:00.000Z', submission_id: first.id }]);
      expect((await db.query('SELECT 1 FROM submissions WHERE id = ANY($1::uuid[])', [[first.id, second.id]])).rows).toHaveLength(2);
    });

    // Two stations at once: the batch read the member's facts before the other declaration committed.
    // Only PostgreSQL has this case: PGlite has a single connection, so nothing commits while a batch runs.
    const onPostgres = kind.name === 'postgres' ? it : () => undefined;
    onPostgres('a declaration committed meanwhile elsewhere counts for the evidence in the same batch', async () => {
      const m = await seed(seedMember());
      let inserted!: () => void;
      let release!: () => void;
      const rowWritten = new Promise<void>((resolve) => (inserted = resolve));
      const held = new Promise<void>((resolve) => (release = resolve));
      const elsewhere = db.transaction(async (tx) => {
        await tx.query("INSERT INTO participations (kvnr, year, program, declared_at) VALUES ($1, 2026, 'adult', '2026-03-01T08:00:00Z')", [m.kvnr]);
        inserted();
        await held;
      });
      await rowWritten;
      const delivery = batch([declaration(m), evidence(m)]);
      // The batch reads the facts (without that row), then waits for its transaction at the insert.
      await new Promise((resolve) => setTimeout(resolve, 500));
      release();
      await elsewhere;
      const { results } = await delivery;
      expect(results.map((r) => r.ok && participationFindings(r.receipt))).toEqual([[], []]);
      expect(results[1]?.ok && results[1].receipt.evaluation.totalCents).toBe(1000);
      expect(await participations(m)).toEqual([{ year: 2026, program: 'adult', declared_at: '2026-03-01T08:00:00.000Z', submission_id: null }]);
    });

    it('the payout application counts the declared participation', async () => {
      const m = await seed(seedMember());
      await deliver(declaration(m));
      const measures = evidence(m);
      await deliver(measures);
      await running.admin.json('POST', `/v1/review/submissions/${measures.id}/decision`, z.unknown(), { decision: 'accepted', fields: [], reviewer: 'test' }, adminHeaders);
      const payout: SubmissionUpload = { id: randomUUID(), kind: 'payout-application', createdAt: '2026-03-02T09:40:00.000Z', participationYear: 2026, member: { kvnr: m.kvnr, cardNumber: m.cardNumber }, measures: [] };
      expect((await deliver(payout)).evaluation).toMatchObject({ totalCents: 1000, findings: ['payout.early-request'] });
    });

    it('a declaration with a station clock ahead counts from when the service received it', async () => {
      const m = await seed(seedMember());
      await deliver(declaration(m, { createdAt: '2026-03-05T09:00:00.000Z' }));
      expect((await participations(m))[0]?.declared_at).toBe(new Date(clock).toISOString());
    });

    it('§1: for a child the legal representative declares; the child itself cannot', async () => {
      const child = await seed(seedMember({ birthDate: '2018-06-01' }));
      expect(participationFindings(await deliver(declaration(child)))).toEqual(['participation.representative_required']);
      expect(await participations(child)).toEqual([]);
      expect(participationFindings(await deliver(declaration(child, { declaredBy: 'legal_representative' })))).toEqual([]);
      expect(await participations(child)).toMatchObject([{ year: 2026, program: 'child' }]);
      // Evidence for the child later counts with the participation on record.
      expect(participationFindings(await deliver(evidence(child, { measures: [{ measure: 1, performedOn: '2026-02-10', evidence: [{ kind: 'dated-self-declaration' }] }] })))).toEqual([]);
    });

    it('records nothing for another year than the one declared in, or for an unknown member', async () => {
      const m = await seed(seedMember());
      expect(participationFindings(await deliver(declaration(m, { participationYear: 2025 })))).toEqual(['participation.declared_in_other_year']);
      expect(await participations(m)).toEqual([]);
      const stranger = seedMember();
      expect((await deliver(declaration(stranger))).evaluation.findings).toContain('member.unknown');
      expect((await db.query('SELECT 1 FROM participations WHERE kvnr = $1', [stranger.kvnr])).rows).toEqual([]);
    });

    it('re-seeding the member keeps a declaration made at a station; rejecting it withdraws it', async () => {
      const m = await seed(seedMember());
      const declared = declaration(m);
      await deliver(declared);
      await seed(m);
      expect(await participations(m)).toHaveLength(1);
      await running.admin.json('POST', `/v1/review/submissions/${declared.id}/decision`, z.unknown(), { decision: 'rejected', reason: 'Erklärung unvollständig', fields: [], reviewer: 'test' }, adminHeaders);
      expect(await participations(m)).toEqual([]);
      expect((await stateOf(m)).participation).toEqual([]);
    });

    it('a declaration rejected in review and accepted later counts again, from when it was declared', async () => {
      const m = await seed(seedMember());
      const declared = declaration(m);
      await deliver(declared);
      const [recorded] = await participations(m);
      const decide = (decision: 'accepted' | 'rejected') =>
        running.admin.json('POST', `/v1/review/submissions/${declared.id}/decision`, z.unknown(), { decision, ...(decision === 'rejected' ? { reason: 'Erklärung unvollständig' } : {}), fields: [], reviewer: 'test' }, adminHeaders);
      await decide('rejected');
      expect(await participations(m)).toEqual([]);
      await decide('accepted');
      expect(await participations(m)).toEqual([recorded]);
      expect((await stateOf(m)).participation).toEqual([{ year: 2026, program: 'adult', declaredAt: recorded!.declared_at }]);
      // Evidence delivered now is evaluated with the restored declaration.
      expect(participationFindings(await deliver(evidence(m)))).toEqual([]);
    });

    it('accepting a withdrawn declaration again does not displace one declared meanwhile', async () => {
      const m = await seed(seedMember());
      const first = declaration(m);
      await deliver(first);
      await running.admin.json('POST', `/v1/review/submissions/${first.id}/decision`, z.unknown(), { decision: 'rejected', reason: 'unvollständig', fields: [], reviewer: 'test' }, adminHeaders);
      const second = declaration(m, { createdAt: '2026-03-02T09:30:00.000Z' });
      await deliver(second);
      await running.admin.json('POST', `/v1/review/submissions/${first.id}/decision`, z.unknown(), { decision: 'accepted', fields: [], reviewer: 'test' }, adminHeaders);
      expect((await participations(m)).map((p) => p.submission_id)).toEqual([second.id]);
    });
  });
}

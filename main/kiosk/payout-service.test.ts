import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adminHeaders } from '../../test/integration/sync-support/service-harness';
import { newIban, seededMember, useKioskWithService } from '../../test/support/kiosk-with-service';
import { ContractError } from '../contract';
import { SubmissionReceipt, SubmissionUpload } from '../contract/service-api';
import { storeDecisions } from '../sync/notifications';

/** The kiosk's payout screen against the real bonus service (in process, on PGlite) and a real encrypted station database. */
const { seed, kioskAt, running } = useKioskWithService();

describe('kiosk payout', () => {
  it('offers the payout of the fulfilled fields after the year, with the bank details on record masked', async () => {
    await seed();
    const { payout, signIn } = await kioskAt();
    await signIn();
    expect(payout.view(2026)).toMatchObject({
      year: 2026,
      years: [2027, 2026],
      eligible: true,
      blockers: [],
      amountCents: 3000,
      yearState: 'closed',
      fulfilledFields: 3,
      lastDay: '2027-06-30',
      applied: null,
      bank: { known: true, ibanMasked: 'DE89 **** **** **** **** 00' },
      changesUnavailable: null,
      change: null,
    });
  });

  it('reads the booklet for the payout without writing a booklet-view row; the booklet screen writes one', async () => {
    await seed();
    const { kiosk, payout, store, signIn } = await kioskAt();
    await signIn();
    const views = () => store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'kiosk.booklet.view'").pluck().get();
    payout.view(2026);
    payout.view();
    payout.apply(2026, false);
    expect(views()).toBe(0);
    kiosk.booklets.show(2026);
    expect(views()).toBe(1);
  });

  it('queues the application as a submission that the service accepts and recomputes; once per year', async () => {
    await seed();
    const { payout, store, signIn, signed } = await kioskAt();
    await signIn();
    const receipt = payout.apply(2026, false);
    expect(receipt).toMatchObject({ year: 2026, amountCents: 3000, initials: 'H. M.', reference: expect.stringMatching(/^BA-[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    const queued = (store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[]).map((p) => SubmissionUpload.parse(JSON.parse(p)));
    expect(queued).toMatchObject([{ kind: 'payout-application', participationYear: 2026, measures: [], stationClaim: { totalCents: 3000 }, member: { kvnr: 'A123457895', cardNumber: '80276883110000012345' } }]);
    expect(payout.view(2026)).toMatchObject({ eligible: false, blockers: ['already-applied'], applied: { reference: receipt.reference, amountCents: 3000 } });
    expect(() => payout.apply(2026, false)).toThrow(ContractError);

    // What the sync worker delivers: the service evaluates it itself.
    const client = signed();
    const sub = queued[0]!;
    const delivered = await client.json('PUT', `/v1/submissions/${sub.id}`, SubmissionReceipt, sub);
    client.close();
    expect(delivered.evaluation).toMatchObject({ engine: 'evaluated', totalCents: 3000 });
    const audit = store.db.prepare('SELECT action, subject, detail FROM audit_log').all();
    expect(audit).toContainEqual({ action: 'kiosk.payout.apply', subject: `submission:${sub.id}`, detail: 'year=2026' });
    expect(JSON.stringify(audit)).not.toContain('A123457895');
  });

  it('§1: during the running year the application must be confirmed as an early request', async () => {
    await seed();
    const { payout, signIn } = await kioskAt({ today: '2026-11-22' });
    await signIn();
    expect(payout.view()).toMatchObject({ year: 2026, eligible: true, yearState: 'running' });
    expect(() => payout.apply(2026, false)).toThrow(/early request/);
    expect(payout.apply(2026, true).amountCents).toBe(3000);
  });

  it('offline: only the card vouched for the member, so the booklet is reduced: proofs are taken, the payout is not (docs/security.md, hole 2)', async () => {
    await seed();
    const { kiosk, payout, changes, store, signIn, states } = await kioskAt({ offline: true, today: '2026-11-22' });
    await signIn();
    expect(states().at(-1)).toMatchObject({ stage: 'member', identityCheck: 'card', memberState: { status: 'unavailable', bank: null, children: [] } });
    expect(() => payout.view()).toThrow(/reduced booklet/);
    await expect(changes.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' })).rejects.toMatchObject({ code: 'not_available' });

    // The member declares and submits a vaccination: that works offline, queued for the service.
    kiosk.participation.declare(2026, '2026-01-01');
    const draft = await kiosk.evidence.add({ measure: 8, performedOn: '2026-10-01', kind: 'dated_self_declaration' });
    expect(draft.accepted).toBe(true);
    kiosk.evidence.submit(2026);
    const submissionId = store.db.prepare("SELECT submission_id FROM measure_record WHERE measure = 8").pluck().get() as string;
    storeDecisions(store.db, [{ seq: 1, submissionId, decision: 'accepted', reason: null, fields: [], decidedAt: '2026-11-21T10:00:00.000Z' }]);
    expect(() => payout.apply(2026, true)).toThrow(/reduced booklet/);
    expect(store.db.prepare("SELECT count(*) FROM sync_outbox WHERE payload LIKE '%payout-application%'").pluck().get()).toBe(0);
  });

  it("a child's booklet offers no bank or address changes", async () => {
    await seed();
    const { kiosk, payout, signIn } = await kioskAt();
    await signIn();
    await running().admin.json('PUT', '/v1/admin/members', z.unknown(), { kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Max', lastName: 'Müller', birthDate: '2016-05-01', parentKvnr: seededMember.kvnr }, adminHeaders);
    // Sign in again so that the insurer's family list includes the child.
    kiosk.session.end('member');
    await signIn('s3');
    const child = kiosk.session.memberState()?.children[0];
    expect(child?.firstName).toBe('Max');
    kiosk.family.openFamilyChild(child!.childId);
    expect(payout.view()).toMatchObject({ changesUnavailable: 'child-booklet', bank: { known: false } });
  });
});

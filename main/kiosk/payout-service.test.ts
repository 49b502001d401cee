import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { useTempDir } from '../../test/support/temp-dir';
import { adminHeaders, startService, type RunningService } from '../../test/integration/sync-support/service-harness';
import { openPglite, type Database as ServiceDatabase } from '../../service/db/database';
import { ContractError } from '../contract';
import { ChangeRequestStatus, EnrollmentToken, SubmissionReceipt, SubmissionUpload } from '../contract/service-api';
import { EventHub } from '../runtime/event-hub';
import { createLogger, memorySink } from '../runtime/logger';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { enrolledIdentity, enrollStation, loadIdentity } from '../sync/identity';
import { storeDecisions } from '../sync/notifications';
import { fetchMemberState } from '../sync/online';
import { ServiceApi } from '../sync/service-api-client';
import { ServiceClient } from '../sync/service-client';
import { KioskService } from './kiosk-service';
import { readyCard } from '../../test/support/kiosk-setup';
import { createChangeRequestSource } from './payout-online';
import { localDeadline, PayoutService } from './payout-service';

/**
 * The kiosk's payout screen against the real bonus service (in process, on PGlite) and a real
 * encrypted station database; only the card reader is driven by hand (the e2e spec uses the
 * virtual eGK). The member is the kiosk tests' card holder, seeded at the service.
 */
const tempDir = useTempDir();
const newIban = 'DE02120300000000202051';
const seededMember = {
  kvnr: 'A123457895',
  cardNumber: '80276883110000012345',
  firstName: 'Hans-Jürgen',
  lastName: 'Müller',
  birthDate: '1967-03-12',
  bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' },
  participation: [{ year: 2026, program: 'adult' as const, declaredAt: '2026-01-10T09:00:00.000Z' }],
  credited: [{ year: 2026, measures: [1, 7, 12] }],
};

let serviceDb: ServiceDatabase;
let running: RunningService;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  serviceDb = await openPglite();
  running = await startService(serviceDb, { changeWindowMinutes: 30 });
});
afterAll(async () => {
  await running?.stop();
  await serviceDb?.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function seed(overrides: Partial<typeof seededMember> = {}) {
  await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...seededMember, ...overrides }, adminHeaders);
}

/** A kiosk with its payout screen, enrolled with `service` (or pointed at a dead address: offline). */
async function kioskAt(options: { service?: RunningService; offline?: boolean; today?: string; maxWaitMs?: number } = {}) {
  const service = options.service ?? running;
  const store: StationDatabase = openStationDatabase({ path: join(tempDir(), `station-${randomUUID()}.db`), key: randomBytes(32) });
  const stationId = `kiosk-${randomUUID().slice(0, 8)}`;
  const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId }, adminHeaders);
  const enrolling = ServiceApi.create({ baseUrl: running.url });
  await enrollStation(store.db, enrolling, stationId, token);
  enrolling.close();
  // Port 9 (discard) on loopback: nothing listens, so every call fails as a network error.
  const url = options.offline ? 'http://127.0.0.1:9' : service.url;
  const clock = { t: Date.parse(`${options.today ?? '2027-02-01'}T10:00:00Z`) };
  const logs = memorySink();
  const events = new EventHub(createLogger('events', logs), { withheld: ['cardSessions'] });
  const api = ServiceApi.create({ baseUrl: url }, enrolledIdentity(store.db));
  const kiosk = new KioskService({
    db: store.db,
    events,
    log: createLogger('kiosk', logs),
    stationId,
    secondFactor: 'postalCode',
    maxAttempts: 3,
    lockMinutes: 15,
    inactivitySeconds: 90,
    online: { memberState: (card) => fetchMemberState(api, card, { timeoutMs: 2_000 }) },
    now: () => new Date(clock.t),
  });
  const changes = createChangeRequestSource(api, 2_000);
  const payout = new PayoutService({ db: store.db, events, log: createLogger('kiosk-payout', logs), kiosk, changes, now: () => new Date(clock.t), ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}) });
  kiosk.start();
  payout.start();
  cleanups.push(() => {
    payout.stop();
    kiosk.stop();
    api.close();
    store.close();
  });
  const insert = (sessionId = 's1') => events.publish('cardSessions', { sessions: [readyCard(sessionId)] });
  const remove = (sessionId = 's1') => {
    events.publish('cardSessions', { sessions: [] });
    events.publish('cardRemoved', { reader: 'Virtual PCD 00 00', sessionId, duringRead: false, at: new Date(clock.t).toISOString() });
  };
  /** Card in, postal code confirmed, the insurer's answer (or its absence) in. */
  const signIn = async (sessionId = 's1') => {
    insert(sessionId);
    expect(kiosk.confirmIdentity('70173')).toEqual({ ok: true });
    await vi.waitFor(() => expect(kiosk.memberState()?.status).toMatch(/loaded|unavailable/), { timeout: 5_000 });
  };
  const signed = () => new ServiceClient({ baseUrl: running.url }, loadIdentity(store.db)!.identity);
  return { kiosk, payout, store, clock, logs, insert, remove, signIn, signed };
}

const changeRow = async (kvnr = seededMember.kvnr) =>
  (await serviceDb.query<{ id: string; state: string }>('SELECT id, state FROM change_requests WHERE kvnr = $1 ORDER BY created_at DESC LIMIT 1', [kvnr])).rows[0];
const answer = (id: string, approve: boolean) => running.admin.json('POST', `/v1/member-app/change-requests/${id}/response`, ChangeRequestStatus, { approve }, adminHeaders);

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

  it('offline: the payout is still applied for from what the station knows, but protected changes are not offered', async () => {
    await seed();
    const { kiosk, payout, store, signIn } = await kioskAt({ offline: true, today: '2026-11-22' });
    await signIn();
    expect(kiosk.memberState()?.status).toBe('unavailable');
    // Without the insurer's record nothing is known to be fulfilled yet.
    expect(payout.view()).toMatchObject({ eligible: false, blockers: ['not-participating'], bank: { known: false }, changesUnavailable: 'offline' });
    await expect(payout.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' })).rejects.toMatchObject({ code: 'not_available' });

    // The member declares, submits a vaccination, and the insurer's acceptance was pulled earlier.
    kiosk.declareParticipation(2026, '2026-01-01');
    const draft = await kiosk.addEvidence({ measure: 8, performedOn: '2026-10-01', kind: 'dated_self_declaration' });
    expect(draft.accepted).toBe(true);
    kiosk.submit(2026);
    const submissionId = store.db.prepare("SELECT submission_id FROM measure_record WHERE measure = 8").pluck().get() as string;
    storeDecisions(store.db, [{ seq: 1, submissionId, decision: 'accepted', reason: null, fields: [], decidedAt: '2026-11-21T10:00:00.000Z' }]);
    expect(payout.view()).toMatchObject({ eligible: true, amountCents: 1000 });
    expect(payout.apply(2026, true).amountCents).toBe(1000);
    expect(store.db.prepare("SELECT count(*) FROM sync_outbox WHERE state = 'pending' AND payload LIKE '%payout-application%'").pluck().get()).toBe(1);
  });

  it('a bank change waits for the app, and takes effect when the member approves it there', async () => {
    await seed();
    const { payout, store, logs, signIn } = await kioskAt();
    await signIn();
    const sent = await payout.requestBankChange({ iban: ' de02 1203 0000 0000 2020 51 ', accountHolder: 'Hans-Jürgen Müller' });
    expect(sent).toMatchObject({ kind: 'bank', state: 'awaiting-member' });
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(await payout.status()).toMatchObject({ state: 'awaiting-member' });
    expect(payout.view(2026)).toMatchObject({ change: { state: 'awaiting-member' }, bank: { ibanMasked: 'DE89 **** **** **** **** 00' } });
    await expect(payout.requestBankChange({ iban: newIban, accountHolder: 'X Y' })).rejects.toMatchObject({ code: 'conflict' });

    const row = await changeRow();
    await answer(row!.id, true);
    expect(await payout.status()).toMatchObject({ state: 'applied' });
    expect(payout.view(2026).bank).toEqual({ known: true, ibanMasked: 'DE02 **** **** **** **** 51' });
    // Leaving the confirmation keeps showing the new account for the rest of the session.
    expect(payout.dismiss()).toBe(true);
    expect(payout.view(2026)).toMatchObject({ change: null, bank: { ibanMasked: 'DE02 **** **** **** **** 51' } });
    // Nothing of the IBAN stays on the station: not in its database, not in its logs.
    const everything = JSON.stringify([
      store.db.prepare('SELECT * FROM audit_log').all(),
      store.db.prepare('SELECT * FROM sync_outbox').all(),
      logs.records,
    ]);
    expect(everything).not.toContain('2020');
    expect(everything).toContain('kiosk.change.applied');
  });

  it('a declined change is dropped; the bank details on record stay', async () => {
    await seed();
    const { payout, signIn } = await kioskAt();
    await signIn();
    await payout.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    await answer((await changeRow())!.id, false);
    expect(await payout.status()).toMatchObject({ state: 'declined' });
    expect(payout.view(2026).bank).toEqual({ known: true, ibanMasked: 'DE89 **** **** **** **** 00' });
    // The member may try again: a new request.
    expect(await payout.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' })).toMatchObject({ state: 'awaiting-member' });
  });

  it('a change not approved within the window expires', async () => {
    await seed();
    // The same service database behind a service whose window is a fraction of a second.
    const brief = await startService(serviceDb, { changeWindowMinutes: 0.01 });
    cleanups.push(() => brief.stop());
    const { payout, signIn } = await kioskAt({ service: brief });
    await signIn();
    const sent = await payout.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    expect(sent.waitUntil).toBe(sent.expiresAt);
    await vi.waitFor(async () => expect(await payout.status()).toMatchObject({ state: 'expired' }), { timeout: 5_000, interval: 200 });
    await expect(answer((await changeRow())!.id, true)).rejects.toMatchObject({ code: 'change_expired' });
  });

  it("counts the app's window down from the time left the service gives, so a station clock that is off shows the right time", async () => {
    await seed();
    // The service's clock runs four minutes behind the station's (signatures allow five).
    const behind = await startService(serviceDb, { changeWindowMinutes: 30, now: () => new Date(Date.now() - 4 * 60_000) });
    cleanups.push(() => behind.stop());
    const { payout, signIn } = await kioskAt({ service: behind });
    await signIn();
    const sent = await payout.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    const left = () => Date.parse(sent.expiresAt) - Date.now();
    // 30 minutes left on the screen, not the 26 the service's moment would give on this clock.
    expect(left()).toBeGreaterThan(29 * 60_000);
    expect(left()).toBeLessThanOrEqual(30 * 60_000);
    const serviceMoment = (await serviceDb.query<{ expires_at: Date }>('SELECT expires_at FROM change_requests WHERE id = $1', [(await changeRow())!.id])).rows[0]!.expires_at;
    expect(Date.parse(sent.expiresAt) - new Date(serviceMoment).getTime()).toBeGreaterThan(3.9 * 60_000);
    // Each answer of the app's status sets it again from the service's time left.
    const polled = await payout.status();
    expect(Math.abs(Date.parse(polled!.expiresAt) - Date.parse(sent.expiresAt))).toBeLessThan(2_000);
  });

  it('without the time left (an older service) the window ends at the service\'s moment', () => {
    expect(localDeadline({ expiresAt: '2027-02-01T10:30:00.000Z' }, Date.parse('2027-02-01T10:00:00.000Z'))).toBe(Date.parse('2027-02-01T10:30:00.000Z'));
    expect(localDeadline({ expiresAt: '2027-02-01T10:30:00.000Z', expiresInMs: 1_800_000 }, Date.parse('2027-02-01T10:04:00.000Z'))).toBe(Date.parse('2027-02-01T10:34:00.000Z'));
  });

  it('refuses an IBAN with wrong check digits before anything is sent', async () => {
    await seed();
    const { payout, signIn } = await kioskAt();
    await signIn();
    const before = await changeRow();
    await expect(payout.requestBankChange({ iban: 'DE03120300000000202051', accountHolder: 'Hans-Jürgen Müller' })).rejects.toMatchObject({ code: 'invalid_input', fields: ['iban'] });
    await expect(payout.requestBankChange({ iban: 'DE0212030000000020205', accountHolder: 'Hans-Jürgen Müller' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await changeRow()).toEqual(before);
  });

  it('an address change goes the same protected way', async () => {
    await seed();
    const { payout, signIn } = await kioskAt();
    await signIn();
    expect(await payout.requestAddressChange({ street: 'Neue Straße 5', postalCode: '80331', city: 'München' })).toMatchObject({ kind: 'address', state: 'awaiting-member' });
    await answer((await changeRow())!.id, true);
    expect(await payout.status()).toMatchObject({ kind: 'address', state: 'applied' });
  });

  it('pulling the card while the app is asked drops the change from the station', async () => {
    await seed();
    const { kiosk, payout, signIn, remove } = await kioskAt();
    await signIn('s1');
    await payout.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    // While waiting, main holds the request's id and state only (never the IBAN); card out drops it.
    const held = () => (payout as unknown as { pending: unknown }).pending;
    expect(JSON.stringify(held())).not.toContain('2020');
    expect(held()).not.toBeNull();
    remove('s1');
    expect(held()).toBeNull();
    expect(() => payout.view()).toThrow(/No confirmed member/);
    await signIn('s2');
    expect(kiosk.memberState()?.status).toBe('loaded');
    expect(await payout.status()).toBeNull();
    expect(payout.view(2026).change).toBeNull();
  });

  it("a child's booklet offers no bank or address changes", async () => {
    await seed();
    const { kiosk, payout, signIn } = await kioskAt();
    await signIn();
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Max', lastName: 'Müller', birthDate: '2016-05-01', parentKvnr: seededMember.kvnr }, adminHeaders);
    // Sign in again so that the insurer's family list includes the child.
    kiosk.end('member');
    await signIn('s3');
    const child = kiosk.memberState()?.children[0];
    expect(child?.firstName).toBe('Max');
    kiosk.openFamilyChild(child!.childId);
    expect(payout.view()).toMatchObject({ changesUnavailable: 'child-booklet', bank: { known: false } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnrollmentToken } from '../contract/service-api';
import type { KioskState } from '../contract';
import { openPglite, type Database } from '../../service/db/database';
import { adminHeaders, startService, type RunningService } from '../../test/integration/sync-support/service-harness';
import { enrolledIdentity, enrollStation } from '../sync/identity';
import { storeDecisions } from '../sync/notifications';
import { createMemberStateSource } from '../sync/online';
import { createInsurerIdentity } from './insurer-identity';
import { ServiceApi } from '../sync/service-api-client';
import { readyCard, setup } from '../../test/support/kiosk-setup';

/**
 * The kiosk with the insurer's member state, against the real reference service (in-process,
 * PGlite) over loopback HTTP: the member's card (Dr. Müller of readyCard) is known there with a
 * participation, two credited fields, a child under 15 and bank details.
 */
const card = readyCard();
if (card.state !== 'ready') throw new Error('readyCard must be a ready card');
let db: Database;
let running: RunningService;
let stations = 0;

beforeAll(async () => {
  db = await openPglite();
  running = await startService(db);
  const seed = (body: unknown) => running.admin.json('PUT', '/v1/admin/members', z.unknown(), body, adminHeaders);
  await seed({
    kvnr: card.person.kvnr,
    cardNumber: card.card.iccsn,
    firstName: 'Hans-Jürgen',
    lastName: 'Müller',
    birthDate: card.person.birthDate,
    postalCode: '70173',
    bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' },
    participation: [{ year: 2026, program: 'adult', declaredAt: '2026-02-01T10:00:00.000Z' }],
    credited: [{ year: 2026, measures: [1, 9] }],
  });
  await seed({ kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Mia', lastName: 'Müller', birthDate: '2018-05-01', parentKvnr: card.person.kvnr });
}, 60_000);
const apis: ServiceApi[] = [];
afterAll(async () => {
  for (const api of apis) api.close();
  await running?.stop();
  await db?.close();
});

async function enrolledKiosk(url = () => running.url, now?: string) {
  const apiOf = (stationDb: Parameters<typeof enrolledIdentity>[0]) => {
    const api = ServiceApi.create({ baseUrl: url() }, enrolledIdentity(stationDb));
    apis.push(api);
    return api;
  };
  const kiosk = setup({ online: (stationDb) => createMemberStateSource(apiOf(stationDb), 2_000), insurer: (stationDb) => createInsurerIdentity(apiOf(stationDb), 2_000), ...(now ? { now } : {}) });
  const stationId = `kiosk-${(stations += 1)}`;
  const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'kiosk', branch: 'Testfiliale' }, adminHeaders);
  const enrolling = ServiceApi.create({ baseUrl: running.url });
  await enrollStation(kiosk.store.db, enrolling, stationId, token, 'kiosk');
  enrolling.close();
  return kiosk;
}

async function settled(states: () => KioskState[]): Promise<Extract<KioskState, { stage: 'member' }>> {
  for (let i = 0; i < 200; i++) {
    const last = states().at(-1);
    if (last?.stage === 'member' && last.memberState.status !== 'loading') return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the member state did not arrive');
}

describe("the insurer's member state at the kiosk", () => {
  it('loads after the second factor and counts credited fields and the participation on record in the booklet', async () => {
    const { kiosk, states, insert } = await enrolledKiosk();
    insert(readyCard());
    await kiosk.identification.confirmIdentity('70173');
    expect(states().at(-1)).toMatchObject({ stage: 'member', memberState: { status: 'loading', children: [], bank: null } });
    const member = await settled(states);
    expect(member.memberState).toMatchObject({
      status: 'loaded',
      participationYears: [2026],
      credited: [{ year: 2026, measures: [1, 9] }],
      children: [{ firstName: 'Mia', birthDate: '2018-05-01' }],
      bank: { ibanMasked: 'DE89 **** **** **** **** 00' },
    });
    // No KVNR of the child reaches the renderer; the childId is opaque.
    expect(JSON.stringify(member)).not.toContain('B123457897');
    expect(kiosk.session.memberState()).toEqual(member.memberState);
    const booklet = kiosk.booklets.show();
    expect(booklet.participation).toMatchObject({ status: 'active', canDeclare: false });
    expect(booklet.fields.filter((f) => f.credited).map((f) => [f.measure, f.status])).toEqual([
      [1, 'fulfilled'],
      [9, 'fulfilled'],
    ]);
    expect(booklet.amount.earnedCents).toBeGreaterThan(0);
  });

  it('works from local records and says so when the service cannot be reached', async () => {
    const { kiosk, states, insert } = await enrolledKiosk(() => 'http://127.0.0.1:9');
    insert(readyCard());
    await kiosk.identification.confirmIdentity('70173');
    const member = await settled(states);
    expect(member.memberState).toEqual({ status: 'unavailable', participationYears: [], credited: [], children: [], bank: null });
    expect(kiosk.booklets.show().participation).toMatchObject({ status: 'not_participating', canDeclare: true });
  });

  it('forgets the member state at card-out, also an answer that arrives after the card left', async () => {
    const { kiosk, states, insert, remove, seen } = await enrolledKiosk();
    insert(readyCard('s1'));
    await kiosk.identification.confirmIdentity('70173');
    remove('s1');
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    expect(kiosk.session.memberState()).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    // The late answer is dropped: nothing was published after the idle screen.
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    const afterOut = seen.length;
    insert(readyCard('s2'));
    await kiosk.identification.confirmIdentity('70173');
    await settled(states);
    remove('s2');
    expect(kiosk.session.memberState()).toBeNull();
    expect(seen.length).toBeGreaterThan(afterOut);
    expect(() => kiosk.family.openFamilyChild('anything')).toThrow(/No confirmed member/);
  });

  it("opens a child's booklet from the insurer's family list, and its submission names the child", async () => {
    const { kiosk, states, insert, store } = await enrolledKiosk();
    insert(readyCard());
    await kiosk.identification.confirmIdentity('70173');
    const member = await settled(states);
    expect(() => kiosk.family.openFamilyChild('not-a-child-id')).toThrow(/No such family member/);
    // The parent's unsent proof stays the parent's: no booklet change until it is sent or removed.
    const { draft } = (await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' })) as { draft: { draftId: string } };
    expect(() => kiosk.family.openFamilyChild(member.memberState.children[0]!.childId)).toThrow(/Submit or remove the proofs/);
    expect(() => kiosk.family.openChild()).toThrow(/Submit or remove the proofs/);
    kiosk.evidence.discard(draft.draftId);
    kiosk.family.openFamilyChild(member.memberState.children[0]!.childId);
    expect(states().at(-1)).toMatchObject({ stage: 'member', displayName: 'Mia', representativeName: 'Dr. Hans-Jürgen Müller', mayOpenChild: false, memberState: { status: 'off' } });
    expect(kiosk.booklets.show().program).toBe('child');
    kiosk.participation.declare(2026, '2026-01-01');
    const queued = store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[];
    expect(queued.map((p) => JSON.parse(p) as { member: unknown })).toMatchObject([{ member: { kvnr: 'B123457897' } }]);
    expect(queued[0]).not.toContain('cardNumber');
  });

  it('marks a rejected field with the reviewer\'s reason and tells the member once', async () => {
    const { kiosk, states, insert, remove, store } = await enrolledKiosk();
    insert(readyCard('s1'));
    await kiosk.identification.confirmIdentity('70173');
    await settled(states);
    await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    kiosk.evidence.submit(2026);
    remove('s1');
    const submissionId = store.db.prepare("SELECT submission_id FROM sync_outbox WHERE payload LIKE '%\"measures\"%' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    storeDecisions(store.db, [{ seq: 7, submissionId, decision: 'rejected', reason: 'Datum unleserlich', fields: [], decidedAt: '2026-11-23T08:00:00.000Z' }]);
    insert(readyCard('s2'));
    await kiosk.identification.confirmIdentity('70173');
    expect(states().at(-1)).toMatchObject({ notifications: [{ decision: 'rejected', accepted: [], rejected: [{ de: 'Zahnvorsorge' }], reason: 'Datum unleserlich' }] });
    await settled(states);
    expect(kiosk.booklets.show().fields.find((f) => f.measure === 12)).toMatchObject({ status: 'rejected', reviewReason: 'Datum unleserlich' });
  });
});

describe('earlier years at the kiosk (§2.1: until 30.06. of the next year)', () => {
  it('offers last year before its deadline and refuses it after', async () => {
    const before = setup({ now: '2027-03-15T09:00:00Z' });
    before.insert(readyCard());
    await before.kiosk.identification.confirmIdentity('70173');
    const current = before.kiosk.booklets.show();
    expect(current).toMatchObject({ year: 2027, currentYear: 2027, openEarlierYears: [2026] });
    expect(before.kiosk.booklets.show(2026).year).toBe(2026);

    const after = setup({ now: '2027-07-01T09:00:00Z' });
    after.insert(readyCard());
    await after.kiosk.identification.confirmIdentity('70173');
    expect(after.kiosk.booklets.show().openEarlierYears).toEqual([]);
    expect(() => after.kiosk.booklets.show(2026)).toThrow(/2026 can no longer be submitted/);
    await expect(after.kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' })).rejects.toThrow(/no longer be submitted/);
  });
});

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { ContractError, type CardSession, type StaffSessionView } from '../contract';
import { EventHub } from '../runtime/event-hub';
import { createLogger, memorySink } from '../runtime/logger';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { generateKeyPairSync } from 'node:crypto';
import { rawPublicKey } from '../../service/field/checkin-keys';
import { issueCheckInToken } from '../../service/field/checkin-token';
import { memberPseudonym } from './checkin-token';
import { setState } from '../sync/outbox';
import { FieldService } from './field-service';

const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const admin: StaffSessionView = { staffId: 'f.admin', displayName: 'Field Admin', role: 'admin', signedInAt: 't', expiresAt: 't' };

function card(sessionId: string, kvnr: string, birthDate: string, firstName = 'Hans', lastName = 'Müller'): CardSession {
  return {
    sessionId,
    reader: 'R',
    insertedAt: 't',
    state: 'ready',
    person: { kvnr, title: null, firstName, namePrefix: null, lastName, nameSuffix: null, birthDate, sex: 'M', address: null },
    cover: { insurerIk: '109999990', insurerName: 'X', insurerCountryCode: 'D', coverStart: '2015-01-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
    card: { iccsn: '80276883110000012345', iccsnLastFour: '2345', generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
  };
}

function setup(staff: () => StaffSessionView = () => admin) {
  const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
  stores.push(store);
  const clock = { t: Date.parse('2026-11-22T09:30:00Z') };
  const events = new EventHub(createLogger('t', memorySink()), { withheld: ['cardSessions'] });
  const results: unknown[] = [];
  const published: unknown[] = [];
  events.subscribe((name, payload) => {
    published.push(payload);
    if (name === 'fieldCheckIn') results.push(payload);
  });
  const field = new FieldService({ db: store.db, events, log: createLogger('f', memorySink()), stationId: 'field-7', requireStaff: staff, insurerIks: ['109999990'], now: () => new Date(clock.t) });
  field.start();
  const tap = (session: CardSession) => {
    events.publish('cardSessions', { sessions: [session] });
    events.publish('cardSessions', { sessions: [] });
  };
  const outbox = () => (store.db.prepare('SELECT payload FROM sync_outbox ORDER BY seq').pluck().all() as string[]).map((p) => JSON.parse(p));
  return { field, store, clock, results, published, tap, outbox };
}

describe('check-in at a company health event', () => {
  it('records a card tap as measure 5 confirmed at the event, queued for the service, showing initials only', () => {
    const { field, tap, results, outbox, published } = setup();
    const event = field.createEvent({ title: 'Gesundheitstag', company: 'Muster AG', date: '2026-11-22', measure: 5 });
    field.select(event.id);
    tap(card('s1', 'A123457895', '1980-04-02'));
    expect(results.at(-1)).toMatchObject({ outcome: 'recorded', initials: 'H. M.', participationDeclared: false });
    expect(outbox()).toMatchObject([
      {
        kind: 'field-checkin',
        fieldEventId: event.id,
        member: { kvnr: 'A123457895' },
        measures: [{ measure: 5, performedOn: '2026-11-22', evidence: [{ kind: 'event-confirmation' }] }],
        // The presence proof the service checks against the insurer's record of the card.
        capture: { method: 'card', cardNumber: '80276883110000012345', readAt: '2026-11-22T09:30:00.000Z' },
      },
    ]);
    expect(JSON.stringify(published)).not.toMatch(/A123457895|Müller|1980/);
  });

  it('says "already checked in" for the same person twice and keeps one record', () => {
    const { field, tap, results, outbox } = setup();
    field.select(field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 }).id);
    tap(card('s1', 'A123457895', '1980-04-02'));
    tap(card('s2', 'A123457895', '1980-04-02'));
    expect(results.map((r) => (r as { outcome: string }).outcome)).toEqual(['recorded', 'duplicate']);
    expect(outbox()).toHaveLength(1);
  });

  it('counts at most two company health actions a year and says so for a third', () => {
    const { field, tap, results } = setup();
    for (const [i, measure] of ([5, 6, 5] as const).entries()) {
      field.select(field.createEvent({ title: `Tag ${i}`, company: 'AG', date: '2026-11-22', measure }).id);
      tap(card(`s${i}`, 'A123457895', '1980-04-02'));
    }
    expect(results.map((r) => (r as { outcome: string }).outcome)).toEqual(['recorded', 'recorded', 'limit-reached']);
  });

  it('does not check in a child, a refused card, an event on another day, or a KVNR with a wrong check digit', () => {
    const { field, tap, results, clock, outbox } = setup();
    field.select(field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 }).id);
    tap(card('c', 'L567812344', '2018-05-17', 'Lena', 'Özdemir'));
    tap({ sessionId: 'r', reader: 'R', insertedAt: 't', state: 'rejected', reason: 'cover-ended', coverEnd: '2026-06-30' });
    expect(field.manualCheckIn('A123457896', '1980-04-02')).toMatchObject({ outcome: 'rejected', rejection: 'invalid-kvnr' });
    clock.t += 86_400_000;
    tap(card('s', 'A123457895', '1980-04-02'));
    expect(results.map((r) => [(r as { outcome: string }).outcome, (r as { rejection?: string }).rejection])).toEqual([
      ['child', undefined],
      ['rejected', 'cover-ended'],
      ['rejected', 'invalid-kvnr'],
      ['rejected', 'outside-event'],
    ]);
    expect(outbox()).toEqual([]);
  });

  it('checks in by KVNR and birth date without a card, and records a participation declared at the desk', () => {
    const { field, outbox, store } = setup();
    field.select(field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 6 }).id);
    const result = field.manualCheckIn('A123457895', '1980-04-02');
    expect(result).toMatchObject({ outcome: 'recorded', participationDeclared: false });
    expect(field.declareParticipation(result.id)).toMatchObject({ participationDeclared: true });
    expect(outbox().map((s) => s.kind)).toEqual(['field-checkin', 'participation']);
    // The service records it as the member's own declaration (service/routes/submissions.ts).
    expect(outbox()[1]).toMatchObject({ kind: 'participation', participationYear: 2026, declaredBy: 'self', measures: [] });
    // Typed in by staff: the service sends such a declaration to review (no card, no app code).
    expect(outbox().map((s) => s.capture)).toEqual([
      { method: 'staff-entry', readAt: '2026-11-22T09:30:00.000Z', staffId: 'f.admin' },
      { method: 'staff-entry', readAt: '2026-11-22T09:30:00.000Z', staffId: 'f.admin' },
    ]);
    expect(store.db.prepare('SELECT channel FROM participation_declaration').pluck().all()).toEqual(['field']);
  });

  it('summarises the event by outcome and hour without anyone\'s data', () => {
    const { field, tap, clock } = setup();
    const event = field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 });
    field.select(event.id);
    tap(card('a', 'A123457895', '1980-04-02'));
    tap(card('b', 'A123457895', '1980-04-02'));
    clock.t += 3_600_000;
    tap(card('c', 'B123457897', '1975-01-01'));
    field.manualCheckIn('X234567890', '1975-01-01');
    expect(field.summary()).toEqual({
      eventId: event.id,
      recorded: 2,
      duplicates: 1,
      refused: { 'invalid-kvnr': 1 },
      waitingForSync: 2,
      synced: 0,
      byHour: [
        { hour: '2026-11-22T09:00Z', count: 1 },
        { hour: '2026-11-22T10:00Z', count: 1 },
      ],
    });
  });

  it('keeps a pulled event it worked at, with its summary, after the service stops listing it', () => {
    const { field, store, tap } = setup();
    const pulled = { id: 'bgm-muster', title: 'Gesundheitstag', company: 'Muster AG', startsAt: '2026-11-22T07:00:00.000Z', endsAt: '2026-11-22T16:00:00.000Z', measures: [5] };
    setState(store.db, 'field-events', JSON.stringify([pulled]));
    field.select(pulled.id);
    tap(card('s1', 'A123457895', '1980-04-02'));
    // The event has ended; the next pull no longer lists it.
    setState(store.db, 'field-events', '[]');
    expect(field.listEvents().events).toEqual([{ ...pulled, source: 'service' }]);
    field.select(pulled.id);
    expect(field.summary()).toMatchObject({ eventId: pulled.id, recorded: 1 });
  });

  it('lets only a field admin create events, and nobody act without signing in', () => {
    const clerkish = setup(() => ({ ...admin, role: 'field' }));
    expect(() => clerkish.field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 })).toThrow(/Only a field admin/);
    const nobody = setup(() => {
      throw new ContractError('forbidden', 'Staff sign-in required');
    });
    expect(() => nobody.field.listEvents()).toThrow(/sign-in required/);
  });
});

/** The service's side of a QR code (service/field), as the insurer's app would get it. */
function insurer() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = { kid: 'k1', privateKey, publicKeyRaw: rawPublicKey(privateKey) };
  const secrets = new Map<string, Buffer>();
  const secret = (eventId: string) => secrets.get(eventId) ?? secrets.set(eventId, randomBytes(32)).get(eventId)!;
  return {
    token: (eventId: string, member: { kvnr: string; birthDate: string; initials: string }, now: number, ttlMinutes = 5) =>
      issueCheckInToken({ key, insurerIk: '109999990', eventId, secret: secret(eventId), member, now: new Date(now), ttlMinutes }).token,
    /** What the station pulls for the event, stored as the sync worker stores it. */
    pull: (store: StationDatabase, eventId: string, counts: Record<string, number>, pulledAt: number) =>
      setState(
        store.db,
        `field-checkin:${eventId}`,
        JSON.stringify({
          pulledAt: new Date(pulledAt).toISOString(),
          state: {
            eventId,
            insurerIk: '109999990',
            year: 2026,
            keys: [{ kid: 'k1', publicKey: key.publicKeyRaw.toString('base64') }],
            eventSecret: secret(eventId).toString('base64'),
            members: Object.entries(counts).map(([kvnr, n]) => ({ ref: memberPseudonym(secret(eventId).toString('base64'), kvnr), companyHealthMeasures: n })),
          },
        }),
      ),
  };
}

describe('check-in by the member\'s QR code and with the insurer\'s member state', () => {
  const hans = { kvnr: 'A123457895', birthDate: '1980-04-02', initials: 'H. M.' };

  it('checks in by a verified QR code offline, and the same person\'s card afterwards is "already checked in"', () => {
    const { field, store, clock, tap, results, outbox } = setup();
    const app = insurer();
    const event = field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 });
    field.select(event.id);
    app.pull(store, event.id, {}, clock.t);
    const token = app.token(event.id, hans, clock.t);
    expect(field.qrCheckIn(token)).toMatchObject({ outcome: 'recorded', initials: 'H. M.' });
    tap(card('s1', hans.kvnr, hans.birthDate));
    expect(results.map((r) => (r as { outcome: string }).outcome)).toEqual(['recorded', 'duplicate']);
    expect(outbox()).toMatchObject([{ kind: 'field-checkin', member: { kvnr: hans.kvnr }, capture: { method: 'app-code', code: token } }]);
    expect(store.db.prepare('SELECT method FROM field_checkin ORDER BY at, rowid').pluck().all()).toEqual(['qr', 'card']);
  });

  it('refuses an expired, a forged, a foreign and an unprepared code, recording only the refusal', () => {
    const { field, store, clock, outbox } = setup();
    const app = insurer();
    const event = field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 });
    field.select(event.id);
    const early = app.token(event.id, hans, clock.t - 6 * 60_000);
    expect(field.qrCheckIn(early)).toMatchObject({ outcome: 'rejected', rejection: 'qr-not-set-up' });
    app.pull(store, event.id, {}, clock.t);
    expect(field.qrCheckIn(early)).toMatchObject({ outcome: 'rejected', rejection: 'qr-expired' });
    expect(field.qrCheckIn(insurer().token(event.id, hans, clock.t))).toMatchObject({ outcome: 'rejected', rejection: 'qr-forged' });
    expect(field.qrCheckIn(app.token('another-event', hans, clock.t))).toMatchObject({ outcome: 'rejected', rejection: 'qr-wrong-event' });
    expect(field.qrCheckIn('https://example.org/not-a-check-in')).toMatchObject({ outcome: 'rejected', rejection: 'qr-unreadable' });
    expect(outbox()).toEqual([]);
    expect(field.summary().refused).toEqual({ 'qr-not-set-up': 1, 'qr-expired': 1, 'qr-forged': 1, 'qr-wrong-event': 1, 'qr-unreadable': 1 });
  });

  it('applies the two-per-year rule with what the insurer knew at the pull plus this station\'s undelivered check-ins', () => {
    const { field, store, clock, tap, results } = setup();
    const app = insurer();
    const first = field.createEvent({ title: 'Morgens', company: 'AG', date: '2026-11-22', measure: 5 });
    const second = field.createEvent({ title: 'Mittags', company: 'AG', date: '2026-11-22', measure: 6 });
    // The insurer already credits one company health measure to Hans and two to Berta.
    app.pull(store, first.id, { [hans.kvnr]: 1, B123457897: 2 }, clock.t);
    app.pull(store, second.id, { [hans.kvnr]: 1, B123457897: 2 }, clock.t);
    field.select(first.id);
    tap(card('h1', hans.kvnr, hans.birthDate));
    tap(card('b1', 'B123457897', '1975-01-01', 'Berta', 'Bauer'));
    // Hans's check-in this morning has not reached the service: it counts with the pulled one.
    field.select(second.id);
    tap(card('h2', hans.kvnr, hans.birthDate));
    expect(results.map((r) => (r as { outcome: string }).outcome)).toEqual(['recorded', 'limit-reached', 'limit-reached']);
  });
});

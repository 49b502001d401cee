import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { ContractError, type CardSession, type StaffSessionView } from '../contract';
import { EventHub } from '../host/event-hub';
import { createLogger, memorySink } from '../log/logger';
import { openStationDatabase, type StationDatabase } from '../store/database';
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
  const field = new FieldService({ db: store.db, events, log: createLogger('f', memorySink()), stationId: 'field-7', requireStaff: staff, now: () => new Date(clock.t) });
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
    expect(outbox()).toMatchObject([{ kind: 'field-checkin', fieldEventId: event.id, member: { kvnr: 'A123457895' }, measures: [{ measure: 5, performedOn: '2026-11-22', evidence: [{ kind: 'event-confirmation' }] }] }]);
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

  it('lets only a field admin create events, and nobody act without signing in', () => {
    const clerkish = setup(() => ({ ...admin, role: 'field' }));
    expect(() => clerkish.field.createEvent({ title: 'Tag', company: 'AG', date: '2026-11-22', measure: 5 })).toThrow(/Only a field admin/);
    const nobody = setup(() => {
      throw new ContractError('forbidden', 'Staff sign-in required');
    });
    expect(() => nobody.field.listEvents()).toThrow(/sign-in required/);
  });
});

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { useTempDir } from './temp-dir';
import type { CardSession, KioskState, SecondFactor } from '../../main/contract';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import type { MemberStateSource } from '../../main/sync/online';
import type { RuleSet } from '../../main/domain';
import { KioskService } from '../../main/kiosk/kiosk-service';

/** A kiosk on a real encrypted database with a hand-driven card reader and clock, for the kiosk tests. */
const tempDir = useTempDir();
const stores: StationDatabase[] = [];
const kiosks: KioskService[] = [];
afterEach(() => {
  kiosks.splice(0).forEach((k) => k.stop());
  stores.splice(0).forEach((s) => s.close());
});

export const readyCard = (sessionId = 's1', overrides: Partial<Extract<CardSession, { state: 'ready' }>['person']> = {}): CardSession => ({
  sessionId,
  reader: 'Virtual PCD 00 00',
  insertedAt: '2026-11-22T09:00:00.000Z',
  state: 'ready',
  person: {
    kvnr: 'A123457895',
    title: 'Dr.',
    firstName: 'Hans-Jürgen',
    namePrefix: null,
    lastName: 'Müller',
    nameSuffix: null,
    birthDate: '1967-03-12',
    sex: 'M',
    address: { kind: 'street', street: 'Königstraße', houseNumber: '12a', addition: null, postalCode: '70173', city: 'Stuttgart', countryCode: 'D' },
    ...overrides,
  },
  cover: { insurerIk: '109999990', insurerName: 'Bonus ABC Krankenkasse', insurerCountryCode: 'D', coverStart: '2015-04-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
  card: { iccsn: '80276883110000012345', iccsnLastFour: '2345', generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
});

export function setup(options: { factor?: SecondFactor; inactivitySeconds?: number; online?: (db: StationDatabase['db']) => MemberStateSource; now?: string; ruleSets?: readonly RuleSet[] } = {}) {
  const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
  stores.push(store);
  const clock = { t: Date.parse(options.now ?? '2026-11-22T09:00:00Z') };
  const events = new EventHub(createLogger('t', memorySink()), { withheld: ['cardSessions'] });
  const seen: unknown[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const states = () => seen.filter((e) => (e as { name: string }).name === 'kioskState').map((e) => (e as { payload: KioskState }).payload);
  const kiosk = new KioskService({
    db: store.db,
    events,
    log: createLogger('kiosk', memorySink()),
    stationId: 'kiosk-1',
    secondFactor: options.factor ?? 'postalCode',
    maxAttempts: 3,
    lockMinutes: 15,
    inactivitySeconds: options.inactivitySeconds ?? 90,
    now: () => new Date(clock.t),
    ...(options.online ? { online: options.online(store.db) } : {}),
    ...(options.ruleSets ? { ruleSets: options.ruleSets } : {}),
  });
  kiosk.start();
  kiosks.push(kiosk);
  const insert = (session: CardSession) => events.publish('cardSessions', { sessions: [session] });
  const remove = (sessionId = 's1', duringRead = false) => {
    events.publish('cardSessions', { sessions: [] });
    events.publish('cardRemoved', { reader: 'Virtual PCD 00 00', sessionId, duringRead, at: new Date(clock.t).toISOString() });
  };
  return { kiosk, store, clock, seen, states, insert, remove };
}


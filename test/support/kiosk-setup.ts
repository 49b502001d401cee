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
import { normalizePhoto } from '../../main/imaging/normalize';
import { normalizeSignature } from '../../main/imaging/signature';
import { recognizePage } from '../../main/imaging/recognition/recognize-page';
import { ImagingWorker } from '../../main/imaging/worker/imaging-worker-client';
import { createKiosk, type Kiosk, type KioskOptions } from '../../main/kiosk/kiosk';
import type { KioskImaging } from '../../main/kiosk/readable-photo';
import type { ChangeRequestSource } from '../../main/kiosk/payout-online';
import type { InsurerIdentity } from '../../main/kiosk/insurer-identity';

/**
 * A kiosk on a real encrypted database with a hand-driven card reader and clock, for the kiosk
 * tests: the same services the station builds (createKiosk), started in the station's order.
 * Images are normalized in process (the same code the imaging worker runs), or in a real worker
 * thread with `imaging: 'worker'`.
 */
const tempDir = useTempDir();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const inProcessImaging: KioskImaging = { normalizePhoto: (input) => normalizePhoto(input), normalizeSignature: (input) => normalizeSignature(input), recognizePage: (input) => recognizePage(input) };

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

export interface KioskSetupOptions {
  factor?: SecondFactor;
  inactivitySeconds?: number;
  online?: (db: StationDatabase['db']) => MemberStateSource;
  changes?: (db: StationDatabase['db']) => ChangeRequestSource;
  /** The insurer's check of the second factor (and the app approval); without it only the card is asked. */
  insurer?: (db: StationDatabase['db']) => InsurerIdentity;
  appApproval?: 'off' | 'required';
  offlineIdentity?: 'reduced' | 'refuse';
  approvalPollMs?: number;
  now?: string;
  ruleSets?: readonly RuleSet[];
  /** In process (default), a real worker thread, or the given image work (e.g. one the test holds back). */
  imaging?: 'in-process' | 'worker' | KioskImaging;
  /** The kiosk's document scanner, built on the kiosk's event hub; none when absent. */
  scanner?: (events: EventHub) => KioskOptions['scanner'];
  maxChangeWaitMs?: number;
  store?: StationDatabase;
  stationId?: string;
}

export function setup(options: KioskSetupOptions = {}) {
  const store = options.store ?? openStationDatabase({ path: join(tempDir(), `station-${randomBytes(4).toString('hex')}.db`), key: randomBytes(32) });
  const clock = { t: Date.parse(options.now ?? '2026-11-22T09:00:00Z') };
  const logs = memorySink();
  const events = new EventHub(createLogger('t', logs), { withheld: ['cardSessions'] });
  const seen: unknown[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const states = () => seen.filter((e) => (e as { name: string }).name === 'kioskState').map((e) => (e as { payload: KioskState }).payload);
  const worker = options.imaging === 'worker' ? new ImagingWorker() : null;
  const kiosk: Kiosk = createKiosk({
    db: store.db,
    events,
    log: createLogger('kiosk', logs),
    stationId: options.stationId ?? 'kiosk-1',
    config: {
      secondFactor: options.factor ?? 'postalCode',
      maxIdentityAttempts: 3,
      identityLockMinutes: 15,
      inactivityTimeoutSeconds: options.inactivitySeconds ?? 90,
      appApproval: options.appApproval ?? 'off',
      offlineIdentity: options.offlineIdentity ?? 'reduced',
    },
    ...(options.insurer ? { insurer: options.insurer(store.db) } : {}),
    ...(options.approvalPollMs ? { approvalPollMs: options.approvalPollMs } : {}),
    imaging: worker ?? (typeof options.imaging === 'object' ? options.imaging : inProcessImaging),
    scanner: options.scanner?.(events) ?? null,
    changes: options.changes ? options.changes(store.db) : null,
    now: () => new Date(clock.t),
    ...(options.online ? { online: options.online(store.db) } : {}),
    ...(options.ruleSets ? { ruleSets: options.ruleSets } : {}),
    ...(options.maxChangeWaitMs ? { maxChangeWaitMs: options.maxChangeWaitMs } : {}),
  });
  for (const service of kiosk.services) void service.start();
  cleanups.push(async () => {
    for (const service of [...kiosk.services].reverse()) await service.stop();
    await worker?.stop();
    if (!options.store) store.close();
  });
  const insert = (session: CardSession) => events.publish('cardSessions', { sessions: [session] });
  const remove = (sessionId = 's1', duringRead = false) => {
    events.publish('cardSessions', { sessions: [] });
    events.publish('cardRemoved', { reader: 'Virtual PCD 00 00', sessionId, duringRead, at: new Date(clock.t).toISOString() });
  };
  /** Card in, second factor confirmed: the member's booklet is open. */
  const confirmed = (sessionId = 's1', overrides: Parameters<typeof readyCard>[1] = {}) => {
    insert(readyCard(sessionId, overrides));
    // Without a service the card is asked, synchronously (the weaker check, reduced booklet).
    const answer = kiosk.identification.confirmIdentity('70173');
    if (answer instanceof Promise || answer.ok !== true) throw new Error('the test card holder was not confirmed');
  };
  return { kiosk, store, clock, logs, events, seen, states, insert, remove, confirmed };
}

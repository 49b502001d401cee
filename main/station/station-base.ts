import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCardService } from '../card/create-card-service';
import { createCardHandlers } from '../card/card-handlers';
import type { CardSessionService } from '../card/card-session-service';
import type { LoadedConfig } from '../config/load';
import { ContractError } from '../contract';
import { berlinDateOf } from '../domain';
import { ImagingWorker } from '../imaging/worker/imaging-worker-client';
import type { Handlers } from '../runtime/dispatcher';
import { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { StaffService } from '../staff/staff-service';
import { createStaffHandlers } from '../staff/staff-handlers';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { createServiceApi, createSyncService } from '../sync/create-sync-service';
import type { ServiceApi } from '../sync/service-api-client';
import { createSyncHandlers } from '../sync/sync-handlers';
import type { SyncWorker } from '../sync/sync-worker';
import { fieldPullOption } from '../field/field-pull';
import { stationClock } from './station-clock';
import { createStationHandlers } from './station-handlers';
import { databaseFileName, type StationOptions } from './station-options';

type BaseHandlers = Pick<Handlers, 'getStationInfo' | 'getDiagnostics' | 'getStatus' | 'getToday' | 'getCardSessions' | 'staffSignIn' | 'staffSignOut' | 'getStaffSession' | 'touchStaffSession' | 'getSyncOverview' | 'syncNow'>;

/** What every station mode is built on. */
export interface StationBase {
  readonly loaded: LoadedConfig;
  readonly log: Logger;
  readonly store: StationDatabase;
  readonly events: EventHub;
  /** The station's one imaging worker thread (photos, signatures, page recognition, booklet PDFs); it starts with its first call. */
  readonly imaging: ImagingWorker;
  /** The station's one client of the central service (sync, kiosk, clerk desk); null: this station does not sync. */
  readonly api: ServiceApi | null;
  readonly card: CardSessionService;
  readonly staff: StaffService;
  /** The sync worker; null without a service. */
  readonly sync: SyncWorker | null;
  /** Ends the imaging worker and closes the service client: listed first by every mode, so they stop last, after everything that uses them. */
  readonly shared: readonly StationService[];
  /**
   * The clock of the station's date rules (station-clock.ts): on the test day of
   * BONUS_STATION_TEST_TODAY, else the real one. The modes hand it to their desks; the screen gets its day through getToday.
   */
  readonly clock: () => Date;
  /** The contract's methods every mode answers the same way. */
  readonly handlers: BaseHandlers;
}

export function createStationBase(options: StationOptions): StationBase {
  const { loaded, log } = options;
  const { config } = loaded;
  // Before anything opens: a malformed test day stops the start.
  const testDay = stationClock(process.env);
  if (testDay) log.warn('BONUS_STATION_TEST_TODAY (a test hook, never in production): the date rules run on a test day', { today: berlinDateOf(testDay().getTime()) });
  const clock = testDay ?? (() => new Date());
  mkdirSync(loaded.dataDir, { recursive: true, mode: 0o700 });
  const store = openStationDatabase({ path: join(loaded.dataDir, databaseFileName), key: options.dbKey, auditKey: options.auditKey });
  // Raw card sessions (name, KVNR, birth date, address) never leave main, in any mode: the kiosk
  // shows a member only after the second factor (kioskState), the field desk initials
  // (fieldCheckIn), and the clerk desk picks the member from the card inside main
  // (clerkPickMemberFromCard), for a signed-in clerk only.
  const events = new EventHub(log.child('events'), { withheld: ['cardSessions'] });
  const startedAt = Date.now();

  // Until the device and sync services publish their own states, say honestly what is there.
  events.publish('cardStatus', { state: 'unavailable', readers: [] });
  events.publish('scannerStatus', { state: 'unavailable', devices: [] });
  events.publish('syncStatus', { state: config.service.url ? 'offline' : 'disabled', queueLength: 0, bytesPending: 0, lastSuccessAt: null, lastError: null });

  const api = createServiceApi(config.service, store.db);
  const imaging = new ImagingWorker();
  // Card sessions degrade on their own: without a PC/SC binding or service the status says why.
  const card = createCardService({ config: config.card, events, log: log.child('card') });
  const staff = new StaffService({
    db: store.db,
    mode: config.mode,
    events,
    log: log.child('staff'),
    inactivitySeconds: config.staff.inactivityTimeoutSeconds,
    maxFailedAttempts: config.staff.maxFailedAttempts,
    lockMinutes: config.staff.lockMinutes,
  });
  const sync = api ? createSyncService({ config, api, db: store.db, events, log: log.child('sync'), appVersion: options.appVersion, ...fieldPullOption(config.mode, store.db) }) : null;

  const cardDataRefused = () => {
    throw new ContractError('forbidden', 'Card sessions stay inside the station here; see kioskState / fieldCheckIn');
  };
  const handlers: BaseHandlers = {
    // The station info (service URL, config path, versions, database) is for staff: a kiosk's for
    // its admin only, reached by the staff gesture and sign-in; elsewhere for any signed-in staff.
    ...createStationHandlers({ ...options, store, events, startedAt, clock, guardDiagnostics: config.mode === 'kiosk' ? () => void staff.require('admin') : () => void staff.require() }),
    ...createCardHandlers(card, config.mode === 'clerk' ? () => void staff.require('clerk', 'admin') : cardDataRefused),
    ...createStaffHandlers(staff),
    ...createSyncHandlers({ db: store.db, worker: sync, requireStaff: () => staff.require(), log: log.child('sync-view') }),
  };
  const shared: StationService[] = [
    ...(api ? [{ name: 'service-api', start: () => undefined, stop: () => api.close() }] : []),
    { name: 'imaging-worker', start: () => undefined, stop: () => imaging.stop() },
  ];
  return { loaded, log, store, events, imaging, api, card, staff, sync, shared, clock, handlers };
}

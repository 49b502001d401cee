import type { Handlers } from '../runtime/dispatcher';
import { createDispatcher } from '../runtime/dispatcher';
import { EventHub } from '../runtime/event-hub';
import { openStationDatabase } from '../store/database';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createStationHandlers } from './station-handlers';
import { databaseFileName, type Station, type StationOptions } from './station-options';
import { createCardService } from '../card/create-card-service';
import { createCardHandlers } from '../card/card-handlers';
import type { StationService } from '../runtime/service';
import { createScannerService, scanInboxFolder } from '../scanning/create-scanner-service';
import { createScannerHandlers } from '../scanning/scanner-handlers';
import { StaffService } from '../staff/staff-service';
import { createStaffHandlers } from '../staff/staff-handlers';
import { createServiceApi, createSyncService } from '../sync/create-sync-service';
import { createSyncHandlers } from '../sync/sync-handlers';
import { KioskService } from '../kiosk/kiosk-service';
import { createKioskHandlers } from '../kiosk/kiosk-handlers';
import { createKioskScanHandlers, KioskDocumentScan } from '../kiosk/kiosk-document-scan';
import { kioskClock } from '../kiosk/kiosk-clock';
import { kioskRuleSets } from '../kiosk/kiosk-rule-sets';
import { PayoutService } from '../kiosk/payout-service';
import { createPayoutHandlers } from '../kiosk/payout-handlers';
import { createChangeRequestSource } from '../kiosk/payout-online';
import { createMemberStateSource } from '../sync/online';
import { FieldService } from '../field/field-service';
import { createFieldHandlers } from '../field/field-handlers';
import { fieldPullOption } from '../field/field-pull';
import { ContractError } from '../contract';
import { ClerkBatchService } from '../clerk/batch-service';
import { createClerkBatchHandlers } from '../clerk/batch-handlers';
import { bookletOwnerFromRegister } from '../clerk/batch-owner';
import { BookletDesk } from '../clerk/booklets-desk';
import { createBookletHandlers } from '../clerk/booklets-handlers';
import { BookletLinkSync } from '../clerk/booklets-sync';
import { ImagingWorker } from '../imaging/worker/imaging-worker-client';

/**
 * The composition root shared by the Electron app and the loopback host: opens the store,
 * builds the services in dependency order with plain constructor parameters, and wires the
 * contract's handlers. Transports only carry calls to `dispatch` and events from `events`.
 */
export function createStation(options: StationOptions): Station {
  const { loaded, log } = options;
  mkdirSync(loaded.dataDir, { recursive: true, mode: 0o700 });
  const store = openStationDatabase({ path: join(loaded.dataDir, databaseFileName), key: options.dbKey });
  const isKiosk = loaded.config.mode === 'kiosk';
  // Kiosk and field stations keep raw card sessions (name, KVNR, address) inside main: the kiosk
  // shows a member only after the second factor (kioskState), the field desk initials (fieldCheckIn).
  const isField = loaded.config.mode === 'field';
  const events = new EventHub(log.child('events'), { withheld: isKiosk || isField ? ['cardSessions'] : [] });
  const startedAt = Date.now();
  // The station's one client of the central service, shared by sync, kiosk and clerk desk; closed last.
  const api = createServiceApi(loaded.config.service, store.db);

  // Until the device and sync services publish their own states, say honestly what is there.
  events.publish('cardStatus', { state: 'unavailable', readers: [] });
  events.publish('scannerStatus', { state: 'unavailable', devices: [] });
  events.publish('syncStatus', {
    state: loaded.config.service.url ? 'offline' : 'disabled',
    queueLength: 0,
    bytesPending: 0,
    lastSuccessAt: null,
    lastError: null,
  });

  // Card sessions degrade on their own: without a PC/SC binding or service the status says why.
  const cardService = createCardService({ config: loaded.config.card, events, log: log.child('card') });
  const staff = new StaffService({
    db: store.db,
    mode: loaded.config.mode,
    events,
    log: log.child('staff'),
    inactivitySeconds: loaded.config.staff.inactivityTimeoutSeconds,
    maxFailedAttempts: loaded.config.staff.maxFailedAttempts,
    lockMinutes: loaded.config.staff.lockMinutes,
  });
  const kioskCatalogs = isKiosk ? kioskRuleSets(loaded) : undefined;
  const kiosk = isKiosk
    ? new KioskService({
        db: store.db,
        events,
        log: log.child('kiosk'),
        stationId: loaded.config.stationId,
        secondFactor: loaded.config.kiosk.secondFactor,
        maxAttempts: loaded.config.kiosk.maxIdentityAttempts,
        lockMinutes: loaded.config.kiosk.identityLockMinutes,
        inactivitySeconds: loaded.config.kiosk.inactivityTimeoutSeconds,
        ...(api ? { online: createMemberStateSource(api) } : {}),
        ...(kioskClock(process.env) ? { now: kioskClock(process.env)! } : {}),
        ...(kioskCatalogs ? { ruleSets: kioskCatalogs } : {}),
      })
    : null;
  // The kiosk's payout screen; protected changes (bank, address) need the central service.
  const payout = kiosk
    ? new PayoutService({
        db: store.db,
        events,
        log: log.child('kiosk-payout'),
        kiosk,
        changes: api ? createChangeRequestSource(api) : null,
        ...(kioskClock(process.env) ? { now: kioskClock(process.env)! } : {}),
      })
    : null;
  const field = isField
    ? new FieldService({ db: store.db, events, log: log.child('field'), stationId: loaded.config.stationId, requireStaff: () => staff.require('field', 'admin'), insurerIks: loaded.config.card.insurerIks })
    : null;
  const services: StationService[] = [...(kiosk ? [kiosk] : []), ...(payout ? [payout] : []), ...(field ? [field] : []), cardService, staff];
  const sync = api ? createSyncService({ config: loaded.config, api, db: store.db, events, log: log.child('sync'), appVersion: options.appVersion, ...fieldPullOption(loaded.config.mode, store.db) }) : null;
  if (sync) services.push(sync);
  // The clerk desk's booklets: member pick, printing with a linked booklet id, legacy pages.
  const bookletLinks =
    loaded.config.mode === 'clerk'
      ? new BookletLinkSync({ db: store.db, api, log: log.child('booklet-links') })
      : null;
  // The clerk's batch queue: scanned pages are recognized in the imaging worker thread.
  const clerkBatch =
    loaded.config.mode === 'clerk'
      ? new ClerkBatchService({
          db: store.db,
          publish: (name, payload) => events.publish(name, payload),
          log: log.child('clerk-batch'),
          recognizer: new ImagingWorker(),
          requireStaff: () => staff.require('clerk', 'admin'),
          currentStaffId: () => staff.current()?.staffId ?? null,
          ownerOf: bookletOwnerFromRegister(store.db),
          // A booklet printed at another station: its member from the service, kept in the register.
          ...(bookletLinks ? { resolveBooklet: (id: string) => bookletLinks.lookupStatus(id) } : {}),
          inboxDir: join(loaded.dataDir, scanInboxFolder),
        })
      : null;
  const bookletDesk = bookletLinks
    ? new BookletDesk({ db: store.db, events, links: bookletLinks, log: log.child('booklet-desk'), requireStaff: () => staff.require('clerk', 'admin'), imaging: new ImagingWorker(), onBatchPageChanged: (id) => clerkBatch?.pageChanged(id) })
    : null;
  if (bookletLinks && bookletDesk) services.push(bookletLinks, bookletDesk);
  // Scanners degrade on their own too: no scanimage or no device is a status, not a failed start.
  // A kiosk member scans a certificate page by page; only they may see it (draftList needs a member in session).
  let kioskScan: KioskDocumentScan | null = null;
  const scanner = createScannerService({
    loaded,
    events,
    log: log.child('scanner'),
    onPage: clerkBatch ? (batchId, page) => void clerkBatch.takeScannedPage(batchId, page) : kiosk ? (batchId, page) => kioskScan?.onPage(batchId, page) : undefined,
  });
  if (kiosk) kioskScan = new KioskDocumentScan({ scanner, subscribe: (listener) => events.subscribeInternal(listener), requireMember: () => void kiosk.draftList(), log: log.child('kiosk-scan') });
  services.push(scanner);
  // After the scanner: stopped before it, so a page still arriving finds the queue stopped, not the database closed.
  if (clerkBatch) services.push(clerkBatch);
  const handlers: Handlers = {
    // A kiosk's station info is for its admin only, reached by the staff gesture and sign-in.
    ...createStationHandlers({ ...options, store, events, startedAt, ...(isKiosk ? { guardDiagnostics: () => void staff.require('admin') } : {}) }),
    ...createCardHandlers(cardService),
    ...createScannerHandlers(scanner),
    ...createStaffHandlers(staff),
    ...createKioskHandlers(kiosk),
    ...createPayoutHandlers(payout),
    ...createKioskScanHandlers(kioskScan),
    ...createFieldHandlers(field),
    ...createClerkBatchHandlers(clerkBatch),
    ...createBookletHandlers(bookletDesk),
    ...createSyncHandlers({ db: store.db, worker: sync, requireStaff: () => staff.require(), log: log.child('sync-view') }),
  };
  if (isKiosk || isField) {
    handlers.getCardSessions = () => {
      throw new ContractError('forbidden', 'Card sessions stay inside the station here; see kioskState / fieldCheckIn');
    };
  }
  const dispatch = createDispatcher(handlers, log.child('dispatch'));

  return {
    dispatch,
    events,
    store,
    loaded,
    async start() {
      for (const service of services) {
        await service.start();
        log.info('service started', { service: service.name });
      }
    },
    async stop() {
      for (const service of [...services].reverse()) {
        try {
          await service.stop();
        } catch {
          log.warn('service failed to stop cleanly', { service: service.name });
        }
      }
      api?.close();
      store.close();
    },
  };
}

import { createClerkBatchHandlers } from '../clerk/batch-handlers';
import { createBookletHandlers } from '../clerk/booklets-handlers';
import { createIdentityLockHandlers } from '../clerk/identity-lock-handlers';
import { createFieldHandlers } from '../field/field-handlers';
import { createKioskHandlers } from '../kiosk/kiosk-handlers';
import { createPrintingHandlers } from '../printing/printing-handlers';
import { createDispatcher, type Handlers } from '../runtime/dispatcher';
import { createScannerHandlers } from '../scanning/scanner-handlers';
import { ServiceLifecycle } from '../runtime/lifecycle';
import { verifyAuditChain } from '../store/audit-log';
import { clerkStation } from './clerk-station';
import { fieldStation } from './field-station';
import { kioskStation } from './kiosk-station';
import { createStationBase, type StationBase } from './station-base';
import type { StationMode } from './station-mode';
import type { Station, StationOptions } from './station-options';

const modes: Record<StationOptions['loaded']['config']['mode'], (base: StationBase) => StationMode> = {
  kiosk: kioskStation,
  clerk: clerkStation,
  field: fieldStation,
};

/**
 * The composition root shared by the Electron app and the loopback host: builds the shared base
 * (store, events, imaging worker, service client, card, staff, sync), assembles the configured
 * mode on it and wires the contract's handlers. Transports only carry calls to `dispatch` and
 * events from `events`.
 */
export function createStation(options: StationOptions): Station {
  const base = createStationBase(options);
  const mode = modes[options.loaded.config.mode](base);
  // Another mode's methods are refused by their feature, naming the station kind they need.
  const refused = { ...createKioskHandlers(null), ...createPrintingHandlers(null), ...createFieldHandlers(null), ...createClerkBatchHandlers(null), ...createBookletHandlers(null), ...createIdentityLockHandlers(null), ...createScannerHandlers(null, () => undefined) };
  const handlers: Handlers = { ...refused, ...base.handlers, ...mode.handlers };
  const dispatch = createDispatcher(handlers, options.log.child('dispatch'));
  const lifecycle = new ServiceLifecycle(mode.services, options.log);
  let stopped: Promise<void> | null = null;

  return {
    dispatch,
    events: base.events,
    store: base.store,
    loaded: options.loaded,
    endStaffSession: () => void base.staff.signOut(),
    start: () => {
      // Verified at every start (and by the sync before every round, which then stops and tells staff).
      const broken = verifyAuditChain(base.store.db);
      if (broken !== null) options.log.error('audit chain broken: sync stays stopped until the IT has looked', { seq: broken });
      return lifecycle.start();
    },
    stop() {
      stopped ??= lifecycle.stop().finally(() => base.store.close());
      return stopped;
    },
  };
}

import { createKiosk } from '../kiosk/kiosk';
import { createKioskHandlers } from '../kiosk/kiosk-handlers';
import { kioskRuleSets } from '../kiosk/kiosk-rule-sets';
import { createInsurerIdentity } from '../kiosk/insurer-identity';
import { createChangeRequestSource } from '../kiosk/payout-online';
import { createScannerService } from '../scanning/create-scanner-service';
import { createScannerHandlers } from '../scanning/scanner-handlers';
import { createMemberStateSource } from '../sync/online';
import { createReceiptDesk } from '../printing/create-receipt-desk';
import { createPrintingHandlers, rememberingReceipts } from '../printing/printing-handlers';
import type { StationBase } from './station-base';
import type { StationMode } from './station-mode';

/**
 * A kiosk: the member's session and the services that work through it, the card reader that
 * feeds it, and the document scanner members scan certificates on.
 */
export function kioskStation(base: StationBase): StationMode {
  const { loaded, store, events, log, api } = base;
  const scanner = createScannerService({ loaded, events, log: log.child('scanner') });
  const ruleSets = kioskRuleSets(loaded);
  const kiosk = createKiosk({
    db: store.db,
    events,
    log: log.child('kiosk'),
    stationId: loaded.config.stationId,
    config: loaded.config.kiosk,
    imaging: base.imaging,
    scanner,
    ...(api ? { online: createMemberStateSource(api), insurer: createInsurerIdentity(api) } : {}),
    changes: api ? createChangeRequestSource(api) : null,
    now: base.clock,
    ...(ruleSets ? { ruleSets } : {}),
  });
  // The receipts of the member's session, printed on the kiosk's CUPS receipt printer.
  const receipts = createReceiptDesk({ config: loaded.config, db: store.db, events, log: log.child('receipts') });
  const kioskHandlers = createKioskHandlers(kiosk);
  return {
    // The session listens before the card reader starts, so that no card goes unseen.
    services: [...base.shared, ...kiosk.services, receipts, base.card, base.staff, ...(base.sync ? [base.sync] : []), scanner],
    handlers: { ...kioskHandlers, ...rememberingReceipts(kioskHandlers, receipts), ...createPrintingHandlers(receipts), ...createScannerHandlers(scanner, () => void base.staff.require('admin')) },
  };
}

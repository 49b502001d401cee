import { FieldService } from '../field/field-service';
import { createFieldHandlers } from '../field/field-handlers';
import { createScannerService } from '../scanning/create-scanner-service';
import { createScannerHandlers } from '../scanning/scanner-handlers';
import type { StationBase } from './station-base';
import type { StationMode } from './station-mode';

/** A field station: the event desk that checks members in by card tap, app QR code or KVNR. */
export function fieldStation(base: StationBase): StationMode {
  const { loaded, store, events, log, staff } = base;
  const scanner = createScannerService({ loaded, events, log: log.child('scanner') });
  const field = new FieldService({ db: store.db, events, log: log.child('field'), stationId: loaded.config.stationId, requireStaff: () => staff.require('field', 'admin'), insurerIks: loaded.config.card.insurerIks });
  return {
    // The desk listens before the card reader starts, so that no tap goes unseen.
    services: [...base.shared, field, base.card, staff, ...(base.sync ? [base.sync] : []), scanner],
    handlers: { ...createFieldHandlers(field), ...createScannerHandlers(scanner) },
  };
}

import { FieldService } from '../field/field-service';
import { createFieldHandlers } from '../field/field-handlers';
import type { StationBase } from './station-base';
import type { StationMode } from './station-mode';

/**
 * A field station: the event desk that checks members in by card tap, app QR code (the station
 * camera, or a hand scanner that types) or KVNR. It has no document scanner: none is built.
 */
export function fieldStation(base: StationBase): StationMode {
  const { loaded, store, events, log, staff } = base;
  const field = new FieldService({ db: store.db, events, log: log.child('field'), stationId: loaded.config.stationId, requireStaff: () => staff.require('field', 'admin'), insurerIks: loaded.config.card.insurerIks });
  return {
    // The desk listens before the card reader starts, so that no tap goes unseen.
    services: [...base.shared, field, base.card, staff, ...(base.sync ? [base.sync] : [])],
    handlers: createFieldHandlers(field),
  };
}

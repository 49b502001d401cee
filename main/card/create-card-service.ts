import type { StationConfig } from '../config/station-config';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import type { CardReaderBackend } from '../../native/card/card-reader';
import { CardSupervisor } from '../../native/card/card-supervisor';
import { smartcardBackend } from '../../native/card/smartcard-backend';
import { CardSessionService, type CardSessionServiceOptions } from './card-session-service';

export interface CardServiceDeps {
  config: StationConfig['card'];
  events: Pick<EventHub, 'publish'>;
  log: Logger;
  /** The PC/SC adapter; the `smartcard` binding unless a test gives another. */
  backend?: CardReaderBackend;
  extra?: Partial<CardSessionServiceOptions>;
}

/**
 * Builds the card session service on the PC/SC supervisor. Never throws: a missing binding
 * or a stopped pcscd become states the status bar shows.
 */
export function createCardService(deps: CardServiceDeps): CardSessionService {
  const backend = deps.backend ?? smartcardBackend();
  if (!backend.available) deps.log.warn('card reading unavailable', { reason: backend.reason });
  const supervisor = new CardSupervisor({ backend, onDiagnostic: (message, fields) => deps.log.info(message, fields) });
  return new CardSessionService({
    supervisor,
    publish: (name, payload) => deps.events.publish(name, payload),
    policy: { insurerIks: deps.config.insurerIks },
    reader: deps.config.reader,
    log: deps.log,
    ...deps.extra,
  });
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StationConfig } from '../config/station-config';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import { CupsPrinter } from './cups-printer';
import { ReceiptDesk } from './receipt-desk';

/** The kiosk's receipt desk with the configured CUPS queue (or none). */
export function createReceiptDesk(options: { config: StationConfig; db: Database; events: EventHub; log: Logger }): ReceiptDesk {
  const configured = options.config.kiosk.receiptPrinter;
  return new ReceiptDesk({
    db: options.db,
    events: options.events,
    log: options.log,
    branch: options.config.branch,
    printer: configured ? { device: new CupsPrinter({ queue: configured.queue, server: configured.cupsServer }), paper: configured.paper } : null,
  });
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StaffSessionView } from '../contract';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { BatchEdits } from './batch-edits';
import { BatchEvents, type PublishBatch } from './batch-events';
import { BatchIntake } from './batch-intake';
import type { BookletOwnerLookup } from './batch-view';
import { BookletLookup, type LookupAnswer } from './booklet-lookup';
import { RecognitionQueue, type PageRecognizer } from './recognition-queue';

export interface ClerkBatchOptions {
  db: Database;
  publish: PublishBatch;
  log: Logger;
  recognizer: PageRecognizer;
  /** The signed-in clerk (or admin), or a forbidden error. */
  requireStaff: () => StaffSessionView;
  /** Who is signed in right now, if anyone: scans arriving from the scanner are theirs. */
  currentStaffId: () => string | null;
  ownerOf: BookletOwnerLookup;
  /** Asks the service about a booklet this station does not know (BookletLinkSync.lookupStatus); absent without a service. */
  resolveBooklet?: (bookletId: string) => Promise<LookupAnswer>;
  /** The scanner service's inbox: pages a crash left there are taken at start. */
  inboxDir?: string;
  now?: () => Date;
  openPageWaitMs?: number;
  bookingWaitMs?: number;
}

/** The clerk's batch queue: scan intake, recognition, the clerk's edits and booking, and the booklet lookup they share. */
export interface ClerkBatch {
  readonly events: BatchEvents;
  readonly lookup: BookletLookup;
  readonly queue: RecognitionQueue;
  readonly intake: BatchIntake;
  readonly edits: BatchEdits;
  /** In start order: the queue takes up what a restart left before the intake adds what the scan inbox holds. */
  readonly services: readonly StationService[];
}

export function createClerkBatch(options: ClerkBatchOptions): ClerkBatch {
  const { db, log, ownerOf } = options;
  const now = options.now ?? (() => new Date());
  const events = new BatchEvents({ db, publish: options.publish, log });
  const lookup = new BookletLookup({ ownerOf, events, now, ...(options.resolveBooklet ? { resolve: options.resolveBooklet } : {}) });
  const queue = new RecognitionQueue({ db, recognizer: options.recognizer, events, lookup, ownerOf, log });
  const intake = new BatchIntake({ db, queue, events, log, currentStaffId: options.currentStaffId, now, ...(options.inboxDir ? { inboxDir: options.inboxDir } : {}) });
  const edits = new BatchEdits({
    db,
    events,
    lookup,
    queue,
    ownerOf,
    requireStaff: options.requireStaff,
    log,
    now,
    ...(options.openPageWaitMs !== undefined ? { openPageWaitMs: options.openPageWaitMs } : {}),
    ...(options.bookingWaitMs !== undefined ? { bookingWaitMs: options.bookingWaitMs } : {}),
  });
  return { events, lookup, queue, intake, edits, services: [queue, intake] };
}

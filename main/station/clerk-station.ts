import { join } from 'node:path';
import { createClerkBatchHandlers } from '../clerk/batch-handlers';
import { bookletOwnerFromRegister } from '../clerk/batch-owner';
import { createClerkBatch } from '../clerk/clerk-batch';
import { BookletDesk } from '../clerk/booklets-desk';
import { createBookletHandlers } from '../clerk/booklets-handlers';
import { BookletLinkSync } from '../clerk/booklets-sync';
import { IdentityLockDesk } from '../clerk/identity-lock-desk';
import { createIdentityLockHandlers } from '../clerk/identity-lock-handlers';
import { createScannerService, scanInboxFolder } from '../scanning/create-scanner-service';
import { createScannerHandlers } from '../scanning/scanner-handlers';
import type { StationBase } from './station-base';
import type { StationMode } from './station-mode';

/**
 * A clerk workstation: the desk for members and booklets (pick, print, legacy pages, a member's
 * kiosk lock) and the batch queue that takes scanned pages, recognizes them in the imaging
 * worker and books them.
 */
export function clerkStation(base: StationBase): StationMode {
  const { loaded, store, events, log, staff, api } = base;
  const requireClerk = () => staff.require('clerk', 'admin');
  const links = new BookletLinkSync({ db: store.db, api, log: log.child('booklet-links') });
  const batch = createClerkBatch({
    db: store.db,
    publish: (name, payload) => events.publish(name, payload),
    log: log.child('clerk-batch'),
    recognizer: base.imaging,
    requireStaff: requireClerk,
    currentStaffId: () => staff.current()?.staffId ?? null,
    ownerOf: bookletOwnerFromRegister(store.db),
    // A booklet printed at another station: its member from the service, kept in the register.
    resolveBooklet: (id: string) => links.lookupStatus(id),
    inboxDir: join(loaded.dataDir, scanInboxFolder),
    // The station's day (a test day under BONUS_STATION_TEST_TODAY), as the kiosk's.
    now: base.clock,
  });
  const desk = new BookletDesk({ db: store.db, events, links, log: log.child('booklet-desk'), requireStaff: requireClerk, imaging: base.imaging, onBatchPageChanged: (id) => batch.events.pageChanged(id), now: base.clock });
  const locks = new IdentityLockDesk({ desk, links, requireStaff: requireClerk, log: log.child('identity-lock') });
  const scanner = createScannerService({ loaded, events, log: log.child('scanner'), onPage: (scanBatchId, page) => void batch.intake.take(scanBatchId, page) });
  return {
    // The batch queue stops before the scanner, so a page still arriving finds the queue stopped, not the database closed.
    services: [...base.shared, base.card, staff, ...(base.sync ? [base.sync] : []), links, desk, scanner, ...batch.services],
    handlers: { ...createClerkBatchHandlers(batch.edits), ...createBookletHandlers(desk), ...createIdentityLockHandlers(locks), ...createScannerHandlers(scanner, () => void requireClerk()) },
  };
}

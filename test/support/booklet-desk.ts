import { randomBytes } from 'node:crypto';
import { ContractError, type StaffSessionView } from '../../main/contract';
import { BookletDesk } from '../../main/clerk/booklets-desk';
import { BookletLinkSync } from '../../main/clerk/booklets-sync';
import type { ImagingWorker } from '../../main/imaging/worker/imaging-worker-client';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { openStationDatabase } from '../../main/store/database';

/** A clerk desk on its own encrypted database, with a signed-in clerk (signOut ends the session). */
export function createTestDesk(path: string, clerk: StaffSessionView, imaging?: ImagingWorker) {
  const store = openStationDatabase({ path, key: randomBytes(32) });
  const logs = memorySink();
  const log = createLogger('t', logs);
  const events = new EventHub(log);
  let staff: StaffSessionView | null = clerk;
  const links = new BookletLinkSync({ db: store.db, api: null, log });
  const desk = new BookletDesk({
    db: store.db,
    events,
    links,
    log,
    requireStaff: () => {
      if (!staff) throw new ContractError('forbidden', 'Staff sign-in required');
      return staff;
    },
    now: () => new Date('2026-11-22T09:30:00Z'),
    ...(imaging ? { imaging } : {}),
  });
  desk.start();
  const signOut = () => {
    staff = null;
    events.publish('staffSession', { state: 'signed-out', session: null, reason: 'signed-out' });
  };
  return { store, desk, events, logs, signOut };
}

export function pickedId(result: { ok: boolean; member?: { pickId: string } }): string {
  if (!result.ok || !result.member) throw new Error(`pick failed: ${JSON.stringify(result)}`);
  return result.member.pickId;
}

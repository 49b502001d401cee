import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { useTempDir } from './temp-dir';
import { bookletPage, scanOf, stampInto } from './imaging/scans';
import type { ClerkBatchEvent, StaffSessionView } from '../../main/contract';
import { ContractError } from '../../main/contract';
import type { Declaration } from '../../main/domain';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { ImagingWorker } from '../../main/imaging/worker/imaging-worker-client';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { ServiceLifecycle } from '../../main/runtime/lifecycle';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import { createClerkBatch } from '../../main/clerk/clerk-batch';
import type { PageRecognizer } from '../../main/clerk/recognition-queue';
import type { BookletOwner, BookletOwnerLookup } from '../../main/clerk/batch-view';

/**
 * The clerk's batch queue on a real encrypted database with the real imaging worker, started
 * and stopped in the station's order, for the clerk batch tests.
 */
export const tempDir = useTempDir('clerk-batch-');
const key = randomBytes(32);
export const clerk: StaffSessionView = { staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', signedInAt: '2026-06-15T08:00:00.000Z', expiresAt: '2026-06-15T09:00:00.000Z' };
export const now = () => new Date('2026-06-15T10:00:00Z');
export const declared: Declaration[] = [
  { year: 2026, declaredOn: '2026-01-10', channel: 'paper', declaredBy: { role: 'self', personRef: 'self' }, consentSgbV284: true, termsVersion: '2026-01' },
];
export const adultOwner: BookletOwner = { kvnr: 'A123457895', birthDate: '1980-04-02', initials: 'H. M.', declarations: declared };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function station(options: { path?: string; recognizer?: PageRecognizer; owners?: Record<string, BookletOwner>; ownerOf?: (db: StationDatabase['db']) => BookletOwnerLookup; signedIn?: boolean; inboxDir?: string } = {}) {
  const path = options.path ?? join(tempDir(), 'station.db');
  const store: StationDatabase = openStationDatabase({ path, key });
  const events: ClerkBatchEvent[] = [];
  const sink = memorySink();
  const log = createLogger('clerk-batch', sink);
  const service = createClerkBatch({
    db: store.db,
    publish: (_name, payload) => events.push(payload),
    log,
    recognizer: options.recognizer ?? new ImagingWorker(),
    requireStaff: () => {
      if (options.signedIn === false) throw new ContractError('forbidden', 'Staff sign-in required');
      return clerk;
    },
    currentStaffId: () => clerk.staffId,
    ownerOf: options.ownerOf ? options.ownerOf(store.db) : (id) => (options.owners ?? { K7M2Q9X4TR: adultOwner })[id] ?? null,
    ...(options.inboxDir ? { inboxDir: options.inboxDir } : {}),
    now,
  });
  const lifecycle = new ServiceLifecycle(service.services, log);
  const started = lifecycle.start();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await lifecycle.stop();
    store.close();
  };
  cleanups.push(close);
  return { path, store, service, events, sink, close, started };
}

/** A page file as the scanner service leaves it in its inbox. */
export async function scannedFile(dir: string, name: string, stamps: number[], program: 'adult' | 'child' = 'adult', page = 1, bookletId = 'K7M2Q9X4TR'): Promise<string> {
  const canvas = bookletPage(program, page, bookletId);
  const fields = bookletTemplate(program).pages[page - 1]!.fields;
  for (const index of stamps) stampInto(canvas, fields[index]!.stampBox);
  const path = join(dir, name);
  writeFileSync(path, await scanOf(canvas, { angle: 1.5 }));
  return path;
}

/** A short pen stroke in a box: too much ink to call it empty, too little to call it a stamp. */
export async function unsureFile(dir: string): Promise<string> {
  const canvas = bookletPage('adult', 1);
  const box = bookletTemplate('adult').pages[0]!.fields[3]!.stampBox;
  canvas.strokeLine(box.x + 30, box.y + 15, box.x + 35, box.y + 15, 0.35, [20, 30, 120]);
  const path = join(dir, 'unsure.jpg');
  writeFileSync(path, await scanOf(canvas));
  return path;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { ContractError, type SyncStatus } from '../contract';
import type { SubmissionUpload } from '../contract/service-api';
import { EventHub } from '../runtime/event-hub';
import { referenceFor } from './receipt-reference';
import { createLogger, memorySink } from '../runtime/logger';
import { StaffService } from '../staff/staff-service';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { enrolledIdentity, ensureStationKey } from './identity';
import { enqueueSubmission, markFailed } from './outbox';
import { ServiceApi } from './service-api-client';
import { createSyncHandlers } from './sync-handlers';
import { SyncWorker } from './sync-worker';

const kvnr = 'A123457895';

function participation(kind: SubmissionUpload['kind'] = 'participation'): SubmissionUpload {
  return { id: randomUUID(), kind, createdAt: '2026-11-20T10:00:00.000Z', participationYear: 2026, member: { kvnr }, measures: [] };
}

/** A port on which nothing listens: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the staff sync view (getSyncOverview, syncNow)', () => {
  const tempDir = useTempDir('sync-view-');
  let store: StationDatabase;
  let staff: StaffService;
  let worker: SyncWorker | null = null;
  const sink = memorySink();
  const log = createLogger('test', sink);

  beforeEach(async () => {
    store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
    staff = new StaffService({ db: store.db, mode: 'clerk', events: new EventHub(log), log, inactivitySeconds: 300 });
    await staff.createAccount({ staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', password: 'Sommer-Kaffee-42' }, 'cli');
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    staff.stop();
    store.close();
  });

  async function startWorker(published: SyncStatus[]): Promise<SyncWorker> {
    const api = ServiceApi.create({ baseUrl: `http://127.0.0.1:${await closedPort()}` }, enrolledIdentity(store.db));
    // A long backoff: a round after the first failure happens only when someone asks for it.
    worker = new SyncWorker({ db: store.db, api, log, publish: (s) => published.push(s), retentionDays: 7, backoff: { baseMs: 600_000, maxMs: 600_000 }, random: () => 1 });
    worker.start();
    return worker;
  }

  it('answers only signed-in staff', async () => {
    const handlers = createSyncHandlers({ db: store.db, worker: null, requireStaff: () => staff.require(), log });
    expect(() => handlers.getSyncOverview({}, { transport: 'test' })).toThrow(ContractError);
    expect(() => handlers.syncNow({}, { transport: 'test' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(store.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'sync.now'`).get()).toEqual({ n: 0 });
  });

  it('lists set-aside submissions by reference, kind, time and the German answer, without the member', async () => {
    const refused = participation('field-checkin');
    const waiting = participation();
    enqueueSubmission(store.db, refused, []);
    enqueueSubmission(store.db, waiting, []);
    markFailed(store.db, refused.id, 'Der Bonus-Service hat eine Einreichung abgelehnt (Code unknown_event). Sie bleibt auf dieser Station; bitte die IT informieren.');
    await staff.signIn('c.mueller', 'Sommer-Kaffee-42');

    const handlers = createSyncHandlers({ db: store.db, worker: null, requireStaff: () => staff.require(), log });
    const overview = await handlers.getSyncOverview({}, { transport: 'test' });
    expect(overview).toMatchObject({
      enabled: false,
      status: { state: 'disabled', queueLength: 1, lastSuccessAt: null },
      setAsideTotal: 1,
      setAside: [{ reference: referenceFor(refused.id), kind: 'field-checkin', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), attempts: 0, error: expect.stringContaining('abgelehnt') }],
    });
    expect(overview.status.bytesPending).toBeGreaterThan(0);
    expect(JSON.stringify(overview)).not.toContain(kvnr);
    expect(JSON.stringify(overview)).not.toContain(refused.id);
  });

  it('without a central service, "sync now" says it is not available', async () => {
    await staff.signIn('c.mueller', 'Sommer-Kaffee-42');
    const handlers = createSyncHandlers({ db: store.db, worker: null, requireStaff: () => staff.require(), log });
    expect(() => handlers.syncNow({}, { transport: 'test' })).toThrow(expect.objectContaining({ code: 'not_available' }));
  });

  it('"sync now" starts a round at once, logged with the staff id; an unreachable service is a German error and the queue stays', async () => {
    ensureStationKey(store.db, 'station-test');
    store.db.prepare('UPDATE sync_identity SET enrolled_at = ? WHERE id = 1').run('2026-11-01T08:00:00.000Z');
    enqueueSubmission(store.db, participation(), []);
    const published: SyncStatus[] = [];
    const running = await startWorker(published);
    await until(() => published.some((s) => s.state === 'offline'));
    const roundsBefore = published.filter((s) => s.state === 'syncing').length;

    await staff.signIn('c.mueller', 'Sommer-Kaffee-42');
    const handlers = createSyncHandlers({ db: store.db, worker: running, requireStaff: () => staff.require(), log });
    expect(await handlers.syncNow({}, { transport: 'test' })).toEqual({ requested: true });
    // The backoff alone would wait ten minutes: the round seen here is the one staff asked for.
    await until(() => published.filter((s) => s.state === 'syncing').length > roundsBefore && published.at(-1)?.state === 'offline');

    const overview = await handlers.getSyncOverview({}, { transport: 'test' });
    expect(overview).toMatchObject({ enabled: true, status: { state: 'offline', queueLength: 1, lastError: expect.stringMatching(/^Der Bonus-Service ist nicht erreichbar\./) }, setAside: [] });
    const audit = store.db.prepare(`SELECT actor, action FROM audit_log WHERE action = 'sync.now'`).all();
    expect(audit).toEqual([{ actor: 'staff:c.mueller', action: 'sync.now' }]);
    expect(JSON.stringify(sink.records)).not.toContain(kvnr);
  });
});

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database as StationDb } from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { appendAudit, verifyAuditChain } from '../../main/store/audit-log';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import { enqueueSubmission } from '../../main/sync/outbox';
import { createSyncHandlers } from '../../main/sync/sync-handlers';
import { SyncWorker } from '../../main/sync/sync-worker';
import { openPglite, type Database } from '../../service/db/database';
import { submission } from '../integration/sync-support/fixtures';
import { startService, type RunningService } from '../integration/sync-support/service-harness';
import { createTestStation, type TestStation } from '../integration/sync-support/station-harness';

/**
 * Hole 8: whoever holds the database key (a stolen kiosk disk with its key file, a local admin)
 * must not be able to rewrite the station's audit log unnoticed, nor cut its newest entries off.
 * The chain is keyed with a key held apart from the database key; it is verified before every
 * sync; the service keeps the last head each station reported and refuses one that does not
 * extend it; a broken chain stops the sync and says so in the staff's sync view.
 */

type Row = { seq: number; at: string; actor: string; action: string; subject: string | null; detail: string | null; prev_hash: string };

/** What an attacker with only the database key can do: rewrite rows and re-chain them with any key they know. */
function rewrite(db: StationDb, change: (rows: Row[]) => Row[], chainWith: (payload: string) => string): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete');
  const rows = change(db.prepare('SELECT seq, at, actor, action, subject, detail, prev_hash FROM audit_log ORDER BY seq').all() as Row[]);
  db.prepare('DELETE FROM audit_log').run();
  let prev = rows[0]?.prev_hash ?? '0'.repeat(64);
  for (const row of rows) {
    const hash = chainWith(JSON.stringify([prev, row.at, row.actor, row.action, row.subject, row.detail]));
    db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(row.seq, row.at, row.actor, row.action, row.subject, row.detail, prev, hash);
    prev = hash;
  }
}

const dirs: string[] = [];
const stores: StationDatabase[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function stationDb() {
  const dir = mkdtempSync(join(tmpdir(), 'sec-audit-'));
  dirs.push(dir);
  const dbKey = randomBytes(32);
  const store = openStationDatabase({ path: join(dir, 'station.db'), key: dbKey, auditKey: randomBytes(32) });
  stores.push(store);
  for (const action of ['staff.signin', 'sync.now', 'staff.signout', 'staff.signin']) appendAudit(store.db, { actor: 'staff:c1', action });
  return { store, dbKey };
}

describe('hole 8: the audit log proves itself', () => {
  it('detects an entry rewritten and re-chained with the unkeyed hash', () => {
    const { store } = stationDb();
    expect(verifyAuditChain(store.db)).toBeNull();
    rewrite(store.db, (rows) => rows.map((r) => (r.seq === 2 ? { ...r, actor: 'staff:someone-else' } : r)), (p) => createHash('sha256').update(p).digest('hex'));
    expect(verifyAuditChain(store.db)).toBe(1);
  });

  it('detects an entry rewritten and re-chained with a key made from the database key', () => {
    const { store, dbKey } = stationDb();
    rewrite(store.db, (rows) => rows.filter((r) => r.seq !== 3), (p) => createHmac('sha256', dbKey).update(p).digest('hex'));
    expect(verifyAuditChain(store.db)).toBe(1);
  });
});

describe('hole 8: sync stops on a broken chain, and the service sees a cut chain', () => {
  let db: Database;
  let running: RunningService;
  let station: TestStation;
  beforeAll(async () => {
    db = await openPglite();
    running = await startService(db);
  });
  afterAll(async () => {
    await running?.stop();
    await db?.close();
  });
  afterEach(async () => {
    await station?.close();
  });

  const submissionsAtService = async (stationId: string) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM submissions WHERE station_id = $1', [stationId])).rows[0]?.n);
  /** The tamper flags the back office sees for a station. */
  const flagsAtService = async (stationId: string) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM station_audit_flags WHERE station_id = $1', [stationId])).rows[0]?.n);
  const headAtService = async (stationId: string) => (await db.query<{ seq: string | null; hash: string | null }>('SELECT audit_head_seq AS seq, audit_head_hash AS hash FROM stations WHERE station_id = $1', [stationId])).rows[0];
  /**
   * Syncs the station once while another process of it (`station sync now` beside the running
   * app: its own worker on the same database) adds an entry and syncs right after this one read
   * the head held: this report is then made against a head no longer held.
   */
  const syncOvertaken = async (station: TestStation) => {
    const other = new SyncWorker({ db: station.store.db, api: station.api, log: createLogger('t', memorySink()), publish: () => undefined, retentionDays: 7 });
    let raced = false;
    const racing = Object.create(station.api) as typeof station.api;
    racing.call = (async (...args: Parameters<typeof station.api.call>) => {
      const answer = await station.api.call(...args);
      if (args[0] === 'auditHead' && !raced) {
        raced = true;
        appendAudit(station.store.db, { actor: 'staff:c1', action: 'sync.now' });
        expect(await other.syncOnce()).toMatchObject({ ok: true });
      }
      return answer;
    }) as typeof station.api.call;
    const worker = new SyncWorker({ db: station.store.db, api: racing, log: createLogger('t', memorySink()), publish: () => undefined, retentionDays: 7 });
    return { synced: await worker.syncOnce(), raced };
  };

  it('refuses to sync with a broken chain and tells staff in the sync view', async () => {
    station = await createTestStation(running, 'sec-audit-broken');
    enqueueSubmission(station.store.db, submission(), []);
    appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signin' });
    appendAudit(station.store.db, { actor: 'staff:c1', action: 'sync.now' });
    station.store.db.exec('DROP TRIGGER audit_log_no_update');
    station.store.db.prepare("UPDATE audit_log SET actor = 'staff:nobody' WHERE action = 'staff.signin'").run();

    const outcome = await station.worker.syncOnce();
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/Prüfprotokoll/) });
    expect(await submissionsAtService('sec-audit-broken')).toBe(0);
    const view = createSyncHandlers({ db: station.store.db, worker: station.worker, requireStaff: () => ({ staffId: 'c1', displayName: 'C', role: 'clerk', signedInAt: '', expiresAt: '' }), log: createLogger('t', memorySink()) });
    const overview = await view.getSyncOverview({}, { transport: 'test' });
    expect(overview.status.lastError).toMatch(/Prüfprotokoll/);
  });

  it('has the service refuse a chain whose newest entries were cut off after a sync', async () => {
    station = await createTestStation(running, 'sec-audit-cut');
    for (let i = 0; i < 4; i++) appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signin', detail: `#${i}` });
    expect(await station.worker.syncOnce()).toMatchObject({ ok: true });
    // Cut the two newest entries: what is left is still a valid chain on the station itself.
    station.store.db.exec('DROP TRIGGER audit_log_no_delete');
    station.store.db.prepare('DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)').run();
    expect(verifyAuditChain(station.store.db)).toBeNull();
    enqueueSubmission(station.store.db, submission(), []);

    // The running station notices itself: the entry it verified last is gone.
    expect(await station.worker.syncOnce()).toMatchObject({ ok: false, error: expect.stringMatching(/Prüfprotokoll/) });
    // Cut while the station was off: after a restart only the service can tell.
    const restarted = new SyncWorker({ db: station.store.db, api: station.api, log: createLogger('t', memorySink()), publish: () => undefined, retentionDays: 7 });
    const outcome = await restarted.syncOnce();
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/Prüfprotokoll.*nicht als Fortsetzung/) });
    expect(await submissionsAtService('sec-audit-cut')).toBe(0);
    const flags = await db.query<{ station_id: string }>('SELECT station_id FROM station_audit_flags WHERE station_id = $1', ['sec-audit-cut']);
    expect(flags.rows).toHaveLength(1);
  });

  it('keeps syncing when another process of the same station reported a newer head between its read and its report', async () => {
    station = await createTestStation(running, 'sec-audit-race');
    for (let i = 0; i < 3; i++) appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signin', detail: `#${i}` });
    expect(await station.worker.syncOnce()).toMatchObject({ ok: true });
    appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signout' });
    enqueueSubmission(station.store.db, submission(), []);
    const { synced, raced } = await syncOvertaken(station);
    expect(synced).toMatchObject({ ok: true });
    expect(raced).toBe(true);
    expect(await submissionsAtService('sec-audit-race')).toBe(1);
    // The overtaken report was stale, not tampered: no alarm in the back office.
    expect(await flagsAtService('sec-audit-race')).toBe(0);
  });

  it('keeps syncing when the other process made the very first report of the station between its read and its report', async () => {
    station = await createTestStation(running, 'sec-audit-first');
    for (let i = 0; i < 3; i++) appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signin', detail: `#${i}` });
    // Nothing reported yet: both read "no head held", the other one reports first, with a newer head than this report's.
    appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signout' });
    enqueueSubmission(station.store.db, submission(), []);
    const { synced, raced } = await syncOvertaken(station);
    expect(synced).toMatchObject({ ok: true });
    expect(raced).toBe(true);
    expect(await submissionsAtService('sec-audit-first')).toBe(1);
    // The stale first report was refused (the station read again) but is no tamper alarm.
    expect(await flagsAtService('sec-audit-first')).toBe(0);
  });

  it('still flags a cut chain whose report takes the stale path: the station reads again, and against the head held the cut shows', async () => {
    station = await createTestStation(running, 'sec-audit-stale-cut');
    for (let i = 0; i < 4; i++) appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signin', detail: `#${i}` });
    expect(await station.worker.syncOnce()).toMatchObject({ ok: true });
    const held = await headAtService('sec-audit-stale-cut');
    // An older database put back, then used on: the entry at the held head's number is another one now.
    station.store.db.exec('DROP TRIGGER audit_log_no_delete');
    station.store.db.prepare('DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)').run();
    for (let i = 0; i < 3; i++) appendAudit(station.store.db, { actor: 'staff:c1', action: 'staff.signout', detail: `#${i}` });
    expect(verifyAuditChain(station.store.db)).toBeNull();
    enqueueSubmission(station.store.db, submission(), []);
    // Its first report claims to have read "no head held" (as in a race of first reports).
    let staleReads = 0;
    const staleFirst = Object.create(station.api) as typeof station.api;
    staleFirst.call = (async (...args: Parameters<typeof station.api.call>) => {
      if (args[0] === 'auditHead' && staleReads++ === 0) return { head: null };
      return station.api.call(...args);
    }) as typeof station.api.call;
    const restarted = new SyncWorker({ db: station.store.db, api: staleFirst, log: createLogger('t', memorySink()), publish: () => undefined, retentionDays: 7 });
    expect(await restarted.syncOnce()).toMatchObject({ ok: false, error: expect.stringMatching(/Prüfprotokoll.*nicht als Fortsetzung/) });
    expect(staleReads).toBe(2);
    expect(await flagsAtService('sec-audit-stale-cut')).toBe(1);
    expect(await headAtService('sec-audit-stale-cut')).toEqual(held);
    expect(await submissionsAtService('sec-audit-stale-cut')).toBe(0);
  });
});

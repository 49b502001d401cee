import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { openPglite, type Database } from '../../service/db/database';
import { enqueueSubmission } from '../../main/sync/outbox';
import { FaultProxy } from './sync-support/fault-proxy';
import { child, evidenceImage, member, submission } from './sync-support/fixtures';
import { adminHeaders, startService, type RunningService } from './sync-support/service-harness';
import { createTestStation } from './sync-support/station-harness';

/**
 * No head-of-line blocking, and order where it matters: while one member's large evidence is
 * still uploading, another member's small submission goes out; the first member's later
 * submission waits for the earlier one (a declaration before its evidence, evidence before the
 * payout application).
 */
describe('delivery order', () => {
  let db: Database;
  let running: RunningService;
  let proxy: FaultProxy;

  beforeAll(async () => {
    db = await openPglite();
    running = await startService(db, { chunkSize: 64 * 1024 });
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...child, parentKvnr: null }, adminHeaders);
    proxy = new FaultProxy(running.url);
  });
  afterAll(async () => {
    await proxy?.stop();
    await running?.stop();
    await db?.close();
  });

  const stored = async () => (await db.query<{ id: string }>('SELECT id FROM submissions')).rows.map((r) => r.id);

  it("lets another member's small submission pass a large upload, and keeps one member's submissions in order", async () => {
    const station = await createTestStation(running, 'kiosk-order', { baseUrl: await proxy.start() });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      const large = evidenceImage(600_000);
      const first = submission({}, [{ sha256: large.sha256, size: large.data.length }]);
      const later = submission({ id: crypto.randomUUID() });
      const other = submission({ member: { kvnr: child.kvnr }, measures: [{ measure: 12, performedOn: '2026-03-04', evidence: [{ kind: 'digital-entry' }] }] });
      enqueueSubmission(station.store.db, first, [{ data: large.data, mediaType: 'application/pdf' }]);
      enqueueSubmission(station.store.db, later, []);
      enqueueSubmission(station.store.db, other, []);
      // The large blob's bytes do not get through until the test says so.
      proxy.plan = ({ url }) => (url.includes(large.sha256) && /\/(chunks\/\d+|content)/.test(url) ? { kind: 'hold', until: held } : { kind: 'pass' });
      const round = station.worker.syncOnce();
      // The other member's submission is through; the first member's later one (no evidence of
      // its own, ready at once) still waits for the earlier one.
      await vi.waitFor(async () => expect(await stored()).toEqual([other.id]), { timeout: 30_000, interval: 50 });
      release();
      expect(await round).toEqual({ ok: true, delivered: 3 });
      expect((await stored()).sort()).toEqual([other.id, first.id, later.id].sort());
    } finally {
      release();
      await station.close();
    }
  });
});

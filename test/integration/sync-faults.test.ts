import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { enqueueSubmission } from '../../main/sync/outbox';
import type { Database } from '../../service/db/database';
import { databaseKinds } from './sync-support/databases';
import { FaultProxy, seededRandom, type Fault } from './sync-support/fault-proxy';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { adminHeaders, startService, type RunningService } from './sync-support/service-harness';
import { createTestStation, type TestStation } from './sync-support/station-harness';

const chunkSize = 64 * 1024;

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`sync through a faulty network on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let proxy: FaultProxy;
    let stations: TestStation[] = [];
    let n = 0;

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db, { chunkSize });
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
      proxy = new FaultProxy(running.url);
    });
    afterEach(async () => {
      await Promise.all(stations.map((s) => s.close()));
      stations = [];
      proxy.plan = () => ({ kind: 'pass' });
    });
    afterAll(async () => {
      await proxy?.stop();
      await running?.stop();
      await drop?.();
    });

    async function station(): Promise<TestStation> {
      const url = await proxyUrl();
      const s = await createTestStation(running, `kiosk-fault-${n++}`, { baseUrl: url });
      stations.push(s);
      return s;
    }
    let started: string | null = null;
    const proxyUrl = async () => (started ??= await proxy.start());

    function queue(s: TestStation, count: number, bytes: number): { ids: string[]; blobs: string[] } {
      const ids: string[] = [];
      const blobs: string[] = [];
      for (let i = 0; i < count; i++) {
        const img = evidenceImage(bytes + i);
        const sub = submission({}, [{ sha256: img.sha256, size: img.data.length }]);
        enqueueSubmission(s.store.db, sub, [{ data: img.data, mediaType: 'image/jpeg' }]);
        ids.push(sub.id);
        blobs.push(img.sha256);
      }
      return { ids, blobs };
    }

    async function serviceHas(stationId: string): Promise<string[]> {
      return (await db.query<{ id: string }>('SELECT id FROM submissions WHERE station_id = $1 ORDER BY id', [stationId])).rows.map((r) => r.id);
    }

    it('keeps everything through 500/503 answers, says so in German, and delivers when the service is back', async () => {
      const s = await station();
      const { ids } = queue(s, 3, 20_000);
      proxy.plan = ({ index }) => ({ kind: 'status', status: index % 2 === 0 ? 503 : 500 });
      const outcome = await s.worker.syncOnce();
      expect(outcome.ok).toBe(false);
      expect(s.worker.status()).toMatchObject({ state: 'offline', queueLength: 3 });
      expect(s.worker.status().lastError).toMatch(/Bonus-Service meldet eine Störung \(HTTP 50[03]\)/);
      proxy.plan = () => ({ kind: 'pass' });
      expect(await s.worker.syncOnce()).toEqual({ ok: true, delivered: 3 });
      expect(await serviceHas(stationIdOf(s))).toEqual([...ids].sort());
      expect(s.worker.status().lastError).toBeNull();
    });

    it('resumes a blob upload cut half-way and re-sends at most the chunk in flight', async () => {
      const s = await station();
      const { ids } = queue(s, 1, 300 * 1024);
      let cut = false;
      proxy.plan = ({ url }) => {
        if (!cut && /\/chunks\/2$/.test(url)) {
          cut = true;
          return { kind: 'cut-body' };
        }
        return { kind: 'pass' };
      };
      expect((await s.worker.syncOnce()).ok).toBe(false);
      expect(s.worker.status().lastError).toMatch(/Verbindung zum Bonus-Service wurde unterbrochen/);
      expect(await s.worker.syncOnce()).toEqual({ ok: true, delivered: 1 });
      const resent = s.worker.counters.bytesSent - (300 * 1024);
      expect(resent).toBeGreaterThan(0);
      expect(resent).toBeLessThanOrEqual(chunkSize);
      expect(await serviceHas(stationIdOf(s))).toEqual(ids);
    });

    it('applies a submission once when the answer is lost after the service stored it', async () => {
      const s = await station();
      const { ids } = queue(s, 1, 1000);
      let dropped = 0;
      proxy.plan = ({ method, url }) => (method === 'PUT' && url.startsWith('/v1/submissions/') && dropped++ === 0 ? { kind: 'drop-response' } : { kind: 'pass' });
      expect((await s.worker.syncOnce()).ok).toBe(false);
      expect(await serviceHas(stationIdOf(s))).toEqual(ids); // stored, but the station does not know yet
      expect(s.worker.status().queueLength).toBe(1);
      expect(await s.worker.syncOnce()).toEqual({ ok: true, delivered: 1 });
      expect(await serviceHas(stationIdOf(s))).toEqual(ids);
    });

    it('applies a batch of submissions once when its answer is lost after the service stored them', async () => {
      const s = await station();
      const ids = [1, 2, 3, 4].map(() => {
        const sub = submission();
        enqueueSubmission(s.store.db, sub, []);
        return sub.id;
      });
      let dropped = 0;
      proxy.plan = ({ method, url }) => (method === 'POST' && url === '/v1/submissions/batch' && dropped++ === 0 ? { kind: 'drop-response' } : { kind: 'pass' });
      expect((await s.worker.syncOnce()).ok).toBe(false);
      expect(dropped).toBe(1);
      expect(await serviceHas(stationIdOf(s))).toEqual([...ids].sort()); // all stored, none acknowledged
      expect(s.worker.status().queueLength).toBe(4);
      expect(await s.worker.syncOnce()).toEqual({ ok: true, delivered: 4 });
      expect(await serviceHas(stationIdOf(s))).toEqual([...ids].sort());
    });

    it('delivers one by one when the service refuses a batch as a whole, and sets nothing aside', async () => {
      const s = await station();
      const ids = [1, 2, 3].map(() => {
        const sub = submission();
        enqueueSubmission(s.store.db, sub, []);
        return sub.id;
      });
      proxy.plan = ({ method, url }) => (method === 'POST' && url === '/v1/submissions/batch' ? { kind: 'status', status: 400 } : { kind: 'pass' });
      const from = proxy.applied.length;
      expect(await s.worker.syncOnce()).toEqual({ ok: true, delivered: 3 });
      const requests = proxy.applied.slice(from);
      expect(requests.filter((a) => a.fault === 'status')).toHaveLength(1);
      expect(requests.filter((a) => a.request.method === 'PUT' && a.request.url.startsWith('/v1/submissions/'))).toHaveLength(3);
      expect(await serviceHas(stationIdOf(s))).toEqual([...ids].sort());
      expect(s.worker.status()).toMatchObject({ queueLength: 0, lastError: null });
    });

    it('stops at once during a slow upload, and the next start resumes it', async () => {
      const s = await station();
      const { ids } = queue(s, 1, 200_000);
      proxy.plan = () => ({ kind: 'delay', ms: 10_000 });
      s.worker.start();
      await expect.poll(() => proxy.applied.length, { timeout: 20_000 }).toBeGreaterThan(0);
      const started = Date.now();
      await s.worker.stop();
      expect(Date.now() - started).toBeLessThan(5_000); // the delayed request alone would take 10 s
      expect(s.worker.status().lastError).toBeNull();
      proxy.plan = () => ({ kind: 'pass' });
      expect(await s.worker.syncOnce()).toEqual({ ok: true, delivered: 1 });
      expect(await serviceHas(stationIdOf(s))).toEqual(ids);
    });

    // Generous timeout: on a loaded 2-core CI machine the 300 rounds can take a while.
    it('ends with exactly the created submissions and blobs under random faults (seed 4711)', { timeout: 120_000 }, async () => {
      const s = await station();
      const { ids, blobs } = queue(s, 25, 100 * 1024);
      const random = seededRandom(4711);
      const kinds: Fault[] = [{ kind: 'drop-request' }, { kind: 'drop-response' }, { kind: 'cut-body' }, { kind: 'status', status: 503 }, { kind: 'status', status: 500 }, { kind: 'delay', ms: 30 }];
      proxy.plan = () => (random() < 0.25 ? (kinds[Math.floor(random() * kinds.length)] ?? { kind: 'pass' }) : { kind: 'pass' });
      let rounds = 0;
      for (; rounds < 300; rounds++) {
        const outcome = await s.worker.syncOnce();
        if (outcome.ok && s.worker.status().queueLength === 0) break;
      }
      expect(rounds).toBeLessThan(300);
      const applied = new Set(proxy.applied.map((a) => a.fault));
      for (const k of ['drop-request', 'drop-response', 'cut-body', 'status', 'delay']) expect(applied, k).toContain(k);
      expect(await serviceHas(stationIdOf(s))).toEqual([...ids].sort());
      const complete = (await db.query<{ sha256: string }>('SELECT sha256 FROM blobs WHERE complete AND sha256 = ANY($1::text[])', [blobs])).rows;
      expect(complete).toHaveLength(blobs.length);
      const files = new Set(await running.service.blobs.list());
      for (const sha of blobs) {
        expect(files.has(sha)).toBe(true);
        expect(createHash('sha256').update(await running.service.blobs.read(sha)).digest('hex')).toBe(sha);
      }
      const links = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM submission_blobs WHERE submission_id = ANY($1::uuid[])', [ids])).rows[0]?.n;
      expect(links).toBe(ids.length);
    });
  });
}

function stationIdOf(s: TestStation): string {
  return (s.store.db.prepare('SELECT station_id FROM sync_identity').get() as { station_id: string }).station_id;
}

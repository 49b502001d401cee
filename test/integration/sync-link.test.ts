import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { enqueueSubmission, queueFigures } from '../../main/sync/outbox';
import { openPglite, type Database } from '../../service/db/database';
import { LinkShaper, linkProfiles, type LinkProfile } from '../support/link-shaper';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { adminHeaders, startService, type RunningService } from './sync-support/service-harness';
import { createTestStation } from './sync-support/station-harness';

/**
 * The sync through each link profile of the shaper (test/support/link-shaper.ts), sized for CI:
 * a few hundred KB each, the hotspot's stalls made frequent and the bad line's resets every
 * 100-200 KB instead of every few MB, so that each run meets what its profile is about. Every
 * run must end with exactly the submissions and evidence that were created. The full-size runs
 * and their timings are bench/sync-link.bench.ts.
 */
const runs: { profile: LinkProfile; submissions: number; imageBytes: number; expect: (stats: LinkShaper['stats']) => void }[] = [
  { profile: linkProfiles['branch-dsl'], submissions: 8, imageBytes: 120_000, expect: () => undefined },
  {
    profile: { ...linkProfiles.hotspot, stalls: { meanEveryMs: 1_500, durationMs: 2_000 } },
    submissions: 6,
    imageBytes: 60_000,
    expect: (stats) => expect(stats.stalls).toBeGreaterThan(0),
  },
  {
    profile: { ...linkProfiles.bad, resets: { minBytes: 100_000, maxBytes: 200_000 } },
    submissions: 6,
    imageBytes: 80_000,
    expect: (stats) => expect(stats.resets).toBeGreaterThan(0),
  },
];

describe('sync through a shaped link', () => {
  let db: Database;
  let running: RunningService;
  beforeAll(async () => {
    db = await openPglite();
    running = await startService(db, { chunkSize: 64 * 1024 });
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
  });
  afterAll(async () => {
    await running?.stop();
    await db?.close();
  });

  for (const run of runs) {
    it(`delivers everything exactly once over ${run.profile.name}`, { timeout: 120_000 }, async () => {
      const shaper = LinkShaper.forUrl(running.url, run.profile, 17);
      const station = await createTestStation(running, `kiosk-link-${run.profile.name}`, { baseUrl: await shaper.start(), backoff: { baseMs: 50, maxMs: 500 } });
      try {
        const ids: string[] = [];
        const blobs: string[] = [];
        for (let i = 0; i < run.submissions; i++) {
          const image = evidenceImage(run.imageBytes + i);
          const sent = submission({}, [{ sha256: image.sha256, size: image.data.length }]);
          enqueueSubmission(station.store.db, sent, [{ data: image.data, mediaType: 'image/jpeg' }]);
          ids.push(sent.id);
          blobs.push(image.sha256);
        }
        station.worker.start();
        await vi.waitFor(() => expect(queueFigures(station.store.db)).toEqual({ queueLength: 0, bytesPending: 0, failed: 0 }), { timeout: 110_000, interval: 100 });
        await station.worker.stop();
        await shaper.stop();
        run.expect(shaper.stats);
        const stored = (await db.query<{ id: string }>('SELECT id FROM submissions WHERE station_id = $1', [`kiosk-link-${run.profile.name}`])).rows.map((r) => r.id);
        expect(stored.sort()).toEqual([...ids].sort());
        for (const sha of blobs) expect(createHash('sha256').update(await running.service.blobs.read(sha)).digest('hex')).toBe(sha);
        expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM blob_chunks')).rows[0]?.n).toBe(0);
      } finally {
        await station.close();
        await shaper.stop();
      }
    });
  }
});

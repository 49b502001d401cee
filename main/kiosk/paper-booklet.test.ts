import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SubmissionUpload } from '../contract/service-api';
import { bookletTemplate } from '../imaging/booklet/template';
import { scannedBookletPage } from '../../test/support/imaging/booklet-pages';
import { certificatePhoto } from '../../test/support/imaging/fixtures';
import { adminHeaders } from '../../test/integration/sync-support/service-harness';
import { seededMember, useKioskWithService } from '../../test/support/kiosk-with-service';
import { ServiceApi } from '../sync/service-api-client';
import { enrolledIdentity } from '../sync/identity';
import { SyncWorker } from '../sync/sync-worker';
import { createLogger, memorySink } from '../runtime/logger';

/**
 * Members bring their printed booklet to the kiosk: a page photographed (camera path) is
 * recognized, only the member's own booklet is read, the stamps found are offered, and the
 * confirmed ones reach the service's review as booklet-stamp proofs with crop and page.
 * Against the real service (PGlite); the scanner path is walked by the e2e spec.
 */
const ctx = useKioskWithService();
const today = '2026-12-01';
const child = { kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Max', lastName: 'Müller', birthDate: '2016-05-01', parentKvnr: seededMember.kvnr, participation: [], credited: [] };
const page1 = bookletTemplate('adult').pages[0]!.fields.map((f) => f.measure);

async function link(bookletId: string, kvnr: string, year = 2026, program: 'adult' | 'child' = 'adult'): Promise<void> {
  await ctx.serviceDb().query("INSERT INTO booklet_links (booklet_id, kvnr, birth_date, year, program, legacy, station_id, issued_at) VALUES ($1, $2, '1967-03-12', $3, $4, false, 'clerk-1', now())", [bookletId, kvnr, year, program]);
}

const photoOf = async (bookletId: string, marks: Parameters<typeof scannedBookletPage>[2], seed = 3) => ({ source: 'camera' as const, photo: { dataBase64: (await scannedBookletPage(bookletId, 1, marks, seed)).toString('base64') } });

describe('a member reads a page of their paper booklet at the kiosk', () => {
  it('shows the stamps found, the credited field as credited, and submits the confirmed ones for review with crop and page', async () => {
    await ctx.seed();
    await link('KB16AAAAAA', seededMember.kvnr);
    const kiosk = await ctx.kioskAt({ today });
    await kiosk.signIn();
    const read = await kiosk.kiosk.paperBooklet.read(await photoOf('KB16AAAAAA', { 0: 'stamp', 1: 'stamp' }));
    if (!read.ok) throw new Error(`not read: ${read.problem}`);
    expect(read.reading).toMatchObject({ year: 2026, page: 1 });
    // Measure 1 is credited at the insurer: shown as such, never offered again.
    expect(read.reading.fields.map((f) => [f.measure, f.state])).toEqual([
      [page1[0], 'credited'],
      [page1[1], 'stamped'],
      [page1[2], 'empty'],
      [page1[3], 'empty'],
    ]);
    for (const f of read.reading.fields) expect(f.box.x + f.box.width).toBeLessThanOrEqual(1);

    await expect(() => kiosk.kiosk.paperBooklet.submit({ readingId: read.reading.readingId, measures: [page1[0]!], performedOn: '2026-05-04' })).toThrow(/stamp found/);
    await expect(() => kiosk.kiosk.paperBooklet.submit({ readingId: read.reading.readingId, measures: [page1[1]!], performedOn: '2027-01-04' })).toThrow(/booklet year/);
    const receipt = kiosk.kiosk.paperBooklet.submit({ readingId: read.reading.readingId, measures: [page1[1]!], performedOn: '2026-05-04' });
    expect(receipt.measures).toEqual([page1[1]]);
    // The page is gone with the submission: the same reading cannot be submitted twice.
    expect(() => kiosk.kiosk.paperBooklet.submit({ readingId: read.reading.readingId, measures: [page1[1]!], performedOn: '2026-05-04' })).toThrow(/no longer open/);

    const queued = (kiosk.store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[]).map((p) => SubmissionUpload.parse(JSON.parse(p)));
    expect(queued).toHaveLength(1);
    expect(queued[0]!.measures[0]!.evidence.map((e) => [e.kind, e.booklet])).toEqual([
      ['booklet-stamp', { id: 'KB16AAAAAA', page: 1 }],
      ['scan', { id: 'KB16AAAAAA', page: 1 }],
    ]);

    // The sync delivers it like any other capture; the service keeps the claimed field.
    const api = ServiceApi.create({ baseUrl: ctx.running().url, timeoutMs: 5_000 }, enrolledIdentity(kiosk.store.db));
    const worker = new SyncWorker({ db: kiosk.store.db, api, log: createLogger('sync', memorySink()), publish: () => {}, retentionDays: 7, backoff: { baseMs: 20, maxMs: 200 }, idleIntervalMs: 60_000 });
    try {
      await worker.syncOnce();
    } finally {
      await worker.stop();
      api.close();
    }
    const stored = (await ctx.serviceDb().query<{ state: string; kvnr: string }>('SELECT state, kvnr FROM submissions WHERE id = $1', [queued[0]!.id])).rows;
    expect(stored).toEqual([{ state: 'received', kvnr: seededMember.kvnr }]);
    const stamps = (await ctx.serviceDb().query<{ measure: number }>('SELECT measure FROM booklet_stamps WHERE booklet_id = $1', ['KB16AAAAAA'])).rows;
    expect(stamps).toEqual([{ measure: page1[1] }]);

    // Read again: the submitted field now waits for review and is not offered a second time.
    const again = await kiosk.kiosk.paperBooklet.read(await photoOf('KB16AAAAAA', { 0: 'stamp', 1: 'stamp' }, 5));
    expect(again.ok && again.reading.fields.find((f) => f.measure === page1[1])?.state).toBe('credited');
  });

  it('says so for a picture that is not a booklet page, and keeps nothing', async () => {
    await ctx.seed();
    const kiosk = await ctx.kioskAt({ today });
    await kiosk.signIn();
    await expect(kiosk.kiosk.paperBooklet.read({ source: 'camera', photo: { dataBase64: (await certificatePhoto(1240, 1754)).toString('base64') } })).resolves.toEqual({ ok: false, problem: 'unregistered' });
    await expect(kiosk.kiosk.paperBooklet.read({ source: 'camera', photo: { dataBase64: Buffer.from('not an image at all, really not').toString('base64') } })).resolves.toMatchObject({ ok: false });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
  });

  it("asks to open a managed child's booklet first", async () => {
    await ctx.seed();
    await ctx.running().admin.json('PUT', '/v1/admin/members', z.unknown(), child, adminHeaders);
    await link('KB16CHXLD2', child.kvnr, 2026, 'adult');
    const kiosk = await ctx.kioskAt({ today });
    await kiosk.signIn();
    await expect(kiosk.kiosk.paperBooklet.read(await photoOf('KB16CHXLD2', { 1: 'stamp' }))).resolves.toEqual({ ok: false, problem: 'child-booklet' });
  });

  it('refuses a page while the insurer cannot be asked whose booklet it is', async () => {
    await ctx.seed();
    const kiosk = await ctx.kioskAt({ today, offline: true });
    await kiosk.signIn();
    await expect(kiosk.kiosk.paperBooklet.read(await photoOf('KB16AAAAAA', { 1: 'stamp' }))).resolves.toEqual({ ok: false, problem: 'owner-unknown' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BlobStatus, DecisionFeed, SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import { openPostgres, type Database } from '../../service/db/database';
import type { QueuePage, SubmissionDetail } from '../../service/backoffice/api';
import { signedInBrowser, staffAccount, StaffBrowser, type StaffAccount } from './backoffice-support/staff-browser';
import { databaseKinds } from './sync-support/databases';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * The review queue of the back office (issue 18): oldest first with filters, a submission's
 * detail with evidence and the engine's verdict per record, one reviewer at a time by a claim
 * that holds across service processes, decisions per record with a reason from the list, and the
 * decision in the station's feed as the admin endpoint gives it.
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`back-office review on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let db: Database;
    let second: Database | null = null;
    let drop: () => Promise<void>;
    let running: RunningService;
    let other: RunningService;
    let kiosk: ServiceClient;
    // The service's clock is the real one (the kiosk signs its requests with it); claims expire by moving it on.
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    let anna: StaffAccount;
    let ben: StaffAccount;
    let admin: StaffAccount;
    const photo = evidenceImage(20_000, 'p');

    async function deliver(body: SubmissionUpload): Promise<string> {
      return (await kiosk.json('PUT', `/v1/submissions/${body.id}`, SubmissionReceipt, body)).id;
    }

    const signedIn = (account: StaffAccount, service = running) => signedInBrowser(db, service.url, account, now());

    beforeAll(async () => {
      const opened = await kind.open();
      ({ db, drop } = opened);
      running = await startService(db, { now });
      // A second service process on the same database: for PostgreSQL its own connection pool.
      second = opened.url ? await openPostgres(opened.url) : null;
      other = await startService(second ?? db, { now });
      ({ client: kiosk } = await enrollStation(running, 'kiosk-review'));
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
      await kiosk.json('PUT', `/v1/blobs/${photo.sha256}`, BlobStatus, { size: photo.data.length, mediaType: 'image/jpeg' });
      await kiosk.bytes('PUT', `/v1/blobs/${photo.sha256}/chunks/0`, BlobStatus, photo.data);
      anna = await staffAccount(db, 'anna.pruef', ['reviewer']);
      ben = await staffAccount(db, 'ben.pruef', ['reviewer']);
      admin = await staffAccount(db, 'sa.admin', ['station-admin']);
    });
    afterAll(async () => {
      kiosk?.close();
      await other?.stop();
      await running?.stop();
      await second?.close();
      await drop?.();
    });

    it('lists waiting submissions oldest first, filtered by measure, station and age', async () => {
      const first = await deliver(submission({}, [{ sha256: photo.sha256, size: photo.data.length }]));
      await db.query("UPDATE submissions SET received_at = received_at - interval '3 days' WHERE id = $1", [first]);
      const later = await deliver(submission({ measures: [{ measure: 8, performedOn: '2026-05-02', evidence: [{ kind: 'digital-entry' }] }] }));
      const anne = await signedIn(anna);
      const page = (await anne.request('GET', '/bo/api/review/queue')).body as QueuePage;
      expect(page.items.map((i) => i.id)).toEqual([first, later]);
      expect(page.waiting).toBe(2);
      expect(page.items[0]).toMatchObject({ stationId: 'kiosk-review', measures: [12], claimedBy: null });
      expect(((await anne.request('GET', '/bo/api/review/queue?measure=8')).body as QueuePage).items.map((i) => i.id)).toEqual([later]);
      expect(((await anne.request('GET', '/bo/api/review/queue?minAgeDays=2')).body as QueuePage).items.map((i) => i.id)).toEqual([first]);
      expect(((await anne.request('GET', '/bo/api/review/queue?station=kiosk-elsewhere')).body as QueuePage).items).toEqual([]);
      const one = (await anne.request('GET', '/bo/api/review/queue?limit=1')).body as QueuePage;
      expect(one.next).not.toBeNull();
      expect(((await anne.request('GET', `/bo/api/review/queue?limit=1&after=${encodeURIComponent(one.next!)}`)).body as QueuePage).items.map((i) => i.id)).toEqual([later]);
    });

    it('shows a submission with its evidence, the verdict per record and the member’s booklet; a claim keeps the second reviewer out, also at another process', async () => {
      const id = ((await (await signedIn(anna)).request('GET', '/bo/api/review/queue')).body as QueuePage).items[0]!.id;
      const anne = await signedIn(anna);
      expect((await anne.request('POST', `/bo/api/review/submissions/${id}/claim`)).status).toBe(200);
      const detail = (await anne.request('GET', `/bo/api/review/submissions/${id}`)).body as SubmissionDetail;
      expect(detail).toMatchObject({ member: { kvnr: member.kvnr, name: 'Erika Testfrau' }, claim: { accountId: 'anna.pruef', mine: true }, verdicts: [{ measure: 12 }] });
      expect(detail.booklet.fields.find((f) => f.measure === 1)?.state).toBe('credited');
      expect(detail.booklet.fields.find((f) => f.measure === 12)?.state).toBe('in-review');
      const image = await anne.request('GET', `/bo/api/review/submissions/${id}/evidence/${photo.sha256}`);
      expect(image.status).toBe(200);
      expect(Buffer.compare(image.body as Buffer, photo.data)).toBe(0);

      const benOther = await signedIn(ben, other);
      const refused = await benOther.request('POST', `/bo/api/review/submissions/${id}/claim`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'claimed' } });
      const decideWithout = await benOther.request('POST', `/bo/api/review/submissions/${id}/decision`, { fields: [{ measure: 12, decision: 'accepted' }] });
      expect(decideWithout.body).toMatchObject({ error: { code: 'not_claimed' } });
      expect((await db.query<{ state: string }>('SELECT state FROM submissions WHERE id = $1', [id])).rows[0]?.state).toBe('received');
      // Ten minutes later the claim has expired: the other reviewer may take it.
      offset = 11 * 60_000;
      expect((await (await signedIn(ben, other)).request('POST', `/bo/api/review/submissions/${id}/claim`)).status).toBe(200);
      offset = 0;
    });

    it('decides per record with a reason from the list; the station’s feed carries the member’s text, the note stays at the service', async () => {
      const bene = await signedIn(ben);
      const [first, second] = ((await bene.request('GET', '/bo/api/review/queue')).body as QueuePage).items;
      await bene.request('POST', `/bo/api/review/submissions/${first!.id}/claim`);
      const unknownReason = await bene.request('POST', `/bo/api/review/submissions/${first!.id}/decision`, { fields: [{ measure: 12, decision: 'rejected', reason: 'made-up' }] });
      expect(unknownReason.status).toBe(400);
      const undecided = await bene.request('POST', `/bo/api/review/submissions/${first!.id}/decision`, { fields: [] });
      expect(undecided.body).toMatchObject({ error: { code: 'undecided_records' } });
      const decided = await bene.request('POST', `/bo/api/review/submissions/${first!.id}/decision`, { fields: [{ measure: 12, decision: 'rejected', reason: 'unreadable' }], note: 'Foto unscharf, Mitglied anrufen' });
      expect(decided.status).toBe(201);
      expect(decided.body).toMatchObject({ decision: 'rejected', next: second!.id });
      const feed = await kiosk.json('GET', '/v1/decisions?after=0', DecisionFeed);
      expect(feed.decisions.at(-1)).toMatchObject({ submissionId: first!.id, decision: 'rejected', fields: [{ measure: 12, decision: 'rejected', reason: 'Der Nachweis ist nicht lesbar.' }] });
      expect(JSON.stringify(feed)).not.toContain('anrufen');
      // Decided once: a second decision is refused.
      await bene.request('POST', `/bo/api/review/submissions/${first!.id}/claim`);
      expect((await bene.request('POST', `/bo/api/review/submissions/${first!.id}/decision`, { fields: [{ measure: 12, decision: 'accepted' }] })).status).toBe(409);
      const trail = (await db.query<{ action: string; detail: { note?: string } }>("SELECT action, detail FROM bo_audit WHERE account_id = 'ben.pruef' AND action = 'review.decide'")).rows;
      expect(trail).toEqual([expect.objectContaining({ detail: expect.objectContaining({ note: 'Foto unscharf, Mitglied anrufen' }) })]);
    });

    it('lets a station admin neither see the queue nor decide, and audits the refusal', async () => {
      const sa = await signedIn(admin);
      expect((await sa.request('GET', '/bo/api/review/queue')).status).toBe(403);
      const [item] = ((await (await signedIn(anna)).request('GET', '/bo/api/review/queue')).body as QueuePage).items;
      const before = (await db.query('SELECT count(*)::int AS n FROM decisions')).rows[0];
      expect((await sa.request('POST', `/bo/api/review/submissions/${item!.id}/decision`, { fields: [{ measure: 8, decision: 'accepted' }] })).status).toBe(403);
      expect((await db.query('SELECT count(*)::int AS n FROM decisions')).rows[0]).toEqual(before);
      expect((await db.query("SELECT 1 FROM bo_audit WHERE account_id = 'sa.admin' AND action = 'refused.role'")).rowCount).toBeGreaterThan(0);
    });

    it('marks a record whose field the member already has credited that year, instead of "no objection"', async () => {
      // The fixture member has measures 1 and 7 credited for 2026; this submission claims 1 again and 8 anew.
      const again = await deliver(
        submission({
          measures: [
            { measure: 1, performedOn: '2026-06-01', evidence: [{ kind: 'digital-entry' }] },
            { measure: 8, performedOn: '2026-06-02', evidence: [{ kind: 'digital-entry' }] },
          ],
        }),
      );
      const detail = (await (await signedIn(anna)).request('GET', `/bo/api/review/submissions/${again}`)).body as SubmissionDetail;
      expect(detail.verdicts.find((v) => v.measure === 1)).toMatchObject({ verdict: 'finding', findings: expect.arrayContaining(['already_fulfilled']) });
      expect(detail.verdicts.find((v) => v.measure === 8)?.findings).not.toContain('already_fulfilled');
    });

    it('serves evidence only of the submission named, and nothing to a signed-out browser', async () => {
      const [item] = ((await (await signedIn(anna)).request('GET', '/bo/api/review/queue')).body as QueuePage).items;
      const anne = await signedIn(anna);
      expect((await anne.request('GET', `/bo/api/review/submissions/${item!.id}/evidence/${photo.sha256}`)).status).toBe(404);
      expect((await new StaffBrowser(running.url).request('GET', `/bo/api/review/queue`)).status).toBe(401);
    });
  });
}

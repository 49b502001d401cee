import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BlobStatus, SubmissionBatchResult, SubmissionReceipt, maxSubmissionBatch } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { StationIdentity } from '../../main/sync/station-key';
import type { Database } from '../../service/db/database';
import { databaseKinds } from './sync-support/databases';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { raw, sha256, signedJson } from './sync-support/raw';
import { signRequest } from '../../main/sync/station-key';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';
import { FaultProxy } from './sync-support/fault-proxy';
import { createTestStation } from './sync-support/station-harness';
import { enqueueSubmission } from '../../main/sync/outbox';

const chunkSize = 64 * 1024;

/**
 * The two paths that carry most of a station's traffic: a blob of at most one chunk in one
 * request, and several submissions in one batch. Both keep what the single requests promise:
 * content checked against its address, every submission idempotent by its id with the same
 * answer, bad input refused with a clear 4xx that changes nothing.
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`one-request blobs and submission batches on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let client: ServiceClient;
    let identity: StationIdentity;

    const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0;
    const counts = async () => ({ blobs: await count('blobs'), chunks: await count('blob_chunks'), submissions: await count('submissions'), links: await count('submission_blobs') });
    const contentPath = (sha: string, mediaType = 'image/jpeg') => `/v1/blobs/${sha}/content?mediaType=${encodeURIComponent(mediaType)}`;

    function signedBytes(method: string, path: string, data: Buffer): { body: Buffer; headers: Record<string, string> } {
      return { body: data, headers: { 'content-type': 'application/octet-stream', ...signRequest(identity, { method, path, contentSha256: sha256(data) }) } };
    }

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db, { chunkSize });
      ({ client, identity } = await enrollStation(running, 'kiosk-fast'));
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
    });
    afterAll(async () => {
      client?.close();
      await running?.stop();
      await drop?.();
    });

    it('stores a blob of at most one chunk from one request, complete, and a repeat changes nothing', async () => {
      const image = evidenceImage(40_000);
      const before = await counts();
      const first = await client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data);
      expect(first).toEqual({ sha256: image.sha256, size: 40_000, mediaType: 'image/jpeg', chunkSize, chunkCount: 1, maxChunkSize: chunkSize, receivedChunks: [0], complete: true });
      expect(await client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data)).toEqual(first);
      expect(await client.json('GET', `/v1/blobs/${image.sha256}`, BlobStatus)).toEqual(first);
      // The bytes are one file in the store, named by their hash; the database holds only the blob's row.
      expect(await counts()).toEqual({ ...before, blobs: before.blobs + 1 });
      expect(sha256(await running.service.blobs.read(image.sha256))).toBe(image.sha256);
      expect((await running.service.blobs.list()).filter((s) => s === image.sha256)).toEqual([image.sha256]);
    });

    it('completes an announced blob whose chunk never arrived, and one announced with a wrong size, from the verified whole', async () => {
      const announced = evidenceImage(chunkSize - 10);
      expect(await client.json('PUT', `/v1/blobs/${announced.sha256}`, BlobStatus, { size: announced.data.length, mediaType: 'image/jpeg' })).toMatchObject({ complete: false, receivedChunks: [] });
      expect(await client.bytes('PUT', contentPath(announced.sha256), BlobStatus, announced.data)).toMatchObject({ complete: true, chunkCount: 1, size: announced.data.length });

      const misannounced = evidenceImage(50_000);
      expect(await client.json('PUT', `/v1/blobs/${misannounced.sha256}`, BlobStatus, { size: 200_000, mediaType: 'image/jpeg' })).toMatchObject({ complete: false, chunkCount: 4 });
      expect(await client.bytes('PUT', contentPath(misannounced.sha256), BlobStatus, misannounced.data)).toMatchObject({ complete: true, chunkCount: 1, size: 50_000 });
      expect((await db.query('SELECT idx FROM blob_chunks WHERE sha256 = $1', [misannounced.sha256])).rows).toEqual([]);
      expect(await running.service.blobs.read(misannounced.sha256)).toEqual(misannounced.data);
    });

    it('refuses content that is not what its address says, too large, or of an unknown type, and keeps none of it', async () => {
      const image = evidenceImage(30_000);
      const forged = Buffer.from(image.data);
      forged[100] = (forged[100] ?? 0) ^ 0xff;
      const before = await counts();
      await expect(client.bytes('PUT', contentPath(image.sha256), BlobStatus, forged)).rejects.toMatchObject({ status: 422, code: 'hash_mismatch' });

      const big = evidenceImage(chunkSize + 1);
      const tooLarge = await raw(running.url, 'PUT', contentPath(big.sha256), signedBytes('PUT', contentPath(big.sha256), big.data));
      expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });

      const gif = await raw(running.url, 'PUT', contentPath(image.sha256, 'image/gif'), signedBytes('PUT', contentPath(image.sha256, 'image/gif'), image.data));
      expect(gif).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', fields: ['query.mediaType'] } } });
      const noType = await raw(running.url, 'PUT', `/v1/blobs/${image.sha256}/content`, signedBytes('PUT', `/v1/blobs/${image.sha256}/content`, image.data));
      expect(noType).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
      const empty = await raw(running.url, 'PUT', contentPath(image.sha256), signedBytes('PUT', contentPath(image.sha256), Buffer.alloc(0)));
      expect(empty.status).toBeGreaterThanOrEqual(400);
      expect(empty.status).toBeLessThan(500);
      const asJson = signedJson(identity, 'PUT', contentPath(image.sha256), { data: 'x' });
      expect((await raw(running.url, 'PUT', contentPath(image.sha256), asJson)).body.error?.code).toBe('unsupported_media_type');

      expect(await counts()).toEqual(before);
      expect(await running.service.blobs.list()).not.toContain(image.sha256);
    });

    it('answers each submission of a batch on its own, in order, as PUT would; a repeat gives the same answers', async () => {
      const image = evidenceImage(20_000);
      await client.bytes('PUT', contentPath(image.sha256), BlobStatus, image.data);
      const missing = evidenceImage(21_000);
      const withBlob = submission({}, [{ sha256: image.sha256, size: image.data.length }]);
      const plain = submission();
      const stored = submission();
      const storedReceipt = await client.json('PUT', `/v1/submissions/${stored.id}`, SubmissionReceipt, stored);
      const clash = { ...stored, participationYear: 2025 };
      const waiting = submission({}, [{ sha256: missing.sha256, size: missing.data.length }]);
      const before = await counts();

      const batch = { submissions: [withBlob, plain, clash, waiting, stored, plain] };
      const first = await client.json('POST', '/v1/submissions/batch', SubmissionBatchResult, batch);
      expect(first.results.map((r) => [r.id, r.ok ? 200 : r.status, r.ok ? null : r.error.code])).toEqual([
        [withBlob.id, 200, null],
        [plain.id, 200, null],
        [stored.id, 409, 'submission_conflict'],
        [waiting.id, 409, 'blob_missing'],
        [stored.id, 200, null],
        [plain.id, 200, null],
      ]);
      const receipts = first.results.map((r) => (r.ok ? r.receipt : null));
      expect(receipts[4]).toEqual(storedReceipt);
      expect(receipts[5]).toEqual(receipts[1]);
      expect(receipts[0]).toMatchObject({ state: 'received', evaluation: { engine: 'evaluated', totalCents: 1000 } });
      expect(await counts()).toEqual({ ...before, submissions: before.submissions + 2, links: before.links + 1 });

      const again = await client.json('POST', '/v1/submissions/batch', SubmissionBatchResult, batch);
      expect(again).toEqual(first);
      expect(await client.json('PUT', `/v1/submissions/${withBlob.id}`, SubmissionReceipt, withBlob)).toEqual(receipts[0]);
      expect(await counts()).toEqual({ ...before, submissions: before.submissions + 2, links: before.links + 1 });
    });

    it('refuses a batch with an invalid item, too many items or too many bytes as a whole, and stores none of it', async () => {
      const before = await counts();
      const good = submission();
      const cases: [string, unknown][] = [
        ['an invalid item', { submissions: [good, { ...submission(), measures: [{ measure: 19, performedOn: '2026-13-01', evidence: [] }] }] }],
        ['an unknown field', { submissions: [good], extra: true }],
        ['no items', { submissions: [] }],
        ['too many items', { submissions: Array.from({ length: maxSubmissionBatch + 1 }, () => submission()) }],
        ['not a list', { submissions: good }],
      ];
      for (const [what, body] of cases) {
        const answer = await raw(running.url, 'POST', '/v1/submissions/batch', signedJson(identity, 'POST', '/v1/submissions/batch', body));
        expect(answer.status, what).toBe(400);
        expect(answer.body.error?.code, what).toBe('invalid_input');
        expect(answer.body.error?.message.length, what).toBeGreaterThan(10);
      }
      const huge = { submissions: Array.from({ length: 5 }, () => ({ ...submission(), measures: [{ measure: 12, performedOn: '2026-03-04', evidence: [{ kind: 'photo', note: 'x'.repeat(500) }] }] })), padding: 'x'.repeat(1024 * 1024) };
      const tooLarge = await raw(running.url, 'POST', '/v1/submissions/batch', signedJson(identity, 'POST', '/v1/submissions/batch', huge));
      expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
      const unsigned = await raw(running.url, 'POST', '/v1/submissions/batch', { body: JSON.stringify({ submissions: [good] }), headers: { 'content-type': 'application/json' } });
      expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'unsigned' } } });
      expect(await counts()).toEqual(before);
    });

    it('a station sends small evidence in one request each and ready submissions in batches, and delivers all exactly once', async () => {
      const proxy = new FaultProxy(running.url);
      const station = await createTestStation(running, 'kiosk-fast-station', { baseUrl: await proxy.start() });
      try {
        const ids: string[] = [];
        const blobs: string[] = [];
        for (let i = 0; i < 12; i++) {
          // Half with a photo below the chunk size, half without a file (a digital entry).
          const img = i % 2 === 0 ? evidenceImage(5_000 + i) : null;
          const sub = submission({}, img ? [{ sha256: img.sha256, size: img.data.length }] : []);
          enqueueSubmission(station.store.db, sub, img ? [{ data: img.data, mediaType: 'image/jpeg' }] : []);
          ids.push(sub.id);
          if (img) blobs.push(img.sha256);
        }
        expect(await station.worker.syncOnce()).toEqual({ ok: true, delivered: 12 });
        const sent = proxy.applied.map((a) => `${a.request.method} ${a.request.url.split('?')[0]?.replace(/[0-9a-f]{64}/, '{sha}').replace(/[0-9a-f-]{36}$/, '{id}')}`);
        // The first upload is announced, which tells the station the chunk size (the others wait
        // for that answer); every later blob below it goes whole in one request.
        const whole = sent.filter((r) => r === 'PUT /v1/blobs/{sha}/content').length;
        const announced = sent.filter((r) => r === 'PUT /v1/blobs/{sha}').length;
        expect(whole).toBe(blobs.length - 1);
        expect(whole + announced).toBe(blobs.length);
        expect(sent.filter((r) => r.startsWith('PUT /v1/blobs/{sha}/chunks/'))).toHaveLength(announced);
        const deliveries = sent.filter((r) => r === 'POST /v1/submissions/batch' || r === 'PUT /v1/submissions/{id}');
        expect(deliveries.length).toBeLessThan(ids.length);
        expect(sent).toContain('POST /v1/submissions/batch');
        const stored = (await db.query<{ id: string }>('SELECT id FROM submissions WHERE station_id = $1', ['kiosk-fast-station'])).rows.map((r) => r.id);
        expect(stored.sort()).toEqual([...ids].sort());
        const complete = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM blobs WHERE complete AND sha256 = ANY($1::text[])', [blobs])).rows[0]?.n;
        expect(complete).toBe(blobs.length);
        expect(station.worker.status().queueLength).toBe(0);
      } finally {
        await station.close();
        await proxy.stop();
      }
    });

    it('refuses a replayed batch or blob upload even though both are idempotent', async () => {
      const body = { submissions: [submission()] };
      const signed = signedJson(identity, 'POST', '/v1/submissions/batch', body);
      expect((await raw(running.url, 'POST', '/v1/submissions/batch', signed)).status).toBe(200);
      expect(await raw(running.url, 'POST', '/v1/submissions/batch', signed)).toMatchObject({ status: 401, body: { error: { code: 'replayed' } } });
      const image = evidenceImage(1000);
      const upload = signedBytes('PUT', contentPath(image.sha256), image.data);
      expect((await raw(running.url, 'PUT', contentPath(image.sha256), upload)).status).toBe(200);
      expect(await raw(running.url, 'PUT', contentPath(image.sha256), upload)).toMatchObject({ status: 401, body: { error: { code: 'replayed' } } });
      // The signature covers the query: the same bytes under another media type are refused.
      const swapped = await raw(running.url, 'PUT', contentPath(image.sha256, 'image/png'), { ...signedBytes('PUT', contentPath(image.sha256), image.data) });
      expect(swapped.body.error?.code).toBe('bad_signature');
    });
  });
}

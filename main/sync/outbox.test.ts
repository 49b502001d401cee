import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubmissionUpload } from '../contract/service-api';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { enqueueSubmission, markAcknowledged, nextPending, OutboxError, queueFigures, readBlob, readBlobChunk } from './outbox';
import { purgeAcknowledged } from './retention';

function image(bytes: number) {
  const data = randomBytes(bytes);
  return { data, mediaType: 'image/jpeg' as const, sha256: createHash('sha256').update(data).digest('hex') };
}

function submission(blobs: { sha256: string; data: Buffer }[]): SubmissionUpload {
  return {
    id: randomUUID(),
    kind: 'measures',
    createdAt: '2026-11-20T10:00:00.000Z',
    participationYear: 2026,
    member: { kvnr: 'A123457895' },
    measures: [{ measure: 12, performedOn: '2026-03-04', evidence: blobs.map((b) => ({ kind: 'photo', blob: { sha256: b.sha256, size: b.data.length, mediaType: 'image/jpeg' } })) }],
  };
}

describe('the sync outbox', () => {
  let dir: string;
  let store: StationDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues a submission with its evidence in the transaction that creates it: a rollback leaves neither', () => {
    const img = image(1000);
    const failing = store.db.transaction(() => {
      enqueueSubmission(store.db, submission([img]), [img]);
      throw new Error('capture failed after queueing');
    });
    expect(() => failing()).toThrow(/capture failed/);
    expect(queueFigures(store.db)).toEqual({ queueLength: 0, bytesPending: 0, failed: 0 });
    expect(store.db.prepare('SELECT count(*) AS n FROM sync_blobs').get()).toEqual({ n: 0 });
  });

  it('hands out submissions in creation order with their blobs, and counts what is pending', () => {
    const a = image(5000);
    const b = image(3000);
    const first = submission([a]);
    const second = submission([a, b]);
    enqueueSubmission(store.db, first, [a]);
    enqueueSubmission(store.db, second, [b]); // a is already on the station
    const figures = queueFigures(store.db);
    expect(figures.queueLength).toBe(2);
    expect(figures.bytesPending).toBeGreaterThan(8000);
    expect(nextPending(store.db)?.submissionId).toBe(first.id);
    markAcknowledged(store.db, first.id, { ok: true });
    const next = nextPending(store.db);
    expect(next?.submissionId).toBe(second.id);
    expect(next?.blobs.map((x) => x.sha256).sort()).toEqual([a.sha256, b.sha256].sort());
    expect(readBlobChunk(store.db, b.sha256, 1000, 500)).toEqual(b.data.subarray(1000, 1500));
    expect(readBlob(store.db, b.sha256)).toEqual(b.data);
    expect(() => readBlob(store.db, image(10).sha256)).toThrow(OutboxError);
  });

  it('refuses a submission whose evidence is missing, surplus or of the wrong size', () => {
    const img = image(100);
    expect(() => enqueueSubmission(store.db, submission([img]), [])).toThrow(OutboxError);
    expect(() => enqueueSubmission(store.db, submission([]), [img])).toThrow(/no measure references it/);
    expect(() => enqueueSubmission(store.db, submission([{ ...img, data: Buffer.alloc(5) }]), [img])).toThrow(/different size/);
    expect(() => enqueueSubmission(store.db, { ...submission([]), member: { kvnr: 'bad' } }, [])).toThrow();
    expect(queueFigures(store.db).queueLength).toBe(0);
  });

  it('purges member data and evidence after the retention, only once acknowledged', () => {
    const img = image(100);
    const sub = submission([img]);
    enqueueSubmission(store.db, sub, [img]);
    const ackAt = new Date('2026-11-01T00:00:00Z');
    expect(purgeAcknowledged(store.db, 7, new Date('2026-12-01T00:00:00Z'))).toEqual({ submissions: 0, blobs: 0 });
    markAcknowledged(store.db, sub.id, {}, ackAt);
    expect(purgeAcknowledged(store.db, 7, new Date('2026-11-05T00:00:00Z'))).toEqual({ submissions: 0, blobs: 0 });
    expect(purgeAcknowledged(store.db, 7, new Date('2026-11-09T00:00:00Z'))).toEqual({ submissions: 1, blobs: 1 });
    expect(store.db.prepare('SELECT payload, member_ref IS NOT NULL AS hasRef FROM sync_outbox').get()).toEqual({ payload: null, hasRef: 1 });
    expect(() => readBlobChunk(store.db, img.sha256, 0, 10)).toThrow(/no longer on this station/);
  });
});

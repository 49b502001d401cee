import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SubmissionUpload, type BlobStatus } from '../contract/service-api';

export interface EvidenceBlob {
  data: Buffer;
  mediaType: BlobStatus['mediaType'];
}

export interface QueuedBlob {
  sha256: string;
  mediaType: BlobStatus['mediaType'];
  size: number;
}

export interface PendingSubmission {
  seq: number;
  submissionId: string;
  payload: SubmissionUpload;
  blobs: QueuedBlob[];
  attempts: number;
}

export class OutboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxError';
  }
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A station-local secret: member references in the outbox are HMACs, not KVNRs. */
function memberRefKey(db: Database): Buffer {
  const row = db.prepare(`SELECT value FROM sync_state WHERE key = 'member-ref-key'`).get() as { value: string } | undefined;
  if (row) return Buffer.from(row.value, 'hex');
  const key = randomBytes(32);
  db.prepare(`INSERT INTO sync_state (key, value) VALUES ('member-ref-key', ?)`).run(key.toString('hex'));
  return key;
}

export function memberRef(db: Database, kvnr: string): string {
  return createHmac('sha256', memberRefKey(db)).update(kvnr).digest('hex');
}

/**
 * Queues a submission and its evidence for upload. Runs in a transaction; called from inside
 * the transaction that creates the submission (better-sqlite3 nests it as a savepoint), the
 * capture and its queue entry are stored together or not at all. The payload is validated
 * against the wire contract here, so nothing unsendable enters the queue.
 */
export function enqueueSubmission(db: Database, submission: SubmissionUpload, blobs: EvidenceBlob[], now: Date = new Date()): { seq: number } {
  const payload = SubmissionUpload.parse(submission);
  const byHash = new Map(blobs.map((b) => [sha256Hex(b.data), b]));
  const referenced = new Map<string, { size: number; mediaType: string }>();
  for (const m of payload.measures) for (const e of m.evidence) if (e.blob) referenced.set(e.blob.sha256, e.blob);
  for (const [sha256, ref] of referenced) {
    const blob = byHash.get(sha256);
    const known = blob ? null : (db.prepare('SELECT size FROM sync_blobs WHERE sha256 = ?').get(sha256) as { size: number } | undefined);
    if (!blob && !known) throw new OutboxError(`Evidence ${sha256.slice(0, 12)}… is referenced but not given`);
    if ((blob?.data.length ?? known?.size) !== ref.size) throw new OutboxError(`Evidence ${sha256.slice(0, 12)}… has a different size than referenced`);
  }
  for (const sha256 of byHash.keys()) if (!referenced.has(sha256)) throw new OutboxError(`Evidence ${sha256.slice(0, 12)}… is given but no measure references it`);

  const text = JSON.stringify(payload);
  const at = now.toISOString();
  return db.transaction(() => {
    const info = db
      .prepare('INSERT INTO sync_outbox (submission_id, member_ref, payload, measures, payload_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(payload.id, memberRef(db, payload.member.kvnr), text, JSON.stringify([...new Set(payload.measures.map((m) => m.measure))]), Buffer.byteLength(text), at);
    const insertBlob = db.prepare('INSERT INTO sync_blobs (sha256, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING');
    for (const [sha256, blob] of byHash) insertBlob.run(sha256, blob.mediaType, blob.data.length, blob.data, at);
    const link = db.prepare('INSERT INTO sync_outbox_blobs (submission_id, sha256) VALUES (?, ?)');
    for (const sha256 of referenced.keys()) link.run(payload.id, sha256);
    return { seq: Number(info.lastInsertRowid) };
  })();
}

/**
 * The oldest submissions still to deliver, in creation order: uploads go strictly in this order.
 * `parsed` keeps what was read before (a worker asks again after every batch), so each payload
 * is read and validated once.
 */
export function pendingSubmissions(db: Database, limit: number, parsed?: Map<string, PendingSubmission>): PendingSubmission[] {
  const rows = db.prepare(`SELECT seq, submission_id, attempts FROM sync_outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`).all(limit) as { seq: number; submission_id: string; attempts: number }[];
  const payloadOf = db.prepare('SELECT payload FROM sync_outbox WHERE submission_id = ?');
  const blobsOf = db.prepare('SELECT b.sha256, b.media_type, b.size FROM sync_outbox_blobs ob JOIN sync_blobs b ON b.sha256 = ob.sha256 WHERE ob.submission_id = ? ORDER BY b.sha256');
  return rows.map((row) => {
    const known = parsed?.get(row.submission_id);
    if (known) return { ...known, attempts: row.attempts };
    const { payload } = payloadOf.get(row.submission_id) as { payload: string };
    const submission = {
      seq: row.seq,
      submissionId: row.submission_id,
      payload: SubmissionUpload.parse(JSON.parse(payload)),
      blobs: (blobsOf.all(row.submission_id) as { sha256: string; media_type: QueuedBlob['mediaType']; size: number }[]).map((b) => ({ sha256: b.sha256, mediaType: b.media_type, size: b.size })),
      attempts: row.attempts,
    };
    parsed?.set(row.submission_id, submission);
    return submission;
  });
}

export function nextPending(db: Database): PendingSubmission | null {
  return pendingSubmissions(db, 1)[0] ?? null;
}

/** Reads one chunk of a queued blob straight from the database, without loading the whole blob. */
export function readBlobChunk(db: Database, sha256: string, offset: number, length: number): Buffer {
  const row = db.prepare('SELECT substr(data, ?, ?) AS chunk FROM sync_blobs WHERE sha256 = ? AND data IS NOT NULL').get(offset + 1, length, sha256) as { chunk: Buffer } | undefined;
  if (!row) throw new OutboxError(`Evidence ${sha256.slice(0, 12)}… is no longer on this station`);
  return row.chunk;
}

/** A whole queued blob (one that fits one request), without substr's extra copy. */
export function readBlob(db: Database, sha256: string): Buffer {
  const row = db.prepare('SELECT data FROM sync_blobs WHERE sha256 = ? AND data IS NOT NULL').get(sha256) as { data: Buffer } | undefined;
  if (!row) throw new OutboxError(`Evidence ${sha256.slice(0, 12)}… is no longer on this station`);
  return row.data;
}

export function markAcknowledged(db: Database, submissionId: string, receipt: unknown, now: Date = new Date()): void {
  db.prepare(`UPDATE sync_outbox SET state = 'acknowledged', acknowledged_at = ?, receipt = ?, last_error = NULL WHERE submission_id = ? AND state = 'pending'`).run(
    now.toISOString(),
    JSON.stringify(receipt),
    submissionId,
  );
}

export function markAttempt(db: Database, submissionId: string, error: string | null): void {
  db.prepare('UPDATE sync_outbox SET attempts = attempts + 1, last_error = ? WHERE submission_id = ?').run(error, submissionId);
}

/** The service refused it for good (a conflict or invalid content): keep it for staff, stop retrying. */
export function markFailed(db: Database, submissionId: string, error: string): void {
  db.prepare(`UPDATE sync_outbox SET state = 'failed', last_error = ? WHERE submission_id = ?`).run(error, submissionId);
}

export interface QueueFigures {
  queueLength: number;
  bytesPending: number;
  failed: number;
}

/**
 * Queue length and the bytes still to send: pending payloads plus their blobs. Whether a blob
 * is on the service is asked from the service (it answers which chunks it holds), not kept in
 * the blob's row: updating that row would rewrite the whole encrypted image each time.
 */
export function queueFigures(db: Database): QueueFigures {
  const q = db.prepare(`SELECT count(*) AS n, coalesce(sum(payload_bytes), 0) AS bytes FROM sync_outbox WHERE state = 'pending'`).get() as { n: number; bytes: number };
  const b = db
    .prepare(`SELECT coalesce(sum(size), 0) AS bytes FROM sync_blobs WHERE sha256 IN (SELECT ob.sha256 FROM sync_outbox_blobs ob JOIN sync_outbox o ON o.submission_id = ob.submission_id WHERE o.state = 'pending')`)
    .get() as { bytes: number };
  const f = db.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE state = 'failed'`).get() as { n: number };
  return { queueLength: q.n, bytesPending: q.bytes + b.bytes, failed: f.n };
}

export function getState(db: Database, key: string): string | null {
  return (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
}

export function setState(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import type { BlobStore } from './blob-store';

/**
 * Moves evidence bytes that earlier versions kept in the database (`blob_chunks.data`, before
 * service migration 8) into the file store, one blob at a time, each in its own transaction:
 * a complete blob becomes its file (checked against its address) and loses its chunk rows, a
 * partial upload's chunks become chunk files and keep their rows without bytes. The file is
 * durably written before the row changes, so a crash half-way repeats the move at the next start.
 * Returns the number of blobs moved.
 */
export async function moveDatabaseBytesToStore(db: Database, store: BlobStore): Promise<number> {
  const pending = (await db.query<{ sha256: string }>('SELECT DISTINCT sha256 FROM blob_chunks WHERE data IS NOT NULL')).rows.map((r) => r.sha256);
  for (const sha256 of pending) {
    await db.transaction(async (tx) => {
      const blob = (await tx.query<{ complete: boolean }>('SELECT complete FROM blobs WHERE sha256 = $1 FOR UPDATE', [sha256])).rows[0];
      const chunks = (await tx.query<{ idx: number; data: Buffer | Uint8Array | null }>('SELECT idx, data FROM blob_chunks WHERE sha256 = $1 ORDER BY idx', [sha256])).rows;
      if (!blob) return;
      if (blob.complete) {
        const whole = Buffer.concat(chunks.map((c) => Buffer.from(c.data ?? new Uint8Array())));
        const digest = createHash('sha256').update(whole).digest('hex');
        if (digest !== sha256) throw new Error(`Evidence blob ${sha256} in the database does not match its address; it was left there`);
        await store.putComplete(sha256, whole);
        await tx.query('DELETE FROM blob_chunks WHERE sha256 = $1', [sha256]);
        return;
      }
      for (const chunk of chunks) {
        if (chunk.data === null) continue;
        await store.putChunk(sha256, chunk.idx, Buffer.from(chunk.data));
        await tx.query('UPDATE blob_chunks SET data = NULL WHERE sha256 = $1 AND idx = $2', [sha256, chunk.idx]);
      }
    });
  }
  return pending.length;
}

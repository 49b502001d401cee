import type { z } from 'zod';
import type { BlobStatus } from '../../main/contract/service-api';
import { bodyDigest, sha256Hex } from '../auth/authenticate';
import { bodyWasCompressed } from '../http/body';
import type { Queryable } from '../db/database';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { RouteDeps } from './deps';

interface BlobRow {
  sha256: string;
  size: number;
  media_type: string;
  chunk_size: number;
  chunk_count: number;
  complete: boolean;
}

async function status(q: Queryable, sha256: string, maxChunkSize: number): Promise<z.infer<typeof BlobStatus> | null> {
  const blob = (await q.query<BlobRow>('SELECT sha256, size, media_type, chunk_size, chunk_count, complete FROM blobs WHERE sha256 = $1', [sha256])).rows[0];
  if (!blob) return null;
  if (blob.complete) return completeStatus(blob, maxChunkSize);
  const chunks = (await q.query<{ idx: number }>('SELECT idx FROM blob_chunks WHERE sha256 = $1 ORDER BY idx', [sha256])).rows.map((r) => r.idx);
  return { ...completeStatus(blob, maxChunkSize), receivedChunks: chunks, complete: false };
}

/**
 * Evidence blobs, content-addressed by SHA-256, their bytes in the service's file store
 * (service/blobs/blob-store.ts) and only what it holds in the database. A blob of at most one
 * chunk comes whole in one request, checked against its address on arrival. A larger one is
 * announced and uploaded in chunks of the service's size; the status says which chunks the
 * service holds, so an interrupted upload resumes with the rest, and the last chunk triggers the
 * check of the whole. A blob is marked complete only after its file is durably in place.
 */
export function blobRoutes({ db, chunkSize, blobs }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.uploadBlob, {
      binaryMaxBytes: chunkSize,
      bodyLimit: chunkSize,
      async handler({ params, query, body, caller, request }) {
        const data = body;
        if (data.length === 0) throw new ApiFailure(400, 'chunk_length', 'An evidence blob has at least one byte', ['body']);
        // The body's digest was taken on arrival for the signature; it is also the address, unless
        // the body came compressed (then the content is hashed as it came out).
        if ((bodyWasCompressed(request) ? sha256Hex(data) : bodyDigest(request)) !== params.sha256) throw new ApiFailure(422, 'hash_mismatch', 'The content does not have this SHA-256; nothing was stored');
        // The file first, durably; only then may the database call the blob complete. The same
        // content twice is the same file, written again under a temporary name and renamed over.
        await blobs.putComplete(params.sha256, data);
        // A new blob (the usual case): one row, complete.
        const created = await db.query<BlobRow>(
          `INSERT INTO blobs (sha256, size, media_type, chunk_size, chunk_count, created_by, complete, completed_at) VALUES ($1, $2, $3, $4, 1, $5, true, now())
           ON CONFLICT (sha256) DO NOTHING RETURNING sha256, size, media_type, chunk_size, chunk_count, complete`,
          [params.sha256, data.length, query.mediaType, chunkSize, caller.stationId],
        );
        if (created.rows[0]) return { status: 200, body: completeStatus(created.rows[0], chunkSize) };
        const stored = await db.transaction(async (tx) => {
          const blob = (await tx.query<BlobRow>('SELECT sha256, size, media_type, chunk_size, chunk_count, complete FROM blobs WHERE sha256 = $1 FOR UPDATE', [params.sha256])).rows[0];
          if (!blob) throw new Error('blob vanished');
          if (blob.complete) return { blob, hadPartial: false };
          // Verified content replaces whatever a chunked upload of it had left (or a wrong announce).
          await tx.query('DELETE FROM blob_chunks WHERE sha256 = $1', [params.sha256]);
          await tx.query('UPDATE blobs SET size = $2, chunk_size = $3, chunk_count = 1, complete = true, completed_at = now() WHERE sha256 = $1', [params.sha256, data.length, chunkSize]);
          return { blob: { ...blob, size: data.length, chunk_size: chunkSize, chunk_count: 1, complete: true }, hadPartial: true };
        });
        // The blob is complete: no chunk of it is written any more, its partial files can go.
        if (stored.hadPartial) await blobs.dropPartial(params.sha256).catch(() => undefined);
        return { status: 200, body: completeStatus(stored.blob, chunkSize) };
      },
    }),
    implement(serviceEndpoints.announceBlob, {
      async handler({ params, body, caller }) {
        // The station's chunk size for its link, up to the service's; the first announce fixes it.
        const size = Math.min(chunkSize, body.chunkSize ?? chunkSize);
        await db.query(
          `INSERT INTO blobs (sha256, size, media_type, chunk_size, chunk_count, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING`,
          [params.sha256, body.size, body.mediaType, size, Math.ceil(body.size / size), caller.stationId],
        );
        const current = await status(db, params.sha256, chunkSize);
        if (!current) throw new Error('blob vanished');
        if (current.size !== body.size) throw new ApiFailure(409, 'blob_size_conflict', `A blob with this hash is known with ${current.size} bytes, not ${body.size}`);
        return { status: 200, body: current };
      },
    }),
    implement(serviceEndpoints.blobStatus, {
      async handler({ params }) {
        const current = await status(db, params.sha256, chunkSize);
        if (!current) throw new ApiFailure(404, 'not_found', 'No blob with this hash has been announced');
        return { status: 200, body: current };
      },
    }),
    implement(serviceEndpoints.uploadBlobChunk, {
      binaryMaxBytes: chunkSize,
      bodyLimit: chunkSize + 1024,
      async handler({ params, body }) {
        const data = body;
        const checked = checkChunk((await db.query<BlobRow>('SELECT sha256, size, media_type, chunk_size, chunk_count, complete FROM blobs WHERE sha256 = $1', [params.sha256])).rows[0], params.index, data);
        if (checked.complete) return { status: 200, body: completeStatus(checked, chunkSize) };
        // The chunk's file is durably on disk before its row says the service holds it; written
        // before the blob's row is locked, so chunks of one blob arriving together are written
        // together. The same chunk twice is the same file.
        await blobs.putChunk(params.sha256, params.index, data);
        const outcome = await db.transaction(async (tx) => {
          // The blob row is locked: no other request adds, completes or discards chunks of this blob meanwhile.
          const blob = checkChunk((await tx.query<BlobRow>('SELECT sha256, size, media_type, chunk_size, chunk_count, complete FROM blobs WHERE sha256 = $1 FOR UPDATE', [params.sha256])).rows[0], params.index, data);
          if (blob.complete) return { kind: 'late' as const, body: completeStatus(blob, chunkSize) };
          const held = new Set((await tx.query<{ idx: number }>('SELECT idx FROM blob_chunks WHERE sha256 = $1', [params.sha256])).rows.map((r) => r.idx));
          if (!held.has(params.index)) {
            await tx.query('INSERT INTO blob_chunks (sha256, idx) VALUES ($1, $2)', [params.sha256, params.index]);
            held.add(params.index);
          }
          if (held.size === blob.chunk_count) {
            const assembled = await blobs.assemble(params.sha256, blob.chunk_count);
            if (assembled.kind === 'complete') {
              await tx.query('UPDATE blobs SET complete = true, completed_at = now() WHERE sha256 = $1', [params.sha256]);
              await tx.query('DELETE FROM blob_chunks WHERE sha256 = $1', [params.sha256]);
              return { kind: 'completed' as const, body: completeStatus({ ...blob, complete: true }, chunkSize) };
            }
            if (assembled.kind === 'missing') {
              // A crash between discarding files and forgetting their rows: ask for those chunks again.
              await tx.query('DELETE FROM blob_chunks WHERE sha256 = $1 AND idx = ANY($2::int[])', [params.sha256, assembled.chunks]);
              for (const index of assembled.chunks) held.delete(index);
            } else {
              // One of the chunks was wrong and we cannot tell which: start this blob over.
              await blobs.dropPartial(params.sha256);
              await tx.query('DELETE FROM blob_chunks WHERE sha256 = $1', [params.sha256]);
              return { kind: 'mismatch' as const };
            }
          }
          return { kind: 'status' as const, body: { ...completeStatus(blob, chunkSize), receivedChunks: [...held].sort((a, b) => a - b), complete: false } };
        });
        if (outcome.kind === 'mismatch') throw new ApiFailure(422, 'hash_mismatch', 'The uploaded chunks do not add up to this SHA-256; the service discarded them. Upload the blob again from chunk 0.');
        // Completed (here, or by another request while this chunk was written): its partial files go.
        if (outcome.kind !== 'status') await blobs.dropPartial(params.sha256).catch(() => undefined);
        return { status: 200, body: outcome.body };
      },
    }),
  ];
}

/** The announced blob a chunk belongs to, when the chunk fits it (any chunk of a complete blob is answered with its status). */
function checkChunk(blob: BlobRow | undefined, index: number, data: Buffer): BlobRow {
  if (!blob) throw new ApiFailure(404, 'not_found', 'Announce the blob (PUT /v1/blobs/{sha256}) before its chunks');
  if (blob.complete) return blob;
  if (index >= blob.chunk_count) throw new ApiFailure(400, 'chunk_out_of_range', `This blob has chunks 0..${blob.chunk_count - 1}`, ['path.index']);
  const expected = index < blob.chunk_count - 1 ? blob.chunk_size : blob.size - blob.chunk_size * (blob.chunk_count - 1);
  if (data.length !== expected) throw new ApiFailure(400, 'chunk_length', `Chunk ${index} must have ${expected} bytes, not ${data.length}`, ['body']);
  return blob;
}

function completeStatus(blob: BlobRow, maxChunkSize: number): z.infer<typeof BlobStatus> {
  return {
    sha256: blob.sha256,
    size: blob.size,
    mediaType: blob.media_type as z.infer<typeof BlobStatus>['mediaType'],
    chunkSize: blob.chunk_size,
    chunkCount: blob.chunk_count,
    maxChunkSize,
    receivedChunks: Array.from({ length: blob.chunk_count }, (_, i) => i),
    complete: true,
  };
}

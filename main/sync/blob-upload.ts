import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BlobStatus } from '../contract/service-api';
import { readBlob, readBlobChunk, type QueuedBlob } from './outbox';
import type { CallOptions, ServiceApi } from './service-api-client';
import { NetworkError, ServiceError } from './service-client';
import { UploadWindow } from './upload-window';

export interface UploadCounters {
  /** Chunk bytes put on the wire, including ones a cut connection lost. */
  bytesSent: number;
  /**
   * The largest chunk the service takes, once an answer told it. A blob no larger than the chunk
   * size for this link then goes in one request with its content instead of an announce and chunks.
   */
  chunkSize?: number;
  /** The first announce, while it tells the chunk size: other uploads wait for it instead of all announcing. */
  learning?: Promise<unknown>;
}

/** Evidence that is compressed already (or nearly random): never compressed again. */
const precompressed = new Set<QueuedBlob['mediaType']>(['image/jpeg', 'image/png', 'image/webp']);

/** Before the first answer: the service's default chunk, as the contract's services have used it. */
const assumedServiceChunk = 512 * 1024;

/** The window of a station's uploads, sized from its link as measured (LinkEstimate). */
export function linkWindow(api: ServiceApi, counters: UploadCounters, maxTasks: number): UploadWindow {
  return new UploadWindow(() => ({ windowBytes: api.link.figures(counters.chunkSize ?? assumedServiceChunk).windowBytes, maxTasks }));
}

/**
 * Uploads one evidence blob, resuming where the service stands. A blob no larger than the chunk
 * size that suits the link goes in one request (the service checks the content against its
 * address). A larger one is announced with that chunk size: the service answers which chunks it
 * already holds, and the others go in parallel within the upload window. After a crash or a cut
 * connection at most the chunks in flight are sent again; a blob the service already has costs one
 * small request. Compressible evidence (a PDF) is compressed on a slow link, never a JPEG.
 */
export async function uploadBlob(db: Database, api: ServiceApi, blob: QueuedBlob, counters: UploadCounters, options: CallOptions = {}, window = linkWindow(api, counters, 4)): Promise<void> {
  const compressible = !precompressed.has(blob.mediaType);
  if (counters.chunkSize === undefined && counters.learning) await counters.learning.catch(() => undefined);
  const link = api.link.figures(counters.chunkSize ?? assumedServiceChunk);
  if (counters.chunkSize !== undefined && blob.size <= Math.min(counters.chunkSize, link.chunkBytes)) {
    try {
      const status = await window.run(blob.size, () => {
        const content = readBlob(db, blob.sha256);
        counters.bytesSent += content.length;
        return api.call('uploadBlob', { params: { sha256: blob.sha256 }, query: { mediaType: blob.mediaType }, bytes: content }, { ...options, compressible });
      });
      counters.chunkSize = status.maxChunkSize ?? status.chunkSize;
      if (status.complete) return;
    } catch (error) {
      // Ask the service's chunk size again: it may have become smaller (413), or the service
      // may predate one-request uploads (404); then announce and chunk.
      counters.chunkSize = undefined;
      if (!(error instanceof ServiceError && (error.status === 413 || error.status === 404))) throw error;
    }
  }
  const announcing = api.call('announceBlob', { params: { sha256: blob.sha256 }, body: { size: blob.size, mediaType: blob.mediaType, ...(counters.chunkSize !== undefined ? { chunkSize: link.chunkBytes } : {}) } }, options);
  if (counters.chunkSize === undefined) counters.learning = announcing;
  const announced = await announcing;
  counters.chunkSize = announced.maxChunkSize ?? announced.chunkSize;
  if (announced.complete) return;
  const held = new Set(announced.receivedChunks);
  const missing = Array.from({ length: announced.chunkCount }, (_, i) => i).filter((i) => !held.has(i));
  let last: BlobStatus = announced;
  const sent = await Promise.allSettled(
    missing.map((index) => {
      const bytes = Math.min(announced.chunkSize, blob.size - index * announced.chunkSize);
      return window.run(bytes, async () => {
        const chunk = readBlobChunk(db, blob.sha256, index * announced.chunkSize, announced.chunkSize);
        counters.bytesSent += chunk.length;
        const status = await api.call('uploadBlobChunk', { params: { sha256: blob.sha256, index }, bytes: chunk }, { ...options, compressible });
        if (status.complete || !last.complete) last = status;
      });
    }),
  );
  const failed = sent.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  if (!last.complete) throw new NetworkError('protocol', 'The service did not confirm the complete evidence blob');
}

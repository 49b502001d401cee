import type { Database } from 'better-sqlite3-multiple-ciphers';
import { readBlob, readBlobChunk, type QueuedBlob } from './outbox';
import type { CallOptions, ServiceApi } from './service-api-client';
import { NetworkError, ServiceError } from './service-client';

export interface UploadCounters {
  /** Chunk bytes put on the wire, including ones a cut connection lost. */
  bytesSent: number;
  /**
   * The service's chunk size, once an answer told it. A blob of at most one chunk then goes in
   * one request with its content instead of an announce and a chunk.
   */
  chunkSize?: number;
}

/**
 * Uploads one evidence blob, resuming where the service stands. A blob no larger than the
 * service's chunk goes in one request (the service checks the content against its address).
 * A larger one is announced: the service answers which chunks it already holds, and only the
 * others are sent, in order. After a crash or a cut connection at most the chunk in flight is
 * sent again; a blob the service already has costs one small request.
 */
export async function uploadBlob(db: Database, api: ServiceApi, blob: QueuedBlob, counters: UploadCounters = { bytesSent: 0 }, options: CallOptions = {}): Promise<void> {
  if (counters.chunkSize !== undefined && blob.size <= counters.chunkSize) {
    const content = readBlob(db, blob.sha256);
    counters.bytesSent += content.length;
    try {
      const status = await api.call('uploadBlob', { params: { sha256: blob.sha256 }, query: { mediaType: blob.mediaType }, bytes: content }, options);
      counters.chunkSize = status.chunkSize;
      if (status.complete) return;
    } catch (error) {
      // Ask the service's chunk size again: it may have become smaller (413), or the service
      // may predate one-request uploads (404); then announce and chunk.
      counters.chunkSize = undefined;
      if (!(error instanceof ServiceError && (error.status === 413 || error.status === 404))) throw error;
    }
  }
  let status = await api.call('announceBlob', { params: { sha256: blob.sha256 }, body: { size: blob.size, mediaType: blob.mediaType } }, options);
  counters.chunkSize = status.chunkSize;
  const have = new Set(status.receivedChunks);
  for (let index = 0; index < status.chunkCount && !status.complete; index++) {
    if (have.has(index)) continue;
    const chunk = readBlobChunk(db, blob.sha256, index * status.chunkSize, status.chunkSize);
    counters.bytesSent += chunk.length;
    status = await api.call('uploadBlobChunk', { params: { sha256: blob.sha256, index }, bytes: chunk }, options);
  }
  if (!status.complete) throw new NetworkError('protocol', 'The service did not confirm the complete evidence blob');
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import { BlobStatus } from '../contract/service-api';
import { readBlobChunk, type QueuedBlob } from './outbox';
import { NetworkError, type ServiceClient } from './service-client';

export interface UploadCounters {
  /** Chunk bytes put on the wire, including ones a cut connection lost. */
  bytesSent: number;
}

/**
 * Uploads one evidence blob, resuming where the service stands: it announces the blob, gets
 * the list of chunks the service already holds and sends only the others, in order. After a
 * crash or a cut connection at most the chunk in flight is sent again; a blob the service
 * already has costs one small request.
 */
export async function uploadBlob(db: Database, client: ServiceClient, blob: QueuedBlob, counters: UploadCounters = { bytesSent: 0 }): Promise<void> {
  let status = await client.json('PUT', `/v1/blobs/${blob.sha256}`, BlobStatus, { size: blob.size, mediaType: blob.mediaType });
  const have = new Set(status.receivedChunks);
  for (let index = 0; index < status.chunkCount && !status.complete; index++) {
    if (have.has(index)) continue;
    const chunk = readBlobChunk(db, blob.sha256, index * status.chunkSize, status.chunkSize);
    counters.bytesSent += chunk.length;
    status = await client.bytes('PUT', `/v1/blobs/${blob.sha256}/chunks/${index}`, BlobStatus, chunk);
  }
  if (!status.complete) throw new NetworkError('protocol', 'The service did not confirm the complete evidence blob');
}

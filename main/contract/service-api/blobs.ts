import { z } from 'zod';
import { Sha256Hex } from './common';

/** Evidence blobs: content-addressed, uploaded whole or in resumable chunks. */

export const blobMediaTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const BlobMediaType = z.enum(blobMediaTypes);
/** Largest evidence blob the service takes (a multi-page scan as PDF). */
export const maxBlobBytes = 32 * 1024 * 1024;

/** Smallest chunk a station may ask for: below it the requests cost more than a broken connection loses. */
export const minChunkBytes = 16 * 1024;
export const BlobCreate = z
  .object({
    size: z.number().int().min(1).max(maxBlobBytes),
    mediaType: BlobMediaType,
    /** The chunk size the station's link suits (it measures it); the service takes it up to its own maximum. */
    chunkSize: z.number().int().min(minChunkBytes).max(maxBlobBytes).optional(),
  })
  .strict();
export const BlobStatus = z.object({
  sha256: Sha256Hex,
  size: z.number().int().positive(),
  mediaType: BlobMediaType,
  chunkSize: z.number().int().positive(),
  chunkCount: z.number().int().positive(),
  /** The largest chunk, and the largest blob in one request, the service takes (absent from older services: chunkSize). */
  maxChunkSize: z.number().int().positive().optional(),
  /** Indexes of the chunks the service holds; an upload resumes with the others. */
  receivedChunks: z.array(z.number().int().nonnegative()),
  complete: z.boolean(),
});
export type BlobStatus = z.infer<typeof BlobStatus>;
/** A blob of at most one chunk goes in one request, its media type in the (signed) query. */
export const BlobContentQuery = z.object({ mediaType: BlobMediaType }).strict();

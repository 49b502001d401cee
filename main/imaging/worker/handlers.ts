import { bookletPdf } from '../booklet/booklet-pdf';
import { normalizePhoto } from '../normalize';
import { boxHelperReady, measureHere } from '../recognition/box-ink-pool';
import { straightenHere } from '../recognition/page-split';
import { recognizePage } from '../recognition/recognize-page';
import { normalizeSignature } from '../signature';
import type { ImagingMethod, ImagingMethods } from './protocol';

/** What the worker runs for each method; also callable in-process (tests, the CLI). */
export const imagingHandlers: { [M in ImagingMethod]: (params: ImagingMethods[M]['params']) => Promise<ImagingMethods[M]['result']> } = {
  normalizePhoto: ({ input, options }) => normalizePhoto(asBuffer(input), options),
  normalizeSignature: ({ input }) => normalizeSignature(asBuffer(input)),
  recognizePage: ({ input, options }) => recognizePage(asBuffer(input), options),
  bookletPdf: (request) => bookletPdf(request),
  prepareRecognition: async () => ({ boxHelper: await boxHelperReady(30_000) }),
  measureBoxInk: async (job) => measureHere(job),
  straightenRows: async (part) => straightenHere(part),
};

/** Structured clone turns a Buffer into a plain Uint8Array; sharp wants a Buffer. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

import type { BookletPdfRequest } from '../booklet/booklet-pdf';
import type { NormalizedPhoto, NormalizeOptions } from '../normalize';
import type { BoxInk, BoxJob } from '../recognition/box-ink';
import type { RowsToStraighten } from '../recognition/page-split';
import type { PageRecognition, RecognizeOptions } from '../recognition/recognize-page';
import type { NormalizedSignature } from '../signature';
import type { WorkerRequest, WorkerResponse } from './envelope';

/**
 * The imaging worker's protocol: one request and one response per call, matched by id.
 * Image bytes travel as Uint8Arrays (a caller may transfer the input's ArrayBuffer).
 */
export interface ImagingMethods {
  normalizePhoto: { params: { input: Uint8Array; options?: NormalizeOptions }; result: NormalizedPhoto };
  normalizeSignature: { params: { input: Uint8Array }; result: NormalizedSignature | 'empty' };
  recognizePage: { params: { input: Uint8Array; options?: RecognizeOptions }; result: PageRecognition };
  bookletPdf: { params: BookletPdfRequest; result: Uint8Array };
  /** Starts the box helper thread and waits until it takes boxes (at most 30 s): whether it did. */
  prepareRecognition: { params: Record<string, never>; result: { boxHelper: boolean } };
  /** One stamp box of a page another imaging thread is recognizing (box-ink-pool.ts). */
  measureBoxInk: { params: BoxJob; result: BoxInk };
  /** Part of the straightened page of a page another imaging thread is recognizing (page-split.ts). */
  straightenRows: { params: RowsToStraighten; result: Uint8Array };
}
export type ImagingMethod = keyof ImagingMethods;

export type ImagingRequest<M extends ImagingMethod = ImagingMethod> = WorkerRequest<M, ImagingMethods[M]['params']>;

export type ImagingResponse = WorkerResponse;

export const imagingMethods: readonly ImagingMethod[] = ['normalizePhoto', 'normalizeSignature', 'recognizePage', 'bookletPdf', 'prepareRecognition', 'measureBoxInk', 'straightenRows'];

export function isImagingRequest(value: unknown): value is ImagingRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && typeof v.method === 'string' && (imagingMethods as readonly string[]).includes(v.method) && typeof v.params === 'object' && v.params !== null;
}

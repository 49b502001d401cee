import type { BookletPdfRequest } from '../booklet/booklet-pdf';
import type { ImagingErrorCode } from '../errors';
import type { NormalizedPhoto, NormalizeOptions } from '../normalize';
import type { PageRecognition, RecognizeOptions } from '../recognition/recognize-page';
import type { NormalizedSignature } from '../signature';

/**
 * The imaging worker's protocol: one request and one response per call, matched by id.
 * Image bytes travel as Uint8Arrays (a caller may transfer the input's ArrayBuffer).
 */
export interface ImagingMethods {
  normalizePhoto: { params: { input: Uint8Array; options?: NormalizeOptions }; result: NormalizedPhoto };
  normalizeSignature: { params: { input: Uint8Array }; result: NormalizedSignature | 'empty' };
  recognizePage: { params: { input: Uint8Array; options?: RecognizeOptions }; result: PageRecognition };
  bookletPdf: { params: BookletPdfRequest; result: Uint8Array };
}
export type ImagingMethod = keyof ImagingMethods;

export interface ImagingRequest<M extends ImagingMethod = ImagingMethod> {
  id: number;
  method: M;
  params: ImagingMethods[M]['params'];
}

export type ImagingResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: ImagingErrorCode | 'internal'; message: string } };

export const imagingMethods: readonly ImagingMethod[] = ['normalizePhoto', 'normalizeSignature', 'recognizePage', 'bookletPdf'];

export function isImagingRequest(value: unknown): value is ImagingRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && typeof v.method === 'string' && (imagingMethods as readonly string[]).includes(v.method) && typeof v.params === 'object' && v.params !== null;
}

import type { ImagingErrorCode } from '../errors';

/**
 * The envelope of every message to and from an imaging worker thread: one request and one
 * response per call, matched by id. What each method takes and gives is in protocol.ts.
 */
export interface WorkerRequest<Method extends string = string, Params = unknown> {
  id: number;
  method: Method;
  params: Params;
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { code: ImagingErrorCode | 'internal'; message: string } };

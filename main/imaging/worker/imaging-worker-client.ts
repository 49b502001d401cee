import { Worker } from 'node:worker_threads';
import { ImagingError } from '../errors';
import { asBuffer } from './handlers';
import { PendingReplies } from './pending-replies';
import { giveImagingThreadsHeapRoom } from './thread-heap';
import type { ImagingMethod, ImagingMethods, ImagingRequest, ImagingResponse } from './protocol';
import { defaultWorkerEntry } from './worker-entry';

export { defaultWorkerEntry } from './worker-entry';

/**
 * The main process's handle on the imaging worker thread: typed calls, a queue of pending
 * requests, and a clear `worker_failed` error (never a hang) when the thread dies; the next
 * call starts a fresh thread.
 */
export interface ImagingWorkerOptions {
  /** The worker's entry file. Defaults to the sibling `imaging-worker` of this module. */
  entry?: URL;
  /** Node flags for the thread; running from TypeScript sources adds the tsx loader. */
  execArgv?: string[];
  /** libvips/JS heap guard for the thread, MB. */
  maxOldGenerationSizeMb?: number;
}

export class ImagingWorker {
  private worker: Worker | undefined;
  private readonly pending = new PendingReplies();

  constructor(private readonly options: ImagingWorkerOptions = {}) {}

  start(): void {
    if (this.worker) return;
    giveImagingThreadsHeapRoom();
    const fallback = defaultWorkerEntry();
    const worker = new Worker(this.options.entry ?? fallback.entry, {
      execArgv: this.options.execArgv ?? (this.options.entry ? [] : fallback.execArgv),
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 512 },
    });
    worker.on('message', (response: ImagingResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(worker, `The imaging worker failed: ${error.message}`));
    worker.on('exit', (code) => this.fail(worker, `The imaging worker stopped (exit code ${code}).`));
    this.worker = worker;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await worker.terminate();
    this.rejectAll('The imaging worker was stopped.');
  }

  call<M extends ImagingMethod>(method: M, params: ImagingMethods[M]['params'], transfer: ArrayBuffer[] = []): Promise<ImagingMethods[M]['result']> {
    this.start();
    const { id, reply } = this.pending.open<ImagingMethods[M]['result']>();
    const request: ImagingRequest<M> = { id, method, params };
    this.worker!.postMessage(request, transfer);
    return reply;
  }

  normalizePhoto(input: Buffer, options?: ImagingMethods['normalizePhoto']['params']['options']): Promise<ImagingMethods['normalizePhoto']['result']> {
    return this.call('normalizePhoto', { input, options }).then((photo) => ({ ...photo, jpeg: asBuffer(photo.jpeg) }));
  }

  /** A signature drawn on the kiosk's touch screen, as stored with a signed declaration (signature.ts). */
  normalizeSignature(input: Buffer): Promise<ImagingMethods['normalizeSignature']['result']> {
    return this.call('normalizeSignature', { input }).then((signature) => (signature === 'empty' ? signature : { ...signature, png: asBuffer(signature.png) }));
  }

  recognizePage(input: Buffer, options?: ImagingMethods['recognizePage']['params']['options']): Promise<ImagingMethods['recognizePage']['result']> {
    return this.call('recognizePage', { input, options }).then((page) => ({
      ...page,
      archive: asBuffer(page.archive),
      fields: page.fields.map((f) => ({ ...f, crop: asBuffer(f.crop) })),
    }));
  }

  /**
   * Starts what recognizing a page needs (the thread, and the helper thread that measures half
   * the stamp boxes) and waits until it is up, so that the next page is recognized at full
   * speed: for benchmarks, and for a station that knows pages are coming. Whether the helper is up.
   */
  prepareRecognition(): Promise<ImagingMethods['prepareRecognition']['result']> {
    return this.call('prepareRecognition', {});
  }

  bookletPdf(request: ImagingMethods['bookletPdf']['params']): Promise<Uint8Array> {
    return this.call('bookletPdf', request);
  }

  private settle(response: ImagingResponse): void {
    this.pending.settle(response, (error) => (error.code === 'internal' ? new Error(error.message) : new ImagingError(error.code, error.message)));
  }

  private fail(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.rejectAll(message);
  }

  private rejectAll(message: string): void {
    this.pending.rejectAll(() => new ImagingError('worker_failed', message));
  }
}

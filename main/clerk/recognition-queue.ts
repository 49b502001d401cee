import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BookletPageId } from '../imaging/booklet/qr-payload';
import { isImagingError } from '../imaging/errors';
import type { PageRecognition } from '../imaging/recognition/recognize-page';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import type { BatchEvents } from './batch-events';
import { getPage, openBatch, saveRecognition, saveRecognitionError, scanOf, unrecognizedPageIds } from './batch-store';
import type { BookletOwnerLookup } from './batch-view';
import type { BookletLookup } from './booklet-lookup';

/** Recognizes one scanned page; in the station the imaging worker thread. */
export interface PageRecognizer {
  recognizePage(input: Buffer, options?: { pageId?: BookletPageId }): Promise<PageRecognition>;
  /** Ends the worker thread, if there is one. */
  stop?(): Promise<void>;
}

export interface RecognitionQueueOptions {
  db: Database;
  recognizer: PageRecognizer;
  events: BatchEvents;
  lookup: BookletLookup;
  ownerOf: BookletOwnerLookup;
  log: Logger;
}

/**
 * Scanned pages are recognized one after the other, off the main thread; what recognition found
 * replaces the raw scan (batch-store.ts). Pages a restart left unrecognized are taken up at start.
 */
export class RecognitionQueue implements StationService {
  readonly name = 'clerk-recognition';
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly options: RecognitionQueueOptions) {}

  start(): void {
    this.stopped = false;
    const left = unrecognizedPageIds(this.options.db);
    if (left.length > 0) this.options.log.info('resuming recognition', { pages: left.length });
    this.enqueue(left);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    this.options.events.stop();
    // Ending the worker ends a recognition in flight (the station is shutting down); its page stays 'scanned' for the next start.
    await this.options.recognizer.stop?.();
    await this.running;
  }

  /** Resolves when every queued page has been recognized (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  enqueue(pageIds: string[]): void {
    if (this.stopped) return;
    this.queue.push(...pageIds);
    if (this.running) return;
    this.options.events.setRecognizing(true);
    this.running = this.drain().finally(() => {
      this.running = null;
      this.options.events.setRecognizing(false);
    });
  }

  private async drain(): Promise<void> {
    for (let pageId = this.queue.shift(); pageId !== undefined && !this.stopped; pageId = this.queue.shift()) await this.recognize(pageId);
    const open = openBatch(this.options.db);
    if (open) this.options.events.counts(open.id, undefined, false);
  }

  private async recognize(pageId: string): Promise<void> {
    const { db, log } = this.options;
    const page = getPage(db, pageId);
    const scan = scanOf(db, pageId);
    if (!page || page.state !== 'scanned' || !scan) return;
    try {
      // A page the clerk identified by hand (its code unreadable) is recognized with that id.
      const hint: BookletPageId | undefined =
        page.kind === 'unidentified' && page.booklet_id && page.year && page.program && page.page_no ? { bookletId: page.booklet_id, year: page.year, program: page.program, page: page.page_no } : undefined;
      const result = await this.options.recognizer.recognizePage(scan, hint ? { pageId: hint } : undefined);
      saveRecognition(db, pageId, result);
      // A booklet printed at another station: asked in the background, the queue does not wait for the service.
      const bookletId = result.pageId?.bookletId;
      if (bookletId && !this.options.ownerOf(bookletId)) this.options.lookup.resolveLater(bookletId, page.batch_id, pageId);
      log.info('page recognized', { kind: result.kind, fields: result.fields.length, unsure: result.fields.filter((f) => f.decision === 'unsure').length });
    } catch (error) {
      if (this.stopped) return;
      // A corrupt or oversized file, or a crashed worker: the page says why, the batch goes on.
      const code = isImagingError(error) ? error.code : 'internal';
      saveRecognitionError(db, pageId, code);
      log.warn('page recognition failed', { code });
    }
    this.options.events.counts(page.batch_id, pageId, this.queue.length > 0);
  }
}

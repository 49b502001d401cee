import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { EventPayload } from '../contract';
import type { Logger } from '../runtime/logger';
import { countsOf, getPage } from './batch-store';

export type PublishBatch = (name: 'clerkBatch', payload: EventPayload<'clerkBatch'>) => void;

/**
 * The batch's counts as the `clerkBatch` event, after every change: from the intake, the
 * recognition queue, the clerk's edits and a booklet lookup answered late. Whether recognition
 * is running is told by the queue.
 */
export class BatchEvents {
  private recognizing = false;
  private stopped = false;

  constructor(private readonly options: { db: Database; publish: PublishBatch; log: Logger }) {}

  /** The queue's state: whether pages are waiting for or in recognition. */
  setRecognizing(recognizing: boolean): void {
    this.recognizing = recognizing;
  }

  /** The station is stopping: answers that come later are not published any more. */
  stop(): void {
    this.stopped = true;
  }

  counts(batchId: string, pageId?: string, recognizing = this.recognizing): void {
    this.options.publish('clerkBatch', { batchId, counts: countsOf(this.options.db, batchId), recognizing, ...(pageId ? { pageId } : {}) });
  }

  /** Another part of the desk changed a page (a legacy page assigned): its batch's counts go out. */
  pageChanged(pageId: string): void {
    const page = getPage(this.options.db, pageId);
    if (page) this.counts(page.batch_id, page.id);
  }

  /** A lookup answered after its caller stopped waiting: the batch's counts (and the page) go out, unless the station stopped meanwhile. */
  late(batchId: string, pageId?: string): void {
    if (this.stopped) return;
    try {
      this.counts(batchId, pageId);
    } catch (error) {
      this.options.log.warn('late booklet lookup not published', { reason: error instanceof Error ? error.name : 'unknown' });
    }
  }
}

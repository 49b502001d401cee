import type { BatchEvents } from './batch-events';
import type { BookletOwnerLookup } from './batch-view';

export type LookupAnswer = 'found' | 'unknown' | 'offline';

export interface BookletLookupOptions {
  ownerOf: BookletOwnerLookup;
  /**
   * Asks beyond this station for a booklet it does not know (BookletLinkSync.lookupStatus: the
   * service, whose answer is kept in the register so ownerOf finds it from then on). Absent on
   * a station without a service.
   */
  resolve?: (bookletId: string) => Promise<LookupAnswer>;
  events: BatchEvents;
  now: () => Date;
}

/** The promise's answer, or 'pending' when it has none within `ms` (it goes on running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The member of a booklet printed at another station, asked at the service. One lookup per
 * booklet at a time; a recent 'unknown' or 'offline' answer is reused for a while. Callers wait
 * a bounded time: an answer that comes later goes out as the batch's event when it comes.
 */
export class BookletLookup {
  static readonly retryMs = 30_000;
  private readonly answers = new Map<string, { result: 'unknown' | 'offline'; at: number }>();
  private readonly inFlight = new Map<string, Promise<LookupAnswer>>();

  constructor(private readonly options: BookletLookupOptions) {}

  /** Asks about a booklet unknown here; a recent 'unknown' or 'offline' answer is reused unless `force` (booking asks again). */
  resolve(bookletId: string, force = false): Promise<LookupAnswer> {
    if (this.options.ownerOf(bookletId)) return Promise.resolve('found');
    const ask = this.options.resolve;
    if (!ask) return Promise.resolve('offline');
    const last = this.answers.get(bookletId);
    if (!force && last && this.options.now().getTime() - last.at < BookletLookup.retryMs) return Promise.resolve(last.result);
    let flight = this.inFlight.get(bookletId);
    if (!flight) {
      flight = ask(bookletId)
        .catch(() => 'offline' as const)
        .then((result) => {
          if (result === 'found') this.answers.delete(bookletId);
          else this.answers.set(bookletId, { result, at: this.options.now().getTime() });
          return result;
        })
        .finally(() => this.inFlight.delete(bookletId));
      this.inFlight.set(bookletId, flight);
    }
    return flight;
  }

  /** Asks for `ms` at most; a later answer goes out as the batch's event (naming the page, if one waits for it). */
  async resolveWithin(bookletId: string, ms: number, batchId: string, pageId?: string, force = false): Promise<void> {
    const flight = this.resolve(bookletId, force);
    if ((await within(flight, ms)) === 'pending') void flight.then(() => this.options.events.late(batchId, pageId));
  }

  /** Asks in the background (a page just recognized): the queue does not wait for the service. */
  resolveLater(bookletId: string, batchId: string, pageId: string): void {
    void this.resolve(bookletId).then(() => this.options.events.late(batchId, pageId));
  }

  /** What the verifier shows about a booklet nobody here knows: the lookup runs, its last answer, or none yet. */
  stateOf(bookletId: string): 'pending' | 'unknown' | 'offline' | null {
    if (this.inFlight.has(bookletId)) return 'pending';
    return this.answers.get(bookletId)?.result ?? (this.options.resolve ? null : 'offline');
  }

  /** For booking: a lookup still running counts as offline, so the page waits and booking asks again. */
  isOffline(bookletId: string): boolean {
    return this.inFlight.has(bookletId) || this.answers.get(bookletId)?.result === 'offline';
  }
}

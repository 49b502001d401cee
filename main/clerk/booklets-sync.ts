import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BookletLinkUpload } from '../contract/service-api';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import type { CallOptions, ServiceApi } from '../sync/service-api-client';
import { ServiceError } from '../sync/service-client';
import { markAtService, memberForBooklet, storeServiceLink, unsentLinks, type BookletMember } from './booklets';

export interface BookletLinkSyncOptions {
  db: Database;
  /** Null on a station without a service (sync disabled): links stay local. */
  api: ServiceApi | null;
  /** How long a call waits for the service (default 10 s): the clerk's page waits for a lookup. */
  timeoutMs?: number;
  log: Logger;
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Brings booklet links to the service, and asks it for booklets issued elsewhere. A link is
 * stored locally first (printing works offline) and sent when the service can be reached;
 * the service answers the same link again idempotently, so a retry after a cut is harmless.
 */
export class BookletLinkSync implements StationService {
  readonly name = 'booklet-links';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /** Ids the service refused (another member holds them): logged once, not sent again in this run. */
  private readonly refused = new Set<string>();
  private readonly now: () => Date;

  constructor(private readonly options: BookletLinkSyncOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get online(): boolean {
    return this.options.api !== null;
  }

  /** Options of every call at the desk: the clerk waits, so the wait is bounded. */
  get callOptions(): CallOptions {
    return { timeoutMs: this.options.timeoutMs ?? 10_000 };
  }

  start(): void {
    if (!this.options.api) return;
    this.timer = setInterval(() => void this.pushPending(), this.options.intervalMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends every link the service does not hold yet. Never throws: what fails stays for the next round. */
  pushPending(): Promise<void> {
    this.running ??= this.push().finally(() => (this.running = null));
    return this.running;
  }

  private async push(): Promise<void> {
    const api = this.signed();
    if (!api) return;
    for (const link of unsentLinks(this.options.db)) {
      if (this.refused.has(link.bookletId)) continue;
      const upload: BookletLinkUpload = { kvnr: link.kvnr, birthDate: link.birthDate, year: link.year, program: link.program, legacy: link.legacy, issuedAt: link.issuedAt };
      try {
        await api.call('linkBooklet', { params: { bookletId: link.bookletId }, body: upload }, this.callOptions);
        markAtService(this.options.db, link.bookletId, this.now());
      } catch (error) {
        if (error instanceof ServiceError && error.status === 409) {
          // Another member holds this id at the service: staff must issue a new booklet; it stays local and is logged.
          this.refused.add(link.bookletId);
          this.options.log.error('a booklet id is already linked to another member at the service');
          continue;
        }
        this.options.log.warn('booklet links not sent yet', { reason: error instanceof Error ? error.name : 'unknown' });
        return;
      }
    }
  }

  /**
   * The member of a booklet: this station's register first; otherwise the service (online),
   * whose answer is kept here. Null when nobody knows the id or the service cannot be asked.
   */
  async resolve(bookletId: string): Promise<BookletMember | null> {
    const found = await this.lookup(bookletId);
    return found.member;
  }

  /**
   * As resolve, and why there is no member: 'unknown' when the service answered that nobody
   * holds the id, 'offline' when it could not be asked (no service, not enrolled, unreachable,
   * an error): then the page waits and is asked about again.
   */
  async lookup(bookletId: string): Promise<{ member: BookletMember; why: null } | { member: null; why: 'unknown' | 'offline' }> {
    const local = memberForBooklet(this.options.db, bookletId);
    if (local) return { member: local, why: null };
    const api = this.signed();
    if (!api) return { member: null, why: 'offline' };
    try {
      const record = await api.call('booklet', { params: { bookletId } }, this.callOptions);
      return { member: storeServiceLink(this.options.db, record, this.now()), why: null };
    } catch (error) {
      if (error instanceof ServiceError && error.status === 404) return { member: null, why: 'unknown' };
      this.options.log.warn('booklet lookup at the service failed', { reason: error instanceof Error ? error.name : 'unknown' });
      return { member: null, why: 'offline' };
    }
  }

  /** What `lookup` found, in one word, for the batch queue. */
  async lookupStatus(bookletId: string): Promise<'found' | 'unknown' | 'offline'> {
    const found = await this.lookup(bookletId);
    return found.member ? 'found' : found.why;
  }

  /** The service client, or null when there is no service or the station is not enrolled. */
  signed(): ServiceApi | null {
    const api = this.options.api;
    return api?.enrolled() ? api : null;
  }
}

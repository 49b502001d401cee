import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { FieldEvent } from '../contract/service-api';
import type { SyncStatus } from '../contract/status';
import { errorName, type Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { AuditChainError, AuditChainGuard } from './audit-head';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import type { UploadCounters } from './blob-upload';
import { Delivery, stationWide } from './delivery';
import { heartbeatReport, type HeartbeatFacts } from './heartbeat';
import { storeDecisions } from './notifications';
import { getState, queueFigures, setState } from './outbox';
import { purgeAcknowledged } from './retention';
import type { CallOptions, ServiceApi } from './service-api-client';
import { NetworkError, ServiceError } from './service-client';
import { notEnrolledText, syncErrorText } from './status-text';

export interface SyncWorkerOptions {
  db: Database;
  /** The station's one service client; the worker's calls end when it stops, others' do not. */
  api: ServiceApi;
  log: Logger;
  /** Receives every status change (the composition root passes it to the EventHub's syncStatus). */
  publish: (status: SyncStatus) => void;
  retentionDays: number;
  backoff?: BackoffOptions;
  /** How often an idle station asks for decisions, catalog versions and field events. */
  idleIntervalMs?: number;
  /** Submissions after the current one whose evidence may upload meanwhile (default 16; 0 = strictly one at a time). */
  uploadAhead?: number;
  /** Evidence requests in flight at most (default 4), within the window the measured link allows. */
  parallelUploads?: number;
  /** Most submissions in one delivery request (default 50; 1 = one PUT per submission). */
  batchSize?: number;
  /** How long ready submissions wait for more evidence to complete their batch (default 200 ms). */
  batchWaitMs?: number;
  /** How often an idle worker looks for newly queued captures (default 2 s). */
  queueCheckMs?: number;
  now?: () => Date;
  random?: () => number;
  /** The audit chain's check and its report to the service before every round (default: one for `db`). */
  auditGuard?: AuditChainGuard;
  /** What a field station pulls besides, for the events just listed (main/field/field-pull.ts). */
  pullForFieldEvents?: (api: ServiceApi, events: FieldEvent[], options: CallOptions) => Promise<void>;
  /** Mode, branch, version and devices for the heartbeat after each round (the back office's fleet view); none: no heartbeat. */
  heartbeat?: () => HeartbeatFacts;
}

export type CycleOutcome = { ok: true; delivered: number } | { ok: false; error: string };

/**
 * The background sync: delivers the outbox in order (blobs first, then the submission),
 * pulls decisions, catalog versions and field events, purges after the retention, and
 * publishes its status. Delivery is at-least-once (a submission is marked acknowledged only
 * after the service's receipt) and the service applies idempotently, so a crash or a cut
 * connection at any point neither loses nor duplicates anything. All I/O is asynchronous; the
 * SQLite steps are short, so the UI is never blocked.
 */
export class SyncWorker implements StationService {
  readonly name = 'sync';
  readonly counters: UploadCounters = { bytesSent: 0 };
  private running = false;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakeRequested = false;
  private failures = 0;
  private lastError: string | null = null;
  private state: SyncStatus['state'] = 'idle';
  private readonly now: () => Date;
  /** Cuts this worker's requests in flight when it stops. */
  private aborter = new AbortController();
  /** Whether the current round delivered or uploaded anything (a broken link then does not count as a failure streak). */
  private progressed = false;
  private readonly auditGuard: AuditChainGuard;

  constructor(private readonly options: SyncWorkerOptions) {
    this.now = options.now ?? (() => new Date());
    this.auditGuard = options.auditGuard ?? new AuditChainGuard(options.db);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.publish();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wakeUp?.();
    // Do not wait for a slow upload: it is cut and resumes from the service's chunks next start.
    this.aborter.abort();
    await this.loop;
    this.loop = null;
    // A later round (syncOnce from the CLI or a test, or start) sends again.
    this.aborter = new AbortController();
    this.stopping = false;
  }

  /** Something was queued: sync now instead of waiting for the next round. */
  wake(): void {
    this.failures = 0;
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  status(): SyncStatus {
    const figures = queueFigures(this.options.db);
    return { state: this.state, queueLength: figures.queueLength, bytesPending: figures.bytesPending, lastSuccessAt: getState(this.options.db, 'last-success'), lastError: this.lastError };
  }

  /** One round: deliver everything pending, then pull. Public for tests and the CLI. */
  async syncOnce(): Promise<CycleOutcome> {
    const { db, api, log } = this.options;
    if (!api.enrolled()) {
      this.fail('error', notEnrolledText);
      return { ok: false, error: notEnrolledText };
    }
    this.state = 'syncing';
    this.publish();
    let delivered = 0;
    this.progressed = false;
    try {
      // A broken or refused audit chain stops everything that would leave the station.
      await this.auditGuard.report(api, this.callOptions());
      delivered = await new Delivery({
        db,
        api,
        log,
        counters: this.counters,
        uploadAhead: this.options.uploadAhead ?? 16,
        parallelUploads: this.options.parallelUploads ?? 4,
        batchSize: this.options.batchSize ?? 50,
        batchWaitMs: this.options.batchWaitMs ?? 200,
        now: this.now,
        callOptions: () => this.callOptions(),
        stopping: () => this.stopping,
        progressed: () => (this.progressed = true),
        delivered: () => this.publishThrottled(),
      }).run();
      await this.pull();
      const purged = purgeAcknowledged(db, this.options.retentionDays, this.now());
      if (purged.submissions > 0) log.info('purged acknowledged submissions', purged);
      this.failures = 0;
      const refused = queueFigures(db).failed;
      this.lastError = refused > 0 ? `${refused} Einreichung(en) hat der Bonus-Service abgelehnt; sie bleiben auf dieser Station. Bitte die IT informieren.` : null;
      this.state = 'idle';
      setState(db, 'last-success', this.now().toISOString());
      this.publish();
      await this.sendHeartbeat();
      return { ok: true, delivered };
    } catch (error) {
      if (this.stopping) return { ok: false, error: 'stopped' };
      if (error instanceof AuditChainError) {
        log.error('sync stopped: audit chain', { error: error.message });
        this.failures++;
        this.fail('error', error.message);
        return { ok: false, error: error.message };
      }
      const text = syncErrorText(error);
      log.warn('sync round failed', { error: errorName(error), code: error instanceof ServiceError || error instanceof NetworkError ? error.code : null });
      // A round that got something across before the link broke starts the backoff afresh: on a
      // line that resets every few MB the station resumes at once instead of waiting longer each time.
      this.failures = this.progressed ? 1 : this.failures + 1;
      this.fail(error instanceof NetworkError || (error instanceof ServiceError && error.retryable) ? 'offline' : 'error', text);
      // The service may be reachable although the round failed (a refused request): it hears why.
      if (!(error instanceof NetworkError) && !(error instanceof ServiceError && stationWide.has(error.code))) await this.sendHeartbeat();
      return { ok: false, error: text };
    }
  }

  /** Tells the service how this station is (fleet view); a failed heartbeat is not a failed round. */
  private async sendHeartbeat(): Promise<void> {
    const facts = this.options.heartbeat;
    if (!facts || this.stopping) return;
    try {
      const report = heartbeatReport(this.options.db, facts(), { lastSuccessAt: getState(this.options.db, 'last-success'), lastError: this.lastError }, this.now());
      await this.options.api.call('heartbeat', { body: report }, this.callOptions());
    } catch (error) {
      this.options.log.warn('heartbeat not delivered', { error: errorName(error) });
    }
  }

  private async pull(): Promise<void> {
    const { db, api } = this.options;
    const options = this.callOptions();
    for (;;) {
      const after = Number(getState(db, 'decisions-after') ?? '0');
      const feed = await api.call('decisions', { query: { after, limit: 200 } }, options);
      if (feed.decisions.length === 0) break;
      db.transaction(() => {
        storeDecisions(db, feed.decisions);
        setState(db, 'decisions-after', String(feed.next));
      })();
    }
    const catalog = await api.call('catalog', {}, options);
    setState(db, 'catalog', JSON.stringify(catalog));
    // Field events are a field station's business; the service refuses them to the other modes.
    const pullForFieldEvents = this.options.pullForFieldEvents;
    if (!pullForFieldEvents) return;
    const events = await api.call('fieldEvents', {}, options);
    setState(db, 'field-events', JSON.stringify(events.events));
    await pullForFieldEvents(api, events.events, options);
  }

  private callOptions(): CallOptions {
    return { signal: this.aborter.signal };
  }

  private fail(state: SyncStatus['state'], text: string): void {
    this.state = state;
    this.lastError = text;
    this.publish();
  }

  private lastPublished = 0;

  // Counting the queue reads every pending row; during a long run a few updates a second do.
  private publishThrottled(): void {
    if (Date.now() - this.lastPublished >= 250) this.publish();
  }

  private publish(): void {
    this.lastPublished = Date.now();
    try {
      this.options.publish(this.status());
    } catch (error) {
      this.options.log.warn('sync status could not be published', { error: errorName(error) });
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      const outcome = await this.syncOnce();
      if (!this.running) break;
      // Work queued during the round is not left waiting for the next interval.
      if (this.wakeRequested) continue;
      if (outcome.ok) await this.idle(this.options.idleIntervalMs ?? 60_000);
      else await this.sleep(backoffDelay(this.failures, this.options.backoff ?? defaultBackoff, this.options.random));
    }
  }

  /**
   * Waits for the next pull, but looks at the outbox every few seconds: a capture queued by any
   * part of the station (which need not know the worker) goes out without waiting a minute.
   */
  private async idle(totalMs: number): Promise<void> {
    const step = this.options.queueCheckMs ?? 2_000;
    for (let waited = 0; waited < totalMs && this.running && !this.wakeRequested; waited += step) {
      await this.sleep(Math.min(step, totalMs - waited));
      if (nextPendingExists(this.options.db)) return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }
}

function nextPendingExists(db: Database): boolean {
  return db.prepare(`SELECT 1 FROM sync_outbox WHERE state = 'pending' LIMIT 1`).get() !== undefined;
}

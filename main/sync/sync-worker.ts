import type { Database } from 'better-sqlite3-multiple-ciphers';
import { maxSubmissionBatch, type FieldEvent, type SubmissionBatchItem, type SubmissionBatchResult, type SubmissionReceipt } from '../contract/service-api';
import type { SyncStatus } from '../contract/status';
import { errorName, type Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import { uploadBlob, type UploadCounters } from './blob-upload';
import { heartbeatReport, type HeartbeatFacts } from './heartbeat';
import { storeDecisions } from './notifications';
import { getState, markAcknowledged, markAttempt, markFailed, pendingSubmissions, queueFigures, setState, type PendingSubmission } from './outbox';
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
  /** Evidence uploads in flight at once (default 4; with PostgreSQL behind the service 6 measured faster than 3, with PGlite the same). */
  parallelUploads?: number;
  /** Most submissions in one delivery request (default 50; 1 = one PUT per submission). */
  batchSize?: number;
  /** How often an idle worker looks for newly queued captures (default 2 s). */
  queueCheckMs?: number;
  now?: () => Date;
  random?: () => number;
  /** What a field station pulls besides, for the events just listed (main/field/field-pull.ts). */
  pullForFieldEvents?: (api: ServiceApi, events: FieldEvent[], options: CallOptions) => Promise<void>;
  /** Mode, branch, version and devices for the heartbeat after each round (the back office's fleet view); none: no heartbeat. */
  heartbeat?: () => HeartbeatFacts;
}

export type CycleOutcome = { ok: true; delivered: number } | { ok: false; error: string };

// Error codes after which the whole station stops and waits (no request will pass), as opposed
// to a refusal of one submission, which is set aside so the queue behind it moves on.
const stationWide = new Set(['unsigned', 'bad_signature', 'bad_content_digest', 'unknown_station', 'station_revoked', 'stale', 'replayed', 'bad_nonce']);

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

  constructor(private readonly options: SyncWorkerOptions) {
    this.now = options.now ?? (() => new Date());
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
    try {
      delivered = await this.deliverAll();
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
      const text = syncErrorText(error);
      log.warn('sync round failed', { error: errorName(error), code: error instanceof ServiceError || error instanceof NetworkError ? error.code : null });
      this.failures++;
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

  /**
   * Delivers the queue in order. The evidence of the next submissions uploads a few blobs at a
   * time while earlier ones are delivered (the service is idle between one station's requests
   * otherwise). A submission is sent only after all its blobs and together with or after all
   * earlier submissions: the first pending one, and behind it in one batch the following ones
   * whose evidence is on the service, waiting for it up to half the upload window.
   */
  private async deliverAll(): Promise<number> {
    const { db } = this.options;
    const window = 1 + (this.options.uploadAhead ?? 16);
    const batchSize = Math.max(1, Math.min(this.options.batchSize ?? 50, maxSubmissionBatch));
    const gather = Math.max(1, Math.floor(window / 2));
    const uploads = new Map<string, { done: boolean; promise: Promise<void> }>();
    // One upload per blob, shared by the submissions in the window that use the same image.
    const blobUploads = new Map<string, Promise<void>>();
    const slots = new Slots(this.options.parallelUploads ?? 4);
    let delivered = 0;
    try {
      const parsed = new Map<string, PendingSubmission>();
      for (let pending = pendingSubmissions(db, window, parsed); pending.length > 0 && !this.stopping; pending = pendingSubmissions(db, window, parsed)) {
        for (const upcoming of pending) {
          if (uploads.has(upcoming.submissionId)) continue;
          const entry = { done: false, promise: this.uploadBlobs(upcoming, blobUploads, slots) };
          // Handled when its turn comes; until then a failure must not count as unhandled.
          entry.promise.then(() => (entry.done = true)).catch(() => undefined);
          uploads.set(upcoming.submissionId, entry);
        }
        const [first, ...rest] = pending as [PendingSubmission, ...PendingSubmission[]];
        if (!(await this.blobsUploaded(first, uploads.get(first.submissionId)?.promise))) {
          uploads.delete(first.submissionId);
          parsed.delete(first.submissionId);
          continue;
        }
        const batch = [first];
        let bytes = JSON.stringify(first.payload).length;
        for (const next of rest) {
          const size = JSON.stringify(next.payload).length;
          if (batch.length >= batchSize || bytes + size > batchPayloadBytes) break;
          const upload = uploads.get(next.submissionId);
          if (!upload) break;
          // Up to half the window, wait for the next evidence instead of sending a batch of one:
          // the service's work per request (signature, nonce, lookups) is then shared, and the
          // other half of the window keeps uploading meanwhile.
          if (!upload.done && (batch.length >= gather || this.stopping || !(await upload.promise.then(() => true, () => false)))) break;
          batch.push(next);
          bytes += size;
        }
        delivered += await this.deliver(batch);
        for (const sent of batch) {
          uploads.delete(sent.submissionId);
          parsed.delete(sent.submissionId);
        }
        this.publishThrottled();
      }
    } finally {
      await Promise.allSettled([...uploads.values()].map((u) => u.promise));
    }
    return delivered;
  }

  private async uploadBlobs(submission: PendingSubmission, inFlight: Map<string, Promise<void>>, slots: Slots): Promise<void> {
    // Every blob is announced: the service says what it holds, also after it lost evidence.
    for (const blob of submission.blobs) {
      let upload = inFlight.get(blob.sha256);
      if (!upload) {
        upload = slots.run(() => uploadBlob(this.options.db, this.options.api, blob, this.counters, this.callOptions()));
        upload.catch(() => undefined);
        inFlight.set(blob.sha256, upload);
      }
      await upload;
    }
  }

  /**
   * Waits for a submission's evidence. A failed upload is a failed attempt of the submission
   * (thrown), or, when the service refused the evidence for good, the submission is set aside (false).
   */
  private async blobsUploaded(submission: PendingSubmission, upload: Promise<void> | undefined): Promise<boolean> {
    try {
      await upload;
      return true;
    } catch (error) {
      this.refuse(submission, error);
      return false;
    }
  }

  /** Sends submissions whose evidence is on the service: one PUT, or a batch; returns how many were acknowledged. */
  private async deliver(batch: PendingSubmission[]): Promise<number> {
    const { api } = this.options;
    const [only] = batch;
    if (batch.length === 1 && only) {
      try {
        this.acknowledge(only, await api.call('putSubmission', { params: { id: only.submissionId }, body: only.payload }, this.callOptions()));
        return 1;
      } catch (error) {
        this.refuse(only, error);
        return 0;
      }
    }
    let answer: SubmissionBatchResult;
    try {
      answer = await api.call('submitBatch', { body: { submissions: batch.map((b) => b.payload) } }, this.callOptions());
      if (answer.results.length !== batch.length || answer.results.some((r, i) => r.id !== batch[i]?.submissionId)) throw new NetworkError('protocol', 'The service answered a batch with other submissions than were sent');
    } catch (error) {
      // A refusal of the whole batch (e.g. one item this service version cannot read): deliver
      // one by one, so only the submission at fault is set aside.
      if (error instanceof ServiceError && !error.retryable && !stationWide.has(error.code)) return this.deliverSingly(batch);
      for (const b of batch) markAttempt(this.options.db, b.submissionId, syncErrorText(error));
      throw error;
    }
    let acknowledged = 0;
    let retryLater: unknown = null;
    this.options.db.transaction(() => {
      for (const [i, result] of answer.results.entries()) {
        const submission = batch[i] as PendingSubmission;
        if (result.ok) {
          this.acknowledge(submission, result.receipt);
          acknowledged++;
        } else {
          try {
            this.refuse(submission, itemError(result));
          } catch (error) {
            retryLater ??= error;
          }
        }
      }
    })();
    if (retryLater) throw retryLater;
    return acknowledged;
  }

  private async deliverSingly(batch: PendingSubmission[]): Promise<number> {
    let acknowledged = 0;
    for (const submission of batch) acknowledged += await this.deliver([submission]);
    return acknowledged;
  }

  private acknowledge(submission: PendingSubmission, receipt: SubmissionReceipt): void {
    markAcknowledged(this.options.db, submission.submissionId, receipt, this.now());
  }

  /**
   * A submission the service did not take: set aside for staff when it will never be taken,
   * otherwise counted as an attempt and the error thrown, which ends the round.
   */
  private refuse(submission: PendingSubmission, error: unknown): void {
    const { db, log } = this.options;
    // blob_missing: the service lost evidence it had confirmed (e.g. restored from a backup);
    // the next round announces the blobs again and re-sends what it lacks.
    if (error instanceof ServiceError && !error.retryable && !stationWide.has(error.code) && error.code !== 'blob_missing') {
      log.error('service refused a submission', { submission: submission.submissionId, code: error.code, status: error.status });
      markFailed(db, submission.submissionId, syncErrorText(error));
      return;
    }
    markAttempt(db, submission.submissionId, syncErrorText(error));
    throw error;
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
    const events = await api.call('fieldEvents', {}, options);
    db.transaction(() => {
      setState(db, 'catalog', JSON.stringify(catalog));
      setState(db, 'field-events', JSON.stringify(events.events));
    })();
    await this.options.pullForFieldEvents?.(api, events.events, options);
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

/** A batch's JSON stays well below the service's 1 MiB limit for it. */
const batchPayloadBytes = 768 * 1024;

function itemError(result: Extract<SubmissionBatchItem, { ok: false }>): ServiceError {
  return new ServiceError(result.status, result.error.code, result.error.message);
}

/** At most `limit` tasks at once; the others wait in order. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= Math.max(1, this.limit)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

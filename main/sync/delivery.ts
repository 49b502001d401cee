import type { Database } from 'better-sqlite3-multiple-ciphers';
import { maxSubmissionBatch, type SubmissionBatchItem, type SubmissionBatchResult, type SubmissionReceipt } from '../contract/service-api';
import type { Logger } from '../runtime/logger';
import { linkWindow, uploadBlob, type UploadCounters } from './blob-upload';
import { markAcknowledged, markAttempt, markFailed, pendingSubmissions, type PendingSubmission } from './outbox';
import type { CallOptions, ServiceApi } from './service-api-client';
import { NetworkError, ServiceError } from './service-client';
import { syncErrorText } from './status-text';
import type { UploadWindow } from './upload-window';

export interface DeliveryOptions {
  db: Database;
  api: ServiceApi;
  log: Logger;
  counters: UploadCounters;
  /** Submissions after the first pending one whose evidence may upload meanwhile. */
  uploadAhead: number;
  /** Evidence requests in flight at most (within the window the link allows). */
  parallelUploads: number;
  batchSize: number;
  /** How long a batch waits for more evidence to finish before it goes (its members waiting meanwhile). */
  batchWaitMs: number;
  now: () => Date;
  callOptions: () => CallOptions;
  stopping: () => boolean;
  /** Something was delivered or uploaded (a round that breaks later still made progress). */
  progressed: () => void;
  /** Every few deliveries, for the status. */
  delivered: () => void;
}

// Error codes after which the whole station stops and waits (no request will pass), as opposed
// to a refusal of one submission, which is set aside so the queue behind it moves on.
export const stationWide = new Set(['unsigned', 'bad_signature', 'bad_content_digest', 'unknown_station', 'station_revoked', 'stale', 'replayed', 'bad_nonce', 'station_role_unknown', 'mode_forbidden']);

/** A batch's JSON stays well below the service's 1 MiB limit for it. */
const batchPayloadBytes = 768 * 1024;

type Upload = { state: 'running' | 'done' | 'failed'; error?: unknown; promise: Promise<void> };

/**
 * One round's delivery of the outbox. The evidence of the first pending submissions uploads
 * within the link's window while submissions whose evidence is on the service go out in
 * batches. Order is kept where it matters: a member's submissions reach the service in the order
 * they were made (a declaration before the evidence it opens up, evidence before the payout
 * application), while another member's small submission does not wait behind a large upload.
 */
export class Delivery {
  private readonly uploads = new Map<string, Upload>();
  /** One upload per blob, shared by the submissions in the window that use the same image. */
  private readonly blobUploads = new Map<string, Promise<void>>();
  private readonly window: UploadWindow;

  constructor(private readonly options: DeliveryOptions) {
    this.window = linkWindow(options.api, options.counters, options.parallelUploads);
  }

  async run(): Promise<number> {
    const { db, stopping } = this.options;
    const parsed = new Map<string, PendingSubmission>();
    let delivered = 0;
    let gatheringSince: number | null = null;
    try {
      for (let pending = pendingSubmissions(db, 1 + this.options.uploadAhead, parsed); pending.length > 0 && !stopping(); pending = pendingSubmissions(db, 1 + this.options.uploadAhead, parsed)) {
        for (const upcoming of pending) if (!this.uploads.has(upcoming.submissionId)) this.startUpload(upcoming);
        const { ready, refused } = this.turn(pending);
        if (refused) {
          // Evidence the service will not take: that submission is set aside (or the round ends).
          this.refuse(refused, this.uploads.get(refused.submissionId)?.error);
          this.forget(refused, parsed);
          continue;
        }
        const running = pending.map((p) => this.uploads.get(p.submissionId)!).filter((u) => u.state === 'running');
        const batch = this.batchOf(ready);
        if (batch.length === 0 && running.length === 0) throw new Error('delivery found nothing to send and nothing under way');
        // Wait a little for more evidence, so that the service's work per request is shared; not
        // longer than batchWaitMs, so no submission waits long behind another's large upload.
        const gather = Math.max(1, Math.floor(this.options.uploadAhead / 2));
        gatheringSince ??= performance.now();
        const waitLeft = this.options.batchWaitMs - (performance.now() - gatheringSince);
        if (running.length > 0 && (batch.length === 0 || (batch.length < gather && waitLeft > 0))) {
          await Promise.race([...running.map((u) => u.promise.catch(() => undefined)), ...(batch.length > 0 ? [sleep(waitLeft)] : [])]);
          continue;
        }
        gatheringSince = null;
        delivered += await this.deliver(batch);
        for (const sent of batch) this.forget(sent, parsed);
        this.options.delivered();
      }
    } finally {
      await Promise.allSettled([...this.uploads.values()].map((u) => u.promise));
    }
    return delivered;
  }

  /**
   * The submissions that may go now: evidence uploaded, and no earlier pending submission of the
   * same member still waiting. A failed upload at its turn is returned for the caller to handle.
   */
  private turn(pending: PendingSubmission[]): { ready: PendingSubmission[]; refused: PendingSubmission | null } {
    const waiting = new Set<string>();
    const ready: PendingSubmission[] = [];
    for (const submission of pending) {
      const member = submission.payload.member.kvnr;
      const upload = this.uploads.get(submission.submissionId)!;
      if (!waiting.has(member) && upload.state === 'failed') return { ready, refused: submission };
      if (!waiting.has(member) && upload.state === 'done') ready.push(submission);
      else waiting.add(member);
    }
    return { ready, refused: null };
  }

  private batchOf(ready: PendingSubmission[]): PendingSubmission[] {
    const batchSize = Math.max(1, Math.min(this.options.batchSize, maxSubmissionBatch));
    const batch: PendingSubmission[] = [];
    let bytes = 0;
    for (const next of ready) {
      const size = JSON.stringify(next.payload).length;
      if (batch.length > 0 && (batch.length >= batchSize || bytes + size > batchPayloadBytes)) break;
      batch.push(next);
      bytes += size;
    }
    return batch;
  }

  private startUpload(submission: PendingSubmission): void {
    const entry: Upload = { state: 'running', promise: Promise.resolve() };
    entry.promise = this.uploadBlobs(submission).then(
      () => void (entry.state = 'done'),
      (error: unknown) => {
        entry.state = 'failed';
        entry.error = error;
      },
    );
    this.uploads.set(submission.submissionId, entry);
  }

  private async uploadBlobs(submission: PendingSubmission): Promise<void> {
    // Every blob is announced: the service says what it holds, also after it lost evidence.
    for (const blob of submission.blobs) {
      let upload = this.blobUploads.get(blob.sha256);
      if (!upload) {
        upload = uploadBlob(this.options.db, this.options.api, blob, this.options.counters, this.options.callOptions(), this.window).then(() => this.options.progressed());
        upload.catch(() => undefined);
        this.blobUploads.set(blob.sha256, upload);
      }
      await upload;
    }
  }

  private forget(submission: PendingSubmission, parsed: Map<string, PendingSubmission>): void {
    this.uploads.delete(submission.submissionId);
    parsed.delete(submission.submissionId);
  }

  /** Sends submissions whose evidence is on the service: one PUT, or a batch; returns how many were acknowledged. */
  private async deliver(batch: PendingSubmission[]): Promise<number> {
    const { api } = this.options;
    const [only] = batch;
    if (batch.length === 1 && only) {
      try {
        this.acknowledge(only, await api.call('putSubmission', { params: { id: only.submissionId }, body: only.payload }, this.options.callOptions()));
        return 1;
      } catch (error) {
        this.refuse(only, error);
        return 0;
      }
    }
    let answer: SubmissionBatchResult;
    try {
      answer = await api.call('submitBatch', { body: { submissions: batch.map((b) => b.payload) } }, this.options.callOptions());
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
    markAcknowledged(this.options.db, submission.submissionId, receipt, this.options.now());
    this.options.progressed();
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
}

function itemError(result: Extract<SubmissionBatchItem, { ok: false }>): ServiceError {
  return new ServiceError(result.status, result.error.code, result.error.message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

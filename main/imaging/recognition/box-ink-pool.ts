import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../worker/envelope';
import { PendingReplies } from '../worker/pending-replies';
import { giveImagingThreadsHeapRoom } from '../worker/thread-heap';
import { defaultWorkerEntry } from '../worker/worker-entry';
import { measureBoxInk, type BoxInk, type BoxJob } from './box-ink';
import { straightened } from './box-window';

export type { BoxJob } from './box-ink';

/**
 * A page's stamp boxes are the largest part of its recognition and do not depend on each
 * other. A second thread (an imaging worker of its own, started on first use and kept for
 * later pages) measures every other box while this thread measures the rest: on two cores
 * a page takes about half the boxes' time. The measure is the same function in both
 * threads, so the results are the same as measuring all boxes here.
 *
 * The helper never holds the process open and never delays a page: until it is up, and
 * after it has failed, every box is measured here.
 */
class BoxHelper {
  private worker: Worker | undefined;
  ready = false;
  failed = false;
  /** Boxes the helper has measured (for the tests: that the split really happened). */
  measured = 0;
  private readonly pending = new PendingReplies();

  /** Whether a job sent now would be measured in parallel; starts the thread on first ask. */
  available(): boolean {
    if (this.failed) return false;
    if (!this.worker) this.start();
    return this.ready;
  }

  measure(job: BoxJob): Promise<BoxInk> {
    // The rows of a window to straighten there are this job's own copy: handed over, not copied again.
    const reply = this.call<BoxJob, BoxInk>('measureBoxInk', job, 'rows' in job.window ? [job.window.rows.buffer as ArrayBuffer] : []);
    return reply.then((ink) => {
      this.measured++;
      return ink;
    });
  }

  /** A request of the imaging protocol (worker/protocol.ts) for the helper's part of a page. */
  call<P, R>(method: 'measureBoxInk' | 'straightenRows', params: P, transfer: ArrayBuffer[]): Promise<R> {
    const worker = this.worker!;
    const { id, reply } = this.pending.open<R>();
    const request: WorkerRequest<typeof method, P> = { id, method, params };
    // Held open only while it owes an answer.
    worker.ref();
    worker.postMessage(request, transfer);
    return reply;
  }

  private start(): void {
    giveImagingThreadsHeapRoom();
    const { entry, execArgv } = defaultWorkerEntry();
    let worker: Worker;
    try {
      worker = new Worker(entry, { execArgv, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    } catch {
      this.failed = true;
      return;
    }
    worker.unref();
    worker.on('online', () => (this.ready = true));
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(`The box helper thread failed: ${error.message}`));
    worker.on('exit', (code) => this.fail(`The box helper thread stopped (exit code ${code}).`));
    this.worker = worker;
  }

  private settle(response: WorkerResponse): void {
    if (!this.pending.settle(response, (error) => new Error(error.message))) return;
    if (this.pending.size === 0) this.worker?.unref();
  }

  /** Ends the thread (tests: a helper that dies under a page). */
  async stop(): Promise<void> {
    await this.worker?.terminate();
  }

  private fail(message: string): void {
    this.failed = true;
    this.ready = false;
    this.worker = undefined;
    this.pending.rejectAll(() => new Error(message));
  }
}

let helper: BoxHelper | undefined;

/**
 * Every box's ink, in order (`jobAt(i, away)` makes box i's job; `away`: for the helper, which
 * then straightens the window itself). With `parallel`, every other box goes to the helper
 * thread when it is up, sent before this thread starts on its own; a box the helper fails on
 * is measured here.
 */
export async function measureBoxes(count: number, jobAt: (i: number, away: boolean) => BoxJob, parallel: boolean): Promise<BoxInk[]> {
  if (parallel) helper ??= new BoxHelper();
  const split = parallel && helper!.available();
  const away = new Map<number, Promise<BoxInk>>();
  if (split) {
    for (let i = 1; i < count; i += 2) away.set(i, helper!.measure(jobAt(i, true)).catch(() => measureHere(jobAt(i, false))));
  }
  const inks: (BoxInk | Promise<BoxInk>)[] = [];
  for (let i = 0; i < count; i++) inks.push(away.get(i) ?? measureHere(jobAt(i, false)));
  return Promise.all(inks);
}

/** One box measured in this thread, straightened first if it was not. */
export function measureHere(job: BoxJob): BoxInk {
  return measureBoxInk(straightened(job.window), job.pxPerMm, job.options);
}

/**
 * The helper, when it is up, to take part of a page's work (page-split.ts); undefined while it
 * starts or after it failed (the caller then does the work itself).
 */
export function readyHelper(): Pick<BoxHelper, 'call'> | undefined {
  helper ??= new BoxHelper();
  return helper.available() ? helper : undefined;
}

/** Where the helper thread is (for tests and diagnostics). */
export function boxHelperState(): { state: 'off' | 'starting' | 'ready' | 'failed'; measured: number } {
  if (!helper) return { state: 'off', measured: 0 };
  return { state: helper.failed ? 'failed' : helper.ready ? 'ready' : 'starting', measured: helper.measured };
}

/** Starts the helper thread if it is not running and waits (at most `ms`) until it takes boxes: benchmarks measure the steady state. */
export async function boxHelperReady(ms = 60_000): Promise<boolean> {
  helper ??= new BoxHelper();
  const end = Date.now() + ms;
  while (!helper.available()) {
    if (helper.failed || Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** Ends the helper thread; the next parallel call measures here (it does not start another). */
export async function stopBoxHelper(): Promise<void> {
  await helper?.stop();
}

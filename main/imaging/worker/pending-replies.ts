import type { WorkerResponse } from './envelope';

type Waiting = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The requests a worker thread still owes an answer, matched by id: the one bookkeeping of the
 * imaging worker's client and of the box helper thread. A reply nobody waits for (a request
 * already failed with its thread) is dropped.
 */
export class PendingReplies {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  get size(): number {
    return this.waiting.size;
  }

  /** A new request's id and the promise of its reply; post the request after this. */
  open<T>(): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    return { id, reply };
  }

  /** Settles the request a response answers; `errorOf` turns a failed response into the caller's error. Whether anyone waited for it. */
  settle(response: WorkerResponse, errorOf: (error: Extract<WorkerResponse, { ok: false }>['error']) => Error): boolean {
    const waiting = this.waiting.get(response.id);
    if (!waiting) return false;
    this.waiting.delete(response.id);
    if (response.ok) waiting.resolve(response.result);
    else waiting.reject(errorOf(response.error));
    return true;
  }

  /** Fails every request still waiting (the thread died or was stopped). */
  rejectAll(error: () => Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error());
    this.waiting.clear();
  }
}

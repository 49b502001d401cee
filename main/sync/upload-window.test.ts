import { describe, expect, it } from 'vitest';
import { UploadWindow } from './upload-window';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the upload window', () => {
  it('keeps the bytes in flight within the window and the order of those waiting', async () => {
    const window = new UploadWindow(() => ({ windowBytes: 100, maxTasks: 10 }));
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const task = (name: string, bytes: number) =>
      window.run(bytes, async () => {
        started.push(name);
        const gate = deferred();
        gates.set(name, gate);
        await gate.promise;
      });
    const all = [task('a', 60), task('b', 30), task('c', 50), task('d', 10)];
    await Promise.resolve();
    // c does not fit beside a and b; d waits behind c although it would fit.
    expect(started).toEqual(['a', 'b']);
    gates.get('a')!.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    for (const name of ['b', 'c', 'd']) gates.get(name)!.resolve();
    await Promise.all(all);
  });

  it('runs one task larger than the window on its own, and counts tasks', async () => {
    const window = new UploadWindow(() => ({ windowBytes: 10, maxTasks: 1 }));
    const order: string[] = [];
    await Promise.all([window.run(50, async () => order.push('big')), window.run(1, async () => order.push('small'))]);
    expect(order).toEqual(['big', 'small']);
  });
});

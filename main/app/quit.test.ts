import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopBeforeQuit } from './quit';

/**
 * Electron's `app` cannot run here (no binary): this stand-in emits `before-quit` the way
 * Electron does, with an event whose preventDefault holds the quit back, and records `exit`.
 */
function fakeApp() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  let prevented = 0;
  return {
    app: { on: (event: 'before-quit', listener: (event: { preventDefault(): void }) => void) => emitter.on(event, listener), exit: (code = 0) => void exits.push(code) },
    quit: () => emitter.emit('before-quit', { preventDefault: () => void (prevented += 1) }),
    exits,
    prevented: () => prevented,
  };
}

describe('quitting the Electron app', () => {
  it('holds the quit back until the station has stopped, then exits', async () => {
    const { app, quit, exits, prevented } = fakeApp();
    let finish!: () => void;
    const stopped = new Promise<void>((resolve) => (finish = resolve));
    const steps: string[] = [];
    stopBeforeQuit(app, async () => {
      steps.push('stopping');
      await stopped;
      steps.push('stopped');
    });
    quit();
    expect(prevented()).toBe(1);
    expect(steps).toEqual(['stopping']);
    expect(exits).toEqual([]);
    // A second quit (the window closed meanwhile) is held back too and does not stop twice.
    quit();
    expect(prevented()).toBe(2);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['stopping', 'stopped']);
    expect(exits).toEqual([0]);
  });

  it('exits after a failed stop, saying so', async () => {
    const { app, quit, exits } = fakeApp();
    const errors: unknown[] = [];
    stopBeforeQuit(app, () => Promise.reject(new Error('database busy')), { onError: (error) => errors.push(error) });
    quit();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([0]);
    expect(errors).toMatchObject([{ message: 'database busy' }]);
  });

  it('exits when the station does not stop in time', async () => {
    const { app, quit, exits } = fakeApp();
    const errors: unknown[] = [];
    stopBeforeQuit(app, () => new Promise(() => undefined), { timeoutMs: 20, onError: (error) => errors.push(error) });
    quit();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(exits).toEqual([0]);
    expect(errors).toMatchObject([{ message: 'The station did not stop in time' }]);
  });
});

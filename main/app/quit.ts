/** The part of Electron's `app` that quitting needs (typed here so that it can be tested without Electron). */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(code?: number): void;
}

/**
 * Electron does not wait for promises in `before-quit`: a station stopped with `void stop()`
 * would be cut off mid-way (a sync upload, the database's last write, the worker thread). So the
 * first quit is held back, the station stops (awaited, in reverse start order), and then the app
 * exits (`app.exit` emits no further `before-quit`). A station that does not stop within
 * `timeoutMs` is left behind: an app that cannot be closed is worse.
 */
export function stopBeforeQuit(app: QuittingApp, stop: () => Promise<void>, options: { timeoutMs?: number; onError?: (error: unknown) => void } = {}): void {
  let stopping = false;
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.onError?.(new Error('The station did not stop in time'));
        resolve();
      }, options.timeoutMs ?? 5_000);
    });
    const stopped = stop().catch((error: unknown) => options.onError?.(error));
    void Promise.race([stopped, late]).finally(() => {
      clearTimeout(timer);
      app.exit(0);
    });
  });
}

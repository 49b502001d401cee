import { ipcMain, type BrowserWindow } from 'electron';
import { ipcChannel, methodNames } from '../contract';
import type { Dispatch } from '../runtime/dispatcher';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import { isTrustedSenderUrl } from './security';

/**
 * The Electron transport: one ipcMain handler per contract method. A call is answered only for
 * the app's own frame; the payload is then validated by the dispatcher like on every transport.
 */
export function registerIpc(dispatch: Dispatch, log: Logger): () => void {
  for (const name of methodNames) {
    ipcMain.handle(ipcChannel.method(name), (event, input: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        log.warn('refused IPC call from untrusted frame', { method: name });
        return { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } };
      }
      return dispatch(name, input, { transport: 'electron' });
    });
  }
  return () => methodNames.forEach((name) => ipcMain.removeHandler(ipcChannel.method(name)));
}

/**
 * Forwards the contract's events to the window's renderer. The subscription starts when a page
 * has loaded (and starts again on a reload), so the hub's replay of current states reaches it.
 */
export function forwardEvents(events: EventHub, window: BrowserWindow): void {
  let unsubscribe: (() => void) | undefined;
  window.webContents.on('did-finish-load', () => {
    unsubscribe?.();
    unsubscribe = events.subscribe((name, payload) => {
      if (!window.isDestroyed()) window.webContents.send(ipcChannel.event(name), payload);
    });
  });
  window.on('closed', () => unsubscribe?.());
}

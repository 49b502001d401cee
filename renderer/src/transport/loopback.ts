import type { EventName, Reply, StationClient } from '../../../main/contract';
import { sessionReplacedCloseCode, wireProtocol } from '../../../main/contract/loopback-wire';
import { buildClient, isKnownEvent } from './client';

export class ConnectionLostError extends Error {
  constructor() {
    super('The connection to the station was lost');
    this.name = 'ConnectionLostError';
  }
}

/**
 * The loopback transport: the same contract over a WebSocket to the station process on
 * 127.0.0.1, authenticated by the UI session's HttpOnly cookie, which the browser sends itself
 * (this script never sees it). Reconnects with a short backoff; calls made while disconnected
 * wait for the connection. When a newer UI session took over, it stops for good.
 */
export function loopbackClient(options: { url: string; onConnectionChange?: (connected: boolean) => void; onReplaced?: () => void }): StationClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, { resolve: (reply: Reply<unknown>) => void; reject: (error: Error) => void }>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let retryMs = 250;

  function connect(): void {
    const ws = new WebSocket(options.url, [wireProtocol]);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      options.onConnectionChange?.(true);
      for (const message of outbox.splice(0)) ws.send(message);
    };
    ws.onmessage = (event) => {
      let message: { type?: string; id?: number; name?: string; payload?: unknown; ok?: boolean };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === 'reply' && typeof message.id === 'number') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        waiter?.resolve(message as unknown as Reply<unknown>);
      } else if (message.type === 'event' && isKnownEvent(message.name)) {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    };
    ws.onclose = (event) => {
      options.onConnectionChange?.(false);
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(new ConnectionLostError());
      }
      if (event.code === sessionReplacedCloseCode) {
        options.onReplaced?.();
        return;
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  return buildClient(
    (method, input) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const message = JSON.stringify({ type: 'call', id, method, input });
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
        else outbox.push(message);
      }),
    (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  );
}

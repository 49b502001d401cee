import type { EventName, MethodName, Reply } from '../../../main/contract';

/**
 * What the Electron preload exposes on `window.bonusStation`: one named function per contract
 * method (answering with a Reply, since errors lose their fields across contextBridge) and one
 * subscribe function per event. There is no generic invoke.
 */
export interface PreloadApi {
  methods: Record<MethodName, (input: unknown) => Promise<Reply<unknown>>>;
  events: Record<EventName, (listener: (payload: unknown) => void) => () => void>;
}

declare global {
  interface Window {
    bonusStation?: PreloadApi;
  }
}

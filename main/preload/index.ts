import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, ipcChannel, methodNames } from '../contract';

/**
 * The renderer's whole view of main: one named function per contract method, one subscribe
 * function per event, derived from the contract. No generic invoke, no ipcRenderer, no Node.
 */
const methods = Object.fromEntries(methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannel.method(name), input)]));

const events = Object.fromEntries(
  eventNames.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const channel = ipcChannel.event(name);
      const handler = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => ipcRenderer.removeListener(channel, handler);
    },
  ]),
);

contextBridge.exposeInMainWorld('bonusStation', Object.freeze({ methods: Object.freeze(methods), events: Object.freeze(events) }));

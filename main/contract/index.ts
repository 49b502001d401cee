import type { z } from 'zod';
import { cardEvents, cardMethods } from './card';
import { clerkBatchEvents, clerkBatchMethods } from './clerk';
import { clerkBookletMethods } from './clerk-booklets';
import { clerkIdentityLockMethods } from './clerk-identity-lock';
import type { MethodSpec } from './define';
import { scannerEvents, scannerMethods } from './scanner';
import { fieldEvents, fieldMethods } from './field';
import { kioskEvents, kioskMethods } from './kiosk';
import { kioskBookletMethods } from './kiosk-booklet';
import { kioskPayoutMethods } from './kiosk-payout';
import { kioskScanMethods } from './kiosk-scan';
import { printingMethods } from './printing';
import { staffEvents, staffMethods } from './staff';
import { stationMethods } from './station';
import { statusEvents, statusMethods } from './status';
import { syncMethods } from './sync';

export * from './card';
export * from './clerk';
export * from './clerk-booklets';
export * from './clerk-identity-lock';
export * from './define';
export * from './scanner';
export * from './field';
export * from './kiosk';
export * from './kiosk-booklet';
export * from './kiosk-identity';
export * from './kiosk-payout';
export * from './kiosk-scan';
export * from './printing';
export * from './staff';
export * from './station';
export * from './status';
export * from './sync';

/**
 * The one contract between renderer and main. Every method and event name exists here and
 * nowhere else: IPC channels, the preload, the loopback host and the renderer's client are
 * all derived from these two maps. Areas add their own `*Methods` / `*Events` objects.
 */
export const methods = {
  ...stationMethods,
  ...statusMethods,
  ...cardMethods,
  ...scannerMethods,
  ...staffMethods,
  ...kioskMethods,
  ...kioskPayoutMethods,
  ...kioskScanMethods,
  ...kioskBookletMethods,
  ...printingMethods,
  ...fieldMethods,
  ...clerkBatchMethods,
  ...clerkBookletMethods,
  ...clerkIdentityLockMethods,
  ...syncMethods,
} satisfies Record<string, MethodSpec>;

export const events = {
  ...statusEvents,
  ...cardEvents,
  ...scannerEvents,
  ...staffEvents,
  ...kioskEvents,
  ...fieldEvents,
  ...clerkBatchEvents,
} satisfies Record<string, z.ZodType>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Methods[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Electron IPC channel names, derived from the contract's names. */
export const ipcChannel = {
  method: (name: MethodName) => `bonus-station:method:${name}`,
  event: (name: EventName) => `bonus-station:event:${name}`,
} as const;

/** What the renderer sees, whichever transport carries it. */
export type StationClient = {
  readonly call: { [K in MethodName]: (input: MethodInput<K>) => Promise<MethodOutput<K>> };
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
};

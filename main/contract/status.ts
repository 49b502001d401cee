import { z } from 'zod';
import { method } from './define';

/**
 * Device and sync states as the status bar shows them. Each state is a code the renderer
 * translates; `detail` is an optional technical hint for staff (never personal data).
 */
export const CardReaderStatus = z.object({
  state: z.enum(['unavailable', 'no-service', 'no-reader', 'reader-removed', 'ready', 'card-present', 'reading', 'error']),
  readers: z.array(z.string().max(4096)),
  detail: z.string().max(4096).optional(),
});
export type CardReaderStatus = z.infer<typeof CardReaderStatus>;

export const ScannerStatus = z.object({
  state: z.enum(['unavailable', 'none', 'ready', 'scanning', 'error']),
  devices: z.array(z.string().max(4096)),
  detail: z.string().max(4096).optional(),
});
export type ScannerStatus = z.infer<typeof ScannerStatus>;

export const SyncStatus = z.object({
  state: z.enum(['disabled', 'idle', 'syncing', 'offline', 'error']),
  queueLength: z.number().int().nonnegative(),
  bytesPending: z.number().int().nonnegative(),
  lastSuccessAt: z.string().max(4096).nullable(),
  lastError: z.string().max(4096).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const StationStatus = z.object({
  card: CardReaderStatus,
  scanner: ScannerStatus,
  sync: SyncStatus,
});
export type StationStatus = z.infer<typeof StationStatus>;

export const statusEvents = {
  cardStatus: CardReaderStatus,
  scannerStatus: ScannerStatus,
  syncStatus: SyncStatus,
};

export const statusMethods = {
  getStatus: method(z.object({}).strict(), StationStatus),
};

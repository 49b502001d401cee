import { z } from 'zod';
import { method } from './define';

/**
 * Document scanners: the devices the station can scan with, batches with per-page progress,
 * and the USB inventory for the health page. Paths of scanned files stay in main; the renderer
 * sees page numbers and counts, and gets page images through the imaging methods.
 */

export const ScanSourceKind = z.enum(['flatbed', 'adf', 'adf-duplex', 'other']);
export type ScanSourceKind = z.infer<typeof ScanSourceKind>;

export const ScannerDeviceInfo = z.object({
  /** "sane:<SANE device name>" or "hot-folder:default". */
  id: z.string().max(4096),
  adapter: z.enum(['sane', 'hot-folder']),
  vendor: z.string().max(4096),
  model: z.string().max(4096),
  type: z.string().max(4096),
  sources: z.array(z.object({ name: z.string().max(4096), kind: ScanSourceKind })),
  duplex: z.boolean(),
  resolutions: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('list'), values: z.array(z.number()) }),
      z.object({ kind: z.literal('range'), min: z.number(), max: z.number() }),
    ])
    .nullable(),
  modes: z.array(z.string().max(4096)),
});
export type ScannerDeviceInfo = z.infer<typeof ScannerDeviceInfo>;

/** Why a scan failed; each has its own text in the UI. */
export const ScanFailure = z.enum(['not-installed', 'no-device', 'busy', 'jammed', 'feeder-empty', 'cover-open', 'access-denied', 'io-error', 'invalid-request', 'crashed', 'unavailable', 'unsafe-folder']);
export type ScanFailure = z.infer<typeof ScanFailure>;

export const StartScanBatch = z
  .object({
    deviceId: z.string().min(1).max(300),
    source: z.enum(['flatbed', 'adf']).optional(),
    duplex: z.boolean().optional(),
    resolution: z.number().int().min(50).max(1200).optional(),
    mode: z.string().min(1).max(40).optional(),
    maxPages: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export type StartScanBatch = z.infer<typeof StartScanBatch>;

const batchId = z.string().min(1).max(64);

export const ScanProgress = z.discriminatedUnion('type', [
  z.object({ batchId, type: z.literal('batch-started'), deviceId: z.string().max(4096) }),
  z.object({ batchId, type: z.literal('page-started'), page: z.number().int().positive() }),
  z.object({ batchId, type: z.literal('page-progress'), page: z.number().int().positive(), percent: z.number().min(0).max(100) }),
  z.object({ batchId, type: z.literal('page-scanned'), page: z.number().int().positive(), sizeBytes: z.number().int().nonnegative(), format: z.enum(['pnm', 'png', 'tiff', 'jpeg']) }),
  /** Hot folder: a file that is not an image was set aside; `file` is its name as the scanner software saved it. */
  z.object({ batchId, type: z.literal('page-rejected'), file: z.string().max(255), reason: z.string().max(4096) }),
  z.object({
    batchId,
    type: z.literal('batch-ended'),
    end: z.enum(['completed', 'feeder-empty', 'cancelled', 'failed']),
    pages: z.number().int().nonnegative(),
    failure: ScanFailure.optional(),
    /** Technical hint for staff, in English. */
    detail: z.string().max(4096).optional(),
  }),
]);
export type ScanProgress = z.infer<typeof ScanProgress>;

export const UsbInventoryDevice = z.object({
  kind: z.enum(['card-reader', 'scanner']),
  basis: z.enum(['ccid-class', 'still-image-class', 'known-scanner-vendor', 'multifunction-guess']),
  usbId: z.string().max(4096),
  manufacturer: z.string().max(4096).nullable(),
  product: z.string().max(4096).nullable(),
  location: z.string().max(4096).nullable(),
});
export type UsbInventoryDevice = z.infer<typeof UsbInventoryDevice>;

export const DeviceInventoryView = z.object({
  available: z.boolean(),
  /** Why there is no list, when `available` is false. */
  reason: z.string().max(4096).optional(),
  devices: z.array(UsbInventoryDevice),
});
export type DeviceInventoryView = z.infer<typeof DeviceInventoryView>;

export const scannerEvents = {
  scanProgress: ScanProgress,
};

export const scannerMethods = {
  /** `refresh` asks the adapters again (SANE's listing can take seconds); otherwise the last list. */
  listScanners: method(z.object({ refresh: z.boolean().optional() }).strict(), z.object({ devices: z.array(ScannerDeviceInfo) })),
  startScanBatch: method(StartScanBatch, z.object({ batchId })),
  cancelScanBatch: method(z.object({ batchId }).strict(), z.object({ cancelled: z.boolean() })),
  getDeviceInventory: method(z.object({}).strict(), DeviceInventoryView),
};

import { z } from 'zod';
import { method } from './define';

export const stationModes = ['kiosk', 'clerk', 'field'] as const;
export const StationMode = z.enum(stationModes);
export type StationMode = z.infer<typeof StationMode>;

export const languages = ['de', 'en'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

const Empty = z.object({}).strict();

/** What the renderer needs at start: which station this is and how it behaves. No secrets. */
export const StationInfo = z.object({
  stationId: z.string(),
  branch: z.string(),
  mode: StationMode,
  language: Language,
  appVersion: z.string(),
  transport: z.enum(['electron', 'loopback']),
  inactivityTimeoutSeconds: z.number().int().positive(),
  /** The kiosk's invitation to install the insurer's app: the address and its QR code row by row ("1" dark). */
  appInstall: z.object({ url: z.string(), qr: z.array(z.string().regex(/^[01]+$/)) }).nullable(),
});
export type StationInfo = z.infer<typeof StationInfo>;

/** The read-only configuration view for staff diagnostics. */
export const ConfigView = z.object({
  source: z.string(),
  values: z.object({
    mode: StationMode,
    stationId: z.string(),
    branch: z.string(),
    language: Language,
    serviceUrl: z.string().nullable(),
    servicePinned: z.boolean(),
    retentionDays: z.number().int(),
    inactivityTimeoutSeconds: z.number().int(),
  }),
});
export type ConfigView = z.infer<typeof ConfigView>;

export const Diagnostics = z.object({
  config: ConfigView,
  database: z.object({
    encrypted: z.boolean(),
    schemaVersion: z.number().int(),
    latestSchemaVersion: z.number().int(),
    journalMode: z.string(),
    sizeBytes: z.number().int().nonnegative(),
  }),
  /** The keyed audit chain (main/store/audit-log.ts): its length and the first broken entry, if any. */
  auditLog: z.object({ entries: z.number().int().nonnegative(), brokenAt: z.number().int().positive().nullable() }),
  versions: z.record(z.string(), z.string()),
  uptimeSeconds: z.number().nonnegative(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

export const stationMethods = {
  getStationInfo: method(Empty, StationInfo),
  getDiagnostics: method(Empty, Diagnostics),
};

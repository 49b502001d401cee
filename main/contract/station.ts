import { z } from 'zod';
import { method } from './define';

export const stationModes = ['kiosk', 'clerk', 'field'] as const;
export const StationMode = z.enum(stationModes);
export type StationMode = z.infer<typeof StationMode>;

export const languages = ['de', 'en'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

const Empty = z.object({}).strict();
const ymd = z.string().max(10).regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The station's business day in Berlin (YYYY-MM-DD): the day its date rules read. The screen
 * takes "today" from here, not from the browser's clock, so that its defaults and checks agree
 * with main's (and follow a test day, main/station/station-clock.ts).
 */
export const StationToday = z.object({ today: ymd });
export type StationToday = z.infer<typeof StationToday>;

/** What the renderer needs at start: which station this is and how it behaves. No secrets. */
export const StationInfo = z.object({
  stationId: z.string().max(4096),
  branch: z.string().max(4096),
  mode: StationMode,
  language: Language,
  appVersion: z.string().max(4096),
  transport: z.enum(['electron', 'loopback']),
  inactivityTimeoutSeconds: z.number().int().positive(),
  /** The kiosk's invitation to install the insurer's app: the address and its QR code row by row ("1" dark). */
  appInstall: z.object({ url: z.string().max(4096), qr: z.array(z.string().max(4096).regex(/^[01]+$/)) }).nullable(),
  /** The business day when the screen started (getToday keeps it current). */
  today: ymd,
});
export type StationInfo = z.infer<typeof StationInfo>;

/** The read-only configuration view for staff diagnostics. */
export const ConfigView = z.object({
  source: z.string().max(4096),
  values: z.object({
    mode: StationMode,
    stationId: z.string().max(4096),
    branch: z.string().max(4096),
    language: Language,
    serviceUrl: z.string().max(4096).nullable(),
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
    journalMode: z.string().max(4096),
    sizeBytes: z.number().int().nonnegative(),
  }),
  /** The keyed audit chain (main/store/audit-log.ts): its length and the first broken entry, if any. */
  auditLog: z.object({ entries: z.number().int().nonnegative(), brokenAt: z.number().int().positive().nullable() }),
  versions: z.record(z.string().max(4096), z.string().max(4096)),
  uptimeSeconds: z.number().nonnegative(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

export const stationMethods = {
  getStationInfo: method(Empty, StationInfo),
  getDiagnostics: method(Empty, Diagnostics),
  getToday: method(Empty, StationToday),
};

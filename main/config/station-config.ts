import { z } from 'zod';
import { Language, StationMode } from '../contract/station';

/**
 * The station's configuration file. The mode is chosen here, by whoever sets the station up,
 * never by the person in front of it. Every field has an embedded default so that a station
 * with no file at all starts as a kiosk with sync disabled.
 */
/** Hosts a plain http:// service URL may name: the traffic never leaves this machine. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const StationConfigSchema = z
  .object({
    mode: StationMode.default('kiosk'),
    stationId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64 characters')
      .default('station-local'),
    branch: z.string().min(1).max(120).default('Geschäftsstelle'),
    language: Language.default('de'),
    /** Where the station keeps its database and key file; relative paths are taken from the config file's folder. */
    dataDir: z.string().min(1).max(4096).optional(),
    /**
     * Where the key files (station.key, audit.key) are, when not beside the database: in production
     * a folder owned by root and readable by the station's group only (docs/kiosk-setup.md).
     */
    keyDir: z.string().min(1).max(4096).optional(),
    service: z
      .object({
        /** https:// for any host; plain http:// only to this machine (a test or a local proxy). */
        url: z
          .url({ protocol: /^https?$/ })
          .refine((url) => new URL(url).protocol === 'https:' || loopbackHosts.has(new URL(url).hostname), 'https:// required (plain http:// only to 127.0.0.1, ::1 or localhost)')
          .nullable()
          .default(null),
        /** SHA-256 of the service's certificate (hex, colons allowed): pinned in production. */
        pinnedCertSha256: z
          .string()
          .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, '64 hex digits')
          .nullable()
          .default(null),
      })
      .strict()
      .default({ url: null, pinnedCertSha256: null }),
    retention: z
      .object({
        /** Days an acknowledged submission's evidence stays on the station before it is purged. */
        acknowledgedDays: z.number().int().min(0).max(365).default(7),
      })
      .strict()
      .default({ acknowledgedDays: 7 }),
    kiosk: z
      .object({
        inactivityTimeoutSeconds: z.number().int().min(15).max(3600).default(90),
        /** What the member confirms after inserting the card: the postal code on record or the birth date. */
        secondFactor: z.enum(['postalCode', 'birthDate']).default('postalCode'),
        /** Wrong answers before that card is locked at the kiosk, and for how long. */
        maxIdentityAttempts: z.number().int().min(1).max(10).default(3),
        identityLockMinutes: z.number().int().min(1).max(24 * 60).default(15),
        /**
         * The strongest second factor: `required` has the member approve the kiosk session in the
         * insurer's app (the kiosk shows a short-lived code and QR code) instead of typing the
         * answer; `off` asks the postal code or birth date, checked by the insurer.
         */
        appApproval: z.enum(['off', 'required']).default('off'),
        /**
         * When the insurer cannot check the second factor (no service, or not reachable): `reduced`
         * checks it against the card and shows a reduced booklet (no bank details, no family list,
         * no payout); `refuse` opens nothing.
         */
        offlineIdentity: z.enum(['reduced', 'refuse']).default('reduced'),
        /** Where members get the insurer's app; the idle screen shows it as a QR code. Null: no QR code. */
        appInstallUrl: z.url({ protocol: /^https$/ }).nullable().default(null),
        /**
         * Further catalogs (rule-set JSON as in main/domain/catalog/rule-set-schema.ts) the kiosk
         * evaluates with besides the built-in ones; relative paths are taken from the config file's folder.
         */
        ruleSetFiles: z.array(z.string().min(1).max(4096)).max(20).default([]),
        /**
         * The receipt printer, a CUPS queue: the receipt on an 80 mm roll or an A4 sheet;
         * `cupsServer` ("host:port") when it is not the machine's default. Null: no printer.
         */
        receiptPrinter: z
          .object({
            queue: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,126}$/, 'a CUPS queue name: letters, digits, "_", "." or "-"'),
            paper: z.enum(['80mm', 'a4']).default('80mm'),
            cupsServer: z
              .string()
              .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\/[^\0]{1,200}$/, 'host, host:port or a socket path')
              .nullable()
              .default(null),
          })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .default({ inactivityTimeoutSeconds: 90, secondFactor: 'postalCode', maxIdentityAttempts: 3, identityLockMinutes: 15, appApproval: 'off', offlineIdentity: 'reduced', appInstallUrl: null, ruleSetFiles: [], receiptPrinter: null }),
    card: z
      .object({
        /**
         * Insurer IKs (Kostentraegerkennung, 9 digits) whose members this station serves. Cards of
         * other insurers get a clear "not our insurer" state. The default is a placeholder to be
         * replaced per installation with the insurer's own IKs.
         */
        insurerIks: z
          .array(z.string().regex(/^\d{9}$/, '9 digits'))
          .min(1)
          .default(['109999990']),
        /** Only this reader (exact PC/SC name); null: every reader. */
        reader: z.string().min(1).nullable().default(null),
      })
      .strict()
      .default({ insurerIks: ['109999990'], reader: null }),
    scanner: z
      .object({
        /** Scan through SANE (`scanimage`, Linux only). Off: only the hot folder, if any. */
        sane: z.boolean().default(true),
        /** Folder the scanner's own software saves pages into; relative paths are taken from the config file's folder. Null: none. */
        hotFolder: z.string().min(1).nullable().default(null),
        /** Per SANE device name, further scanimage options, e.g. { "pnm:0": { "filename": "/srv/page.pnm" } } for SANE's pnm backend. */
        saneDeviceOptions: z
          .record(z.string().min(1).max(255), z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'an option name'), z.string().max(4096)))
          .default({}),
      })
      .strict()
      .default({ sane: true, hotFolder: null, saneDeviceOptions: {} }),
    staff: z
      .object({
        /** Clerk and field stations sign staff out after this much inactivity. */
        inactivityTimeoutSeconds: z.number().int().min(60).max(8 * 3600).default(300),
        /** Wrong passwords in a row before an account is locked, and for how long. */
        maxFailedAttempts: z.number().int().min(3).max(20).default(5),
        lockMinutes: z.number().int().min(1).max(24 * 60).default(15),
      })
      .strict()
      .default({ inactivityTimeoutSeconds: 300, maxFailedAttempts: 5, lockMinutes: 15 }),
    loopback: z
      .object({
        host: z.literal('127.0.0.1').default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 0 }),
  })
  .strict();

export type StationConfig = z.output<typeof StationConfigSchema>;
export type StationConfigInput = z.input<typeof StationConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: { field: string; problem: string }[],
  ) {
    super(`Invalid station configuration in ${source}:\n${problems.map((p) => `  - ${p.field}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates raw configuration data; every problem names its field. */
export function parseStationConfig(raw: unknown, source: string): StationConfig {
  const result = StationConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(file)',
      problem: describeIssue(issue),
    })),
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}

export const defaultStationConfig: StationConfig = StationConfigSchema.parse({});

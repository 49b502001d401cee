import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isCalendarDate } from '../main/domain';
import { TrustEnv, trustPolicyFromEnv, type TrustPolicy } from './auth/trust-policy';

/**
 * How `npm run service` is configured, from its environment and arguments. By default the
 * embedded PGlite database and the evidence files live in one data directory that survives a
 * restart (SERVICE_DATA_DIR, else ~/.local/share/bonus-service); only `--in-memory` (or
 * SERVICE_IN_MEMORY=1) keeps everything in memory and a temporary folder, for tests and demos.
 * With DATABASE_URL the service uses PostgreSQL and SERVICE_BLOB_DIR, which every process and
 * instance of the service shares.
 */
const Env = TrustEnv.extend({
  DATABASE_URL: z.string().url().optional(),
  SERVICE_DATA_DIR: z.string().min(1).optional(),
  SERVICE_IN_MEMORY: z.enum(['0', '1']).optional(),
  /** The evidence file store: content-addressed files, the database holds only what is there. */
  SERVICE_BLOB_DIR: z.string().min(1).optional(),
  SERVICE_ADMIN_TOKEN: z.string().min(16).optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** Stateless service processes on one port (Node cluster); more than one needs PostgreSQL. */
  SERVICE_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** How long a bank or address change waits for the member's approval in the app (2FA window). */
  SERVICE_CHANGE_WINDOW_MINUTES: z.coerce.number().positive().max(10_080).optional(),
  /** Catalogs (rule-set JSON, comma-separated paths) evaluated besides the built-in ones, as a kiosk's kiosk.ruleSetFiles. */
  SERVICE_RULE_SET_FILES: z.string().min(1).optional(),
  XDG_DATA_HOME: z.string().min(1).optional(),
  /** Test hook, never for production: the date rules' day (YYYY-MM-DD), see `testToday`. */
  SERVICE_TEST_TODAY: z.string().optional(),
});

export interface ServiceConfig {
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string | null };
  /** Null: a temporary directory removed on exit (in memory only). */
  blobDir: string | null;
  /** Where the data lives, for the start message; null in memory. */
  dataDir: string | null;
  adminToken: { value: string; source: 'environment' | 'file' | 'generated'; file: string | null };
  host: string;
  port: number;
  processes: number;
  changeWindowMinutes?: number;
  ruleSetFiles: string[];
  /** Member search limits and the declaration tolerance (SERVICE_SEARCH_*, SERVICE_DECLARATION_TOLERANCE_HOURS). */
  trust: TrustPolicy;
  /**
   * SERVICE_TEST_TODAY, a test hook: the date rules (a measure's date not in the future,
   * participation deadlines, the as-of day of an evaluation) run on this day in Berlin at the real
   * time of day, as a station's do with BONUS_STATION_TEST_TODAY; signatures, nonces, tokens, rate
   * windows and audit times keep the real clock. Null: the real day.
   */
  testToday: string | null;
}

export function defaultDataDir(env: { XDG_DATA_HOME?: string }): string {
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'bonus-service');
}

/**
 * PGlite and the evidence files of a data directory: `<dir>/pglite` and `<dir>/evidence`. A
 * directory that already is a PGlite database (the layout before the data directory held both)
 * keeps it, with its evidence beside it in `<dir>-blobs`, so nothing stored moves.
 */
export function dataDirLayout(dir: string): { pglite: string; evidence: string } {
  const root = resolve(dir);
  if (existsSync(join(root, 'PG_VERSION'))) return { pglite: root, evidence: join(dirname(root), `${basename(root)}-blobs`) };
  return { pglite: join(root, 'pglite'), evidence: join(root, 'evidence') };
}

export function serviceConfig(rawEnv: NodeJS.ProcessEnv, argv: readonly string[]): ServiceConfig {
  const env = Env.parse(rawEnv);
  if (env.SERVICE_TEST_TODAY !== undefined && !isCalendarDate(env.SERVICE_TEST_TODAY)) throw new Error(`SERVICE_TEST_TODAY (a test hook) must be a date YYYY-MM-DD, not "${env.SERVICE_TEST_TODAY}"`);
  const unknown = argv.filter((a) => a !== '--in-memory');
  if (unknown.length > 0) throw new Error(`Unknown argument ${unknown.join(' ')}; the service is configured by environment variables (service/README.md), and --in-memory keeps nothing`);
  const inMemory = argv.includes('--in-memory') || env.SERVICE_IN_MEMORY === '1';
  if (env.DATABASE_URL && inMemory) throw new Error('--in-memory is for the embedded database; with DATABASE_URL the data is in PostgreSQL');
  if (env.DATABASE_URL && !env.SERVICE_BLOB_DIR) throw new Error('SERVICE_BLOB_DIR must be set with DATABASE_URL: the evidence files are kept there (a directory every instance of the service shares, backed up with the database)');
  if (!env.DATABASE_URL && env.SERVICE_PROCESSES > 1) throw new Error('SERVICE_PROCESSES above 1 needs DATABASE_URL: the embedded database belongs to one process');
  const dataDir = env.DATABASE_URL || inMemory ? null : resolve(env.SERVICE_DATA_DIR ?? defaultDataDir(env));
  const layout = dataDir ? dataDirLayout(dataDir) : null;
  const database: ServiceConfig['database'] = env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dir: layout?.pglite ?? null };
  const blobDir = env.SERVICE_BLOB_DIR ? resolve(env.SERVICE_BLOB_DIR) : (layout?.evidence ?? null);
  if (layout) mkdirSync(dirname(layout.pglite), { recursive: true, mode: 0o700 });
  return {
    database,
    blobDir,
    dataDir,
    adminToken: adminToken(env.SERVICE_ADMIN_TOKEN, dataDir),
    host: env.HOST,
    port: env.PORT,
    processes: env.SERVICE_PROCESSES,
    ...(env.SERVICE_CHANGE_WINDOW_MINUTES ? { changeWindowMinutes: env.SERVICE_CHANGE_WINDOW_MINUTES } : {}),
    ruleSetFiles: env.SERVICE_RULE_SET_FILES ? env.SERVICE_RULE_SET_FILES.split(',').map((p) => p.trim()) : [],
    trust: trustPolicyFromEnv(env),
    testToday: env.SERVICE_TEST_TODAY ?? null,
  };
}

/**
 * The administrator credential: SERVICE_ADMIN_TOKEN, else the one generated at the first start
 * and kept in the data directory (mode 0600), so a restart does not change it; in memory a new
 * one per run.
 */
function adminToken(fromEnv: string | undefined, dataDir: string | null): ServiceConfig['adminToken'] {
  if (fromEnv) return { value: fromEnv, source: 'environment', file: null };
  if (!dataDir) return { value: randomBytes(24).toString('base64url'), source: 'generated', file: null };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length < 16) throw new Error(`${file} does not hold an admin token of at least 16 characters`);
    return { value, source: 'file', file };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, source: 'generated', file };
}

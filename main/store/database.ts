import { existsSync, statSync } from 'node:fs';
import DatabaseConstructor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { migrations as allMigrations, latestSchemaVersion, type Migration } from './migrations';
import { migrate, schemaVersion } from './migrate';
import { auditKeyFromDatabaseKey, bindAuditKey, type AuditKeySource } from './audit-key';

export class WrongDatabaseKeyError extends Error {
  constructor(readonly path: string) {
    super(`The station database ${path} cannot be opened with this key (wrong key, or not a station database). Nothing was changed.`);
    this.name = 'WrongDatabaseKeyError';
  }
}

export interface OpenOptions {
  path: string;
  /** 32 random bytes; the database is encrypted with them (SQLite3MultipleCiphers, ChaCha20-Poly1305). */
  key: Buffer;
  /** Create the file if it does not exist. A caller that lost its key passes false. */
  create?: boolean;
  migrations?: readonly Migration[];
  /**
   * The audit log's chain key, held apart from the database key (key file or OS key store, see
   * main/station/station-keys.ts). Without one (tests, benchmarks) a key made from the database
   * key is used, which protects nothing against its holder.
   */
  auditKey?: AuditKeySource;
}

export interface StationDatabase {
  db: Database;
  path: string;
  close(): void;
}

/**
 * Opens (or creates) the encrypted station database and brings its schema up to date.
 * A wrong key is reported as WrongDatabaseKeyError and never leads to a new, empty database
 * or to any write to the existing file.
 */
export function openStationDatabase(options: OpenOptions): StationDatabase {
  const { path, key } = options;
  if (key.length !== 32) throw new Error('The database key must be 32 bytes');
  const exists = path !== ':memory:' && existsSync(path);
  if (!exists && options.create === false) throw new Error(`The station database ${path} does not exist`);

  const db = new DatabaseConstructor(path, { fileMustExist: exists });
  try {
    applyKey(db, key);
    // Check the key with a read before anything could write: a wrong key leaves the file untouched.
    if (exists) assertKeyOpens(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? allMigrations);
    bindAuditKey(db, options.auditKey ?? auditKeyFromDatabaseKey(key));
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, path, close: () => db.close() };
}

function applyKey(db: Database, key: Buffer): void {
  db.pragma(`cipher = 'chacha20'`);
  db.pragma(`hexkey = '${key.toString('hex')}'`);
}

function assertKeyOpens(db: Database, path: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new WrongDatabaseKeyError(path);
    throw error;
  }
}

export function databaseInfo(store: StationDatabase): { schemaVersion: number; latestSchemaVersion: number; journalMode: string; sizeBytes: number } {
  const journalMode = String(store.db.pragma('journal_mode', { simple: true }));
  const size = (suffix: string) => (existsSync(store.path + suffix) ? statSync(store.path + suffix).size : 0);
  return {
    schemaVersion: schemaVersion(store.db),
    latestSchemaVersion,
    journalMode,
    sizeBytes: store.path === ':memory:' ? 0 : size('') + size('-wal'),
  };
}

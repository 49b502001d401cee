import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadStationConfig, type LoadedConfig } from '../config/load';
import type { AuditKeySource } from '../store/audit-key';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { loadAuditKey, loadDatabaseKey } from '../store/key-file';
import { databaseFileName } from './station-options';

/** Where a station run under Node keeps its data when the config names no dataDir. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return env.BONUS_STATION_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'bonus-station');
}

/** Config path from --config, else BONUS_STATION_CONFIG, else none (embedded defaults). */
export function resolveConfig(configArg: string | undefined, env: NodeJS.ProcessEnv): LoadedConfig {
  return loadStationConfig(configArg ?? (env.BONUS_STATION_CONFIG || undefined), defaultDataDir(env));
}

/** The folder of the key files: the configured keyDir, else the data folder. */
export function keyDirOf(loaded: LoadedConfig): string {
  return loaded.keyDir ?? loaded.dataDir;
}

/**
 * The database key for a station run under Node; creates the data and key folders (0700) on
 * first start, and closes a data folder of its own that someone opened to others: the kiosk
 * browser's OS user, or any other, must not read the database, the images or a key beside them.
 */
export function resolveDatabaseKey(loaded: LoadedConfig, env: NodeJS.ProcessEnv) {
  mkdirSync(loaded.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(keyDirOf(loaded), { recursive: true, mode: 0o700 });
  closeToOthers(loaded.dataDir);
  return loadDatabaseKey({
    keyFile: join(keyDirOf(loaded), 'station.key'),
    databaseExists: existsSync(join(loaded.dataDir, databaseFileName)),
    env,
  });
}

function closeToOthers(dir: string): void {
  const stat = statSync(dir);
  // A folder owned by someone else (root's keyDir, docs/kiosk-setup.md) is the administrator's to set.
  if (stat.uid === process.getuid?.() && (stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The audit log's chain key for a station run under Node: its own key file beside the database key, never derived from it. */
export function resolveAuditKey(loaded: LoadedConfig, env: NodeJS.ProcessEnv): AuditKeySource {
  return (chainKeyed) => loadAuditKey({ keyFile: join(keyDirOf(loaded), 'audit.key'), chainKeyed, env });
}

/** Opens a Node-run station's database with both of its keys: for the command line and tools. */
export function openStationStore(loaded: LoadedConfig, env: NodeJS.ProcessEnv, options: { create?: boolean } = {}): StationDatabase {
  const { key } = resolveDatabaseKey(loaded, env);
  return openStationDatabase({ path: join(loaded.dataDir, databaseFileName), key, auditKey: resolveAuditKey(loaded, env), ...options });
}

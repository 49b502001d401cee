import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadStationConfig, type LoadedConfig } from '../config/load';
import { loadDatabaseKey } from '../store/key-file';
import { databaseFileName } from './station-options';

/** Where a station run under Node keeps its data when the config names no dataDir. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return env.BONUS_STATION_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'bonus-station');
}

/** Config path from --config, else BONUS_STATION_CONFIG, else none (embedded defaults). */
export function resolveConfig(configArg: string | undefined, env: NodeJS.ProcessEnv): LoadedConfig {
  return loadStationConfig(configArg ?? (env.BONUS_STATION_CONFIG || undefined), defaultDataDir(env));
}

/** The database key for a station run under Node; creates the data folder (0700) on first start. */
export function resolveDatabaseKey(loaded: LoadedConfig, env: NodeJS.ProcessEnv) {
  mkdirSync(loaded.dataDir, { recursive: true, mode: 0o700 });
  return loadDatabaseKey({
    keyFile: join(loaded.dataDir, 'station.key'),
    databaseExists: existsSync(join(loaded.dataDir, databaseFileName)),
    env,
  });
}

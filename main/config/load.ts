import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, defaultStationConfig, parseStationConfig, type StationConfig } from './station-config';

export interface LoadedConfig {
  config: StationConfig;
  /** The file it came from, or "embedded defaults". */
  source: string;
  /** Absolute data directory: the config's dataDir, or the fallback the caller gives. */
  dataDir: string;
  /** Absolute key folder when the config names one; else the keys are in the data directory. */
  keyDir?: string;
}

/**
 * Loads the station configuration. With no path, the embedded defaults apply. A file that
 * exists but cannot be read or parsed stops the start with a message naming the problem.
 */
export function loadStationConfig(path: string | undefined, fallbackDataDir: string): LoadedConfig {
  if (!path) {
    return { config: defaultStationConfig, source: 'embedded defaults', dataDir: resolve(fallbackDataDir) };
  }
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new ConfigError(file, [{ field: '(file)', problem: code === 'ENOENT' ? 'file not found' : `cannot be read (${code})` }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [{ field: '(file)', problem: `not valid JSON: ${(error as Error).message}` }]);
  }
  const config = parseStationConfig(raw, file);
  const fromFile = (path: string) => (isAbsolute(path) ? path : resolve(dirname(file), path));
  const dataDir = config.dataDir ? fromFile(config.dataDir) : resolve(fallbackDataDir);
  return { config, source: file, dataDir, ...(config.keyDir ? { keyDir: fromFile(config.keyDir) } : {}) };
}

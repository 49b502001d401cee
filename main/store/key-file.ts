import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/**
 * The database key for the loopback host: from BONUS_STATION_DB_KEY (64 hex digits) when set,
 * otherwise from a 0600 key file that is created on first start. In the Electron app the key
 * comes from safeStorage instead (main/app).
 *
 * A key file is only ever created when there is no database yet: a database without its key
 * is an error, never a reason to make a new key.
 */
export function loadDatabaseKey(options: { keyFile: string; databaseExists: boolean; env?: NodeJS.ProcessEnv }): { key: Buffer; source: 'environment' | 'key file' | 'new key file' } {
  const fromEnv = (options.env ?? process.env).BONUS_STATION_DB_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new KeyFileError('BONUS_STATION_DB_KEY must be 64 hexadecimal digits (32 bytes)');
    return { key: Buffer.from(fromEnv, 'hex'), source: 'environment' };
  }
  if (existsSync(options.keyFile)) return { key: readKeyFile(options.keyFile), source: 'key file' };
  if (options.databaseExists) {
    throw new KeyFileError(`The key file ${options.keyFile} is missing but a station database exists. Restore the key file; a new key would not open the existing data.`);
  }
  const key = randomBytes(32);
  // 'wx': never overwrite a key file that appeared meanwhile; mode 0600: readable by the station's user only.
  const fd = openSync(options.keyFile, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
  } finally {
    closeSync(fd);
  }
  return { key, source: 'new key file' };
}

function readKeyFile(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const mode = fstatSync(fd).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new KeyFileError(`The key file ${path} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
    }
  } finally {
    closeSync(fd);
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new KeyFileError(`The key file ${path} does not hold a 32-byte hex key`);
  return Buffer.from(text, 'hex');
}

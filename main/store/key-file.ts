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
  writeNewKeyFile(options.keyFile, key);
  return { key, source: 'new key file' };
}

/**
 * The audit log's chain key (main/store/audit-log.ts), kept apart from the database key: from
 * BONUS_STATION_AUDIT_KEY, else from its own key file, created on first start. Once the log is
 * keyed (`chainKeyed`), a missing key file is an error: a new key would make every entry look forged.
 */
export function loadAuditKey(options: { keyFile: string; chainKeyed: boolean; env?: NodeJS.ProcessEnv }): Buffer {
  const fromEnv = (options.env ?? process.env).BONUS_STATION_AUDIT_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new KeyFileError('BONUS_STATION_AUDIT_KEY must be 64 hexadecimal digits (32 bytes)');
    return Buffer.from(fromEnv, 'hex');
  }
  if (existsSync(options.keyFile)) return readKeyFile(options.keyFile);
  if (options.chainKeyed) {
    throw new KeyFileError(`The audit key file ${options.keyFile} is missing but this station's audit log is chained with it. Restore the key file; a new key would make the whole log look forged.`);
  }
  const key = randomBytes(32);
  writeNewKeyFile(options.keyFile, key);
  return key;
}

function writeNewKeyFile(path: string, key: Buffer): void {
  // 'wx': never overwrite a key file that appeared meanwhile; mode 0600: readable by the station's user only.
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Others may never read a key file. The group may read one only when someone else (root) owns it
 * and shares it read-only with the station's group (the production layout, docs/kiosk-setup.md),
 * so that the station's own user cannot change or delete it.
 */
function checkMode(path: string, info: { mode: number; uid: number }): void {
  if (process.platform === 'win32') return;
  const mode = info.mode & 0o777;
  const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
  if ((mode & 0o027) !== 0 || ((mode & 0o040) !== 0 && ours)) {
    throw new KeyFileError(`The key file ${path} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
  }
}

function readKeyFile(path: string): Buffer {
  const fd = openSync(path, 'r');
  let text: string;
  try {
    checkMode(path, fstatSync(fd));
    text = readFileSync(fd, 'utf8').trim();
  } finally {
    closeSync(fd);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new KeyFileError(`The key file ${path} does not hold a 32-byte hex key`);
  return Buffer.from(text, 'hex');
}

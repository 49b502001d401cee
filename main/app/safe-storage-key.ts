import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { safeStorage } from 'electron';

/**
 * The database key inside the Electron app: 32 random bytes, stored only encrypted by the OS
 * (DPAPI on Windows, the keyring on Linux). A key is created only when there is no database
 * yet; a database whose key is gone is an error, never a reason to start over.
 */
export function loadSafeStorageKey(keyFile: string, databaseExists: boolean): Buffer {
  return loadOrCreate(keyFile, databaseExists, 'a station database exists');
}

/**
 * The audit log's chain key (main/store/audit-log.ts): a second key of its own, stored the same
 * way, so that the database key alone cannot rewrite the log. Once the log is chained with it, a
 * missing key is an error.
 */
export function loadSafeStorageAuditKey(keyFile: string, chainKeyed: boolean): Buffer {
  return loadOrCreate(keyFile, chainKeyed, "the station's audit log is chained with it");
}

function loadOrCreate(keyFile: string, mustExist: boolean, because: string): Buffer {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('The operating system offers no secure storage for the database key (safeStorage unavailable); the station will not store health data unprotected.');
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new Error('No keyring is available (safeStorage backend "basic_text"); install and unlock a keyring (gnome-keyring or kwallet) for the station user.');
  }
  if (existsSync(keyFile)) {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(keyFile)), 'hex');
    if (key.length !== 32) throw new Error(`The key file ${keyFile} does not hold a 32-byte key`);
    return key;
  }
  if (mustExist) throw new Error(`The key file ${keyFile} is missing but ${because}; restore the key file.`);
  const key = randomBytes(32);
  writeFileSync(keyFile, safeStorage.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
  return key;
}

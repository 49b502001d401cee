import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { KeyFileError, loadDatabaseKey } from './key-file';

const tempDir = useTempDir();

describe('the loopback host database key', () => {
  it('creates a 0600 key file on first start and reads the same key afterwards', () => {
    const keyFile = join(tempDir(), 'station.key');
    const first = loadDatabaseKey({ keyFile, databaseExists: false, env: {} });
    expect(first.source).toBe('new key file');
    expect(first.key).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = loadDatabaseKey({ keyFile, databaseExists: true, env: {} });
    expect(second.source).toBe('key file');
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('never makes a new key for an existing database whose key file is gone', () => {
    const keyFile = join(tempDir(), 'station.key');
    expect(() => loadDatabaseKey({ keyFile, databaseExists: true, env: {} })).toThrow(/missing but a station database exists/);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('takes the key from BONUS_STATION_DB_KEY and validates it', () => {
    const keyFile = join(tempDir(), 'station.key');
    const hex = 'ab'.repeat(32);
    expect(loadDatabaseKey({ keyFile, databaseExists: true, env: { BONUS_STATION_DB_KEY: hex } }).key.toString('hex')).toBe(hex);
    expect(() => loadDatabaseKey({ keyFile, databaseExists: true, env: { BONUS_STATION_DB_KEY: 'short' } })).toThrow(KeyFileError);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a key file that other users can read', () => {
    const keyFile = join(tempDir(), 'station.key');
    writeFileSync(keyFile, `${'cd'.repeat(32)}\n`, { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    expect(() => loadDatabaseKey({ keyFile, databaseExists: true, env: {} })).toThrow(/readable by other users/);
  });

  it('refuses a key file with garbage in it and leaves it as it is', () => {
    const keyFile = join(tempDir(), 'station.key');
    writeFileSync(keyFile, 'not a key\n', { mode: 0o600 });
    expect(() => loadDatabaseKey({ keyFile, databaseExists: true, env: {} })).toThrow(/does not hold a 32-byte hex key/);
    expect(readFileSync(keyFile, 'utf8')).toBe('not a key\n');
  });
});

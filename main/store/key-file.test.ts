import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { KeyFileError, loadAuditKey, loadDatabaseKey } from './key-file';

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

  it('shares a key file read-only with the group only when another user (root) owns it', () => {
    const keyFile = join(tempDir(), 'station.key');
    writeFileSync(keyFile, `${'cd'.repeat(32)}\n`);
    chmodSync(keyFile, 0o640);
    // Owned by the station's own user: a group-readable key is refused.
    expect(() => loadDatabaseKey({ keyFile, databaseExists: true, env: {} })).toThrow(/readable by other users/);
    chmodSync(keyFile, 0o660);
    expect(() => loadDatabaseKey({ keyFile, databaseExists: true, env: {} })).toThrow(/readable by other users/);
  });
});

describe('the audit key', () => {
  it('is a key file of its own, created once, never made anew for a chained log', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'audit.key');
    const first = loadAuditKey({ keyFile, chainKeyed: false, env: {} });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadAuditKey({ keyFile, chainKeyed: true, env: {} }).equals(first)).toBe(true);
    const database = loadDatabaseKey({ keyFile: join(dir, 'station.key'), databaseExists: false, env: {} });
    expect(database.key.equals(first)).toBe(false);
    expect(() => loadAuditKey({ keyFile: join(dir, 'gone.key'), chainKeyed: true, env: {} })).toThrow(/missing but this station's audit log is chained with it/);
    expect(existsSync(join(dir, 'gone.key'))).toBe(false);
  });

  it('takes BONUS_STATION_AUDIT_KEY and validates it', () => {
    const keyFile = join(tempDir(), 'audit.key');
    expect(loadAuditKey({ keyFile, chainKeyed: true, env: { BONUS_STATION_AUDIT_KEY: 'ef'.repeat(32) } }).toString('hex')).toBe('ef'.repeat(32));
    expect(() => loadAuditKey({ keyFile, chainKeyed: true, env: { BONUS_STATION_AUDIT_KEY: 'xyz' } })).toThrow(KeyFileError);
  });
});

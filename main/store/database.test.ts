import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { databaseInfo, openStationDatabase, WrongDatabaseKeyError } from './database';
import { MigrationError, schemaVersion } from './migrate';
import { migrations } from './migrations';

const tempDir = useTempDir();
const fileDigest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the encrypted station database', () => {
  it('stores no plaintext of what is written to it, in the main file or the WAL', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    const store = openStationDatabase({ path, key });
    const secret = 'Müller-Lüdenscheidt A123457895 Zahnvorsorge';
    store.db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)').run('probe', secret);
    // Before the checkpoint the row lives in the WAL; check both files.
    for (const file of [path, `${path}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from('A123457895'))).toBe(false);
    }
    store.close();
    expect(readFileSync(path).includes(Buffer.from('A123457895'))).toBe(false);
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    const reopened = openStationDatabase({ path, key });
    expect(reopened.db.prepare('SELECT value FROM station_meta WHERE key = ?').pluck().get('probe')).toBe(secret);
    reopened.close();
  });

  it('runs in WAL mode', () => {
    const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
    expect(databaseInfo(store).journalMode).toBe('wal');
    store.close();
  });

  it('refuses a wrong key with a clear error and does not touch the file', () => {
    const path = join(tempDir(), 'station.db');
    const store = openStationDatabase({ path, key: randomBytes(32) });
    store.db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)').run('kept', 'yes');
    store.close();
    const before = fileDigest(path);

    expect(() => openStationDatabase({ path, key: randomBytes(32) })).toThrow(WrongDatabaseKeyError);
    expect(() => openStationDatabase({ path, key: randomBytes(32) })).toThrow(/cannot be opened with this key/);
    expect(fileDigest(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('treats a file that is not a database as a wrong key, never replacing it', () => {
    const path = join(tempDir(), 'station.db');
    writeFileSync(path, randomBytes(8192));
    const before = fileDigest(path);
    expect(() => openStationDatabase({ path, key: randomBytes(32) })).toThrow(WrongDatabaseKeyError);
    expect(fileDigest(path)).toBe(before);
  });

  it('does not create a database when asked to open an existing one that is missing', () => {
    const path = join(tempDir(), 'station.db');
    expect(() => openStationDatabase({ path, key: randomBytes(32), create: false })).toThrow(/does not exist/);
    expect(existsSync(path)).toBe(false);
  });

  it('leaves the database at the previous version and usable when a migration fails half-way', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key }).close();
    const failing = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'half-way',
        up(db: Database) {
          db.exec('CREATE TABLE half_done (x INTEGER)');
          db.exec('INSERT INTO half_done VALUES (1)');
          throw new Error('power cut');
        },
      },
    ];
    expect(() => openStationDatabase({ path, key, migrations: failing })).toThrow(MigrationError);

    const store = openStationDatabase({ path, key });
    expect(schemaVersion(store.db)).toBe(migrations.length);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    store.db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)').run('still', 'usable');
    store.close();
  });

  it('refuses a database newer than the app instead of guessing', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    const store = openStationDatabase({ path, key });
    store.db.pragma('user_version = 999');
    store.close();
    expect(() => openStationDatabase({ path, key })).toThrow(/newer than this app/);
  });
});

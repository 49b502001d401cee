import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { openStationDatabase } from './database';
import { schemaVersion } from './migrate';
import { migrations } from './migrations';

const tempDir = useTempDir();

/**
 * A migration interrupted for real: a child process applies a long migration and is killed
 * with SIGKILL while the transaction is open. The next open finds the old version, the old
 * data, and migrates cleanly.
 */
describe('a migration killed mid-way', () => {
  it('leaves the database usable at its previous version', async () => {
    const dir = tempDir();
    const path = join(dir, 'station.db');
    const key = randomBytes(32);
    const store = openStationDatabase({ path, key });
    store.db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)').run('before', 'kept');
    store.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../test/support/slow-migration-child.ts'), path, key.toString('hex')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('inside-migration')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const reopened = openStationDatabase({ path, key });
    expect(schemaVersion(reopened.db)).toBe(migrations.length);
    expect(reopened.db.prepare("SELECT value FROM station_meta WHERE key = 'before'").pluck().get()).toBe('kept');
    expect(reopened.db.prepare("SELECT name FROM sqlite_master WHERE name = 'slow_table'").get()).toBeUndefined();
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});

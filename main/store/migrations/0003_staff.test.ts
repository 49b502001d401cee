import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0003 (staff)', () => {
  it('adds staff accounts with roles limited to clerk, field and admin, on top of the earlier schema', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    const before = openStationDatabase({ path, key, migrations: migrations.slice(0, 2) });
    before.db.prepare("INSERT INTO station_meta (key, value) VALUES ('kept', 'yes')").run();
    before.close();

    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 3) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(3);
    expect(store.db.prepare("SELECT value FROM station_meta WHERE key = 'kept'").pluck().get()).toBe('yes');
    const insert = store.db.prepare("INSERT INTO staff_account (staff_id, display_name, role, password_hash, created_at, created_by) VALUES (?, 'N', ?, 'h', 't', 'cli')");
    insert.run('c1', 'clerk');
    expect(() => insert.run('x1', 'member')).toThrow(/CHECK constraint/);
    expect(() => insert.run('c1', 'admin')).toThrow(/UNIQUE|PRIMARY KEY/);
    store.close();
  });
});

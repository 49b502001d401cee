import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0006 (field)', () => {
  it('adds events and check-ins, with at most one recorded check-in per person and event', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key, migrations: migrations.slice(0, 5) }).close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 6) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(6);
    const insert = store.db.prepare("INSERT INTO field_checkin (id, event_id, member_ref, year, at, staff_id, method, outcome) VALUES (?, 'e1', 'm1', 2026, 't', 's', 'card', ?)");
    insert.run('c1', 'recorded');
    insert.run('c2', 'duplicate');
    expect(() => insert.run('c3', 'recorded')).toThrow(/UNIQUE/);
    expect(() => insert.run('c4', 'maybe')).toThrow(/CHECK/);
    store.close();
  });
});

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0009 (field QR check-in)', () => {
  it('keeps earlier check-ins, allows the method "qr", and still one recorded check-in per person and event', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    const before = openStationDatabase({ path, key, migrations: migrations.slice(0, 8) });
    before.db.prepare("INSERT INTO field_checkin (id, event_id, member_ref, year, at, staff_id, method, outcome) VALUES ('c0', 'e1', 'm0', 2026, 't', 's', 'card', 'recorded')").run();
    before.close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 9) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(9);
    expect(store.db.prepare('SELECT id, method FROM field_checkin').all()).toEqual([{ id: 'c0', method: 'card' }]);
    const insert = store.db.prepare("INSERT INTO field_checkin (id, event_id, member_ref, year, at, staff_id, method, outcome) VALUES (?, 'e1', 'm1', 2026, 't', 's', ?, ?)");
    insert.run('c1', 'qr', 'recorded');
    insert.run('c2', 'card', 'duplicate');
    expect(() => insert.run('c3', 'manual', 'recorded')).toThrow(/UNIQUE/);
    expect(() => insert.run('c4', 'photo', 'duplicate')).toThrow(/CHECK/);
    store.close();
  });
});

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0010 (booklet links)', () => {
  it('links a booklet id to one member, and a legacy assignment only to a linked booklet', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key, migrations: migrations.slice(0, 9) }).close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 10) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(10);
    store.db.pragma('foreign_keys = ON');
    const link = store.db.prepare(
      "INSERT INTO booklet_link (booklet_id, member_ref, kvnr, birth_date, year, program, source, issued_at, issued_by) VALUES (?, 'm1', 'A123456780', '1980-01-01', 2026, ?, 'station', 't', 'staff:c')",
    );
    link.run('K7M2Q9X4TR', 'adult');
    expect(() => link.run('K7M2Q9X4TR', 'adult')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => link.run('K7M2Q9X4TS', 'senior')).toThrow(/CHECK/);
    const assign = store.db.prepare("INSERT INTO legacy_assignment (id, page_ref, booklet_id, regions, assigned_by, assigned_at) VALUES (?, ?, ?, '[]', 'staff:c', 't')");
    assign.run('a1', 'p1', 'K7M2Q9X4TR');
    expect(() => assign.run('a2', 'p1', 'K7M2Q9X4TR')).toThrow(/UNIQUE/);
    expect(() => assign.run('a3', 'p2', 'NOSUCHBOOK')).toThrow(/FOREIGN KEY/);
    store.close();
  });
});

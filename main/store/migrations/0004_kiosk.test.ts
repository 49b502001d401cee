import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0004 (kiosk)', () => {
  it('adds identity locks and participation declarations, one per member and year, consent required', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key, migrations: migrations.slice(0, 3) }).close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 4) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(4);
    const insert = store.db.prepare(
      `INSERT INTO participation_declaration (id, member_ref, year, declared_at, declared_on, channel, station_id, declared_by_role, declared_by_ref, consent_sgbv284, terms_version, submission_id)
       VALUES (?, 'm1', ?, 't', '2026-11-22', 'kiosk', 'k1', 'self', 'm1', ?, '2026-01-01', 's')`,
    );
    insert.run('d1', 2026, 1);
    expect(() => insert.run('d2', 2026, 1)).toThrow(/UNIQUE/);
    expect(() => insert.run('d3', 2027, 0)).toThrow(/CHECK/);
    store.db.prepare("INSERT INTO kiosk_identity_lock (member_ref, failed_attempts) VALUES ('m1', 2)").run();
    store.close();
  });
});

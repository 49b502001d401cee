import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0008 (payout application)', () => {
  it('keeps at most one payout application per member and year, with a non-negative amount', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key, migrations: migrations.slice(0, 7) }).close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 8) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(8);
    const insert = store.db.prepare("INSERT INTO payout_application (submission_id, member_ref, year, amount_cents, created_at) VALUES (?, 'm1', ?, ?, 't')");
    insert.run('s1', 2026, 3000);
    insert.run('s2', 2025, 1000);
    expect(() => insert.run('s3', 2026, 1000)).toThrow(/UNIQUE/);
    expect(() => insert.run('s4', 2024, -1)).toThrow(/CHECK/);
    store.close();
  });
});

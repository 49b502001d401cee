import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0005 (measure records)', () => {
  it('adds submitted measures per member with a review state limited to pending, accepted, rejected', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key, migrations: migrations.slice(0, 4) }).close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 5) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(5);
    const insert = store.db.prepare("INSERT INTO measure_record (id, member_ref, submission_id, measure, performed_on, evidence, review, created_at) VALUES (?, 'm', 's', 8, '2026-10-01', 'certificate_photo', ?, 't')");
    insert.run('r1', 'pending');
    expect(() => insert.run('r2', 'maybe')).toThrow(/CHECK/);
    store.close();
  });
});

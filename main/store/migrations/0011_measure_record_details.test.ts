import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0011 (measure record details)', () => {
  it('keeps earlier records and stores a measured value with its unit and a statement code', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    const before = openStationDatabase({ path, key, migrations: migrations.slice(0, 10) });
    before.db.prepare("INSERT INTO measure_record (id, member_ref, submission_id, measure, performed_on, evidence, review, created_at) VALUES ('r1', 'm', 's', 8, '2026-10-01', 'certificate_photo', 'pending', 't')").run();
    before.close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 11) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(11);
    expect(store.db.prepare("SELECT measured_value, measured_unit, statement FROM measure_record WHERE id = 'r1'").get()).toEqual({ measured_value: null, measured_unit: null, statement: null });
    store.db
      .prepare("INSERT INTO measure_record (id, member_ref, submission_id, measure, performed_on, evidence, review, created_at, measured_value, measured_unit, statement) VALUES ('r2', 'm', 's', 1, '2026-10-02', 'measured_value', 'pending', 't', 23.4, 'kg/m2', NULL)")
      .run();
    expect(store.db.prepare("SELECT measured_value, measured_unit FROM measure_record WHERE id = 'r2'").get()).toEqual({ measured_value: 23.4, measured_unit: 'kg/m2' });
    expect(() => store.db.prepare("UPDATE measure_record SET measured_value = 'viel' WHERE id = 'r2'").run()).toThrow(/cannot store TEXT value in REAL column/);
    store.close();
  });
});

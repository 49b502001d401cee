import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0012 (clerk dates, legacy booking)', () => {
  it('keeps earlier fields and assignments (their date: the page’s) and stores a date per field and region crops', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    const before = openStationDatabase({ path, key, migrations: migrations.slice(0, 11) });
    before.db.prepare("INSERT INTO clerk_batch (id, state, created_at, created_by) VALUES ('b', 'open', 't', 'c')").run();
    before.db.prepare("INSERT INTO clerk_page (id, batch_id, seq, state, source, scanned_at) VALUES ('p', 'b', 1, 'recognized', 's', 't')").run();
    before.db.prepare("INSERT INTO clerk_field (page_id, measure, recognized, confidence, ink_share, crop) VALUES ('p', 1, 'stamped', 0.9, 0.1, x'00')").run();
    before.close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 12) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(12);
    expect(store.db.prepare("SELECT performed_on FROM clerk_field WHERE page_id = 'p'").get()).toEqual({ performed_on: null });
    store.db.prepare("UPDATE clerk_field SET performed_on = '2026-03-02' WHERE page_id = 'p'").run();
    store.db.prepare("INSERT INTO legacy_region_crop (page_ref, measure, crop) VALUES ('x', 3, x'ff')").run();
    expect(() => store.db.prepare("INSERT INTO legacy_region_crop (page_ref, measure, crop) VALUES ('x', 3, x'ff')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => store.db.prepare("INSERT INTO legacy_region_crop (page_ref, measure, crop) VALUES ('x', 100, x'ff')").run()).toThrow(/CHECK/);
    store.close();
  });
});

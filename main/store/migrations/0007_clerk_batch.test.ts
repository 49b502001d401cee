import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { openStationDatabase } from '../database';
import { migrations } from '.';

const tempDir = useTempDir();

describe('migration 0007 (clerk batch queue)', () => {
  it('adds batches, pages and fields, with one open batch at a time and only known states', () => {
    const path = join(tempDir(), 'station.db');
    const key = randomBytes(32);
    openStationDatabase({ path, key, migrations: migrations.slice(0, 6) }).close();
    const store = openStationDatabase({ path, key, migrations: migrations.slice(0, 7) });
    expect(store.db.pragma('user_version', { simple: true })).toBe(7);
    const batch = store.db.prepare("INSERT INTO clerk_batch (id, state, created_at, created_by) VALUES (?, ?, 't', 'c.mueller')");
    batch.run('b1', 'open');
    expect(() => batch.run('b2', 'open')).toThrow(/UNIQUE/);
    batch.run('b2', 'closed');
    const page = store.db.prepare("INSERT INTO clerk_page (id, batch_id, seq, state, source, scanned_at, scan) VALUES (?, 'b1', ?, ?, 'sane:pnm:0', 't', x'00')");
    page.run('p1', 1, 'scanned');
    expect(() => page.run('p2', 1, 'scanned')).toThrow(/UNIQUE/);
    expect(() => page.run('p3', 2, 'half-done')).toThrow(/CHECK/);
    const field = store.db.prepare("INSERT INTO clerk_field (page_id, measure, recognized, confidence, ink_share, decision, crop) VALUES ('p1', ?, 'unsure', 0.4, 0.02, ?, x'00')");
    field.run(1, null);
    expect(() => field.run(2, 'maybe')).toThrow(/CHECK/);
    expect(() => field.run(1, 'stamped')).toThrow(/UNIQUE|PRIMARY/);
    store.close();
  });
});

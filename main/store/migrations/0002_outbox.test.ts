import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit-log';
import { openStationDatabase } from '../database';
import { schemaVersion } from '../migrate';
import { migration0001 } from './0001_initial';
import { migrations } from './index';

describe('migration 0002: sync outbox', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDb = () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-migration-'));
    dirs.push(dir);
    return join(dir, 'station.db');
  };

  it('upgrades an encrypted version-1 database in place and keeps what it held', () => {
    const path = tempDb();
    const key = randomBytes(32);
    const v1 = openStationDatabase({ path, key, migrations: [migration0001] });
    appendAudit(v1.db, { actor: 'station', action: 'station.start' });
    v1.close();

    const store = openStationDatabase({ path, key });
    try {
      expect(schemaVersion(store.db)).toBe(migrations.length);
      const tables = (store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(['sync_blobs', 'sync_decisions', 'sync_identity', 'sync_outbox', 'sync_outbox_blobs', 'sync_state']);
      expect(store.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });

  it('refuses outbox rows that break its rules', () => {
    const store = openStationDatabase({ path: tempDb(), key: randomBytes(32) });
    try {
      const insert = (state: string) =>
        store.db.prepare(`INSERT INTO sync_outbox (submission_id, member_ref, payload, measures, payload_bytes, created_at, state) VALUES (?, 'r', '{}', '[]', 2, 'now', ?)`).run(String(Math.random()), state);
      expect(() => insert('pending')).not.toThrow();
      expect(() => insert('lost')).toThrow(/CHECK/);
      expect(() => store.db.prepare(`INSERT INTO sync_outbox_blobs (submission_id, sha256) VALUES ('nope', 'nope')`).run()).toThrow(/FOREIGN KEY/);
      expect(() => store.db.prepare(`INSERT INTO sync_identity (id, station_id, private_key, public_key) VALUES (2, 's', x'00', 'k')`).run()).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});

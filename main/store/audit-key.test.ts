import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { appendAudit, auditHead, verifyAuditChain } from './audit-log';
import { AuditKeyMismatchError } from './audit-key';
import { openStationDatabase, type StationDatabase } from './database';
import { migrations } from './migrations';

const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));
const open = (path: string, key: Buffer, auditKey?: Buffer | ((keyed: boolean) => Buffer)) => {
  const store = openStationDatabase({ path, key, ...(auditKey ? { auditKey } : {}) });
  stores.push(store);
  return store;
};

/** A database as stations kept it before the chain was keyed: plain SHA-256 links. */
function legacyEntries(store: StationDatabase, count: number, breakAt?: number): void {
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= count; seq++) {
    const row = { at: `2026-01-0${seq}T00:00:00.000Z`, actor: 'station', action: `old.${seq}`, subject: null, detail: null };
    let hash = createHash('sha256').update(JSON.stringify([prev, row.at, row.actor, row.action, row.subject, row.detail])).digest('hex');
    if (seq === breakAt) hash = 'f'.repeat(64);
    store.db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(seq, row.at, row.actor, row.action, null, null, prev, hash);
    prev = hash;
  }
}

describe('the keyed audit chain', () => {
  it('re-chains a log written before keys existed once, keeping every entry, and then verifies with the key', () => {
    const path = join(tempDir(), 'station.db');
    const dbKey = randomBytes(32);
    const old = openStationDatabase({ path, key: dbKey, migrations: migrations.slice(0, 1), auditKey: () => randomBytes(32) });
    old.db.prepare("DELETE FROM station_meta WHERE key = 'audit-key-id'").run();
    legacyEntries(old, 3);
    old.close();
    const auditKey = randomBytes(32);
    const store = open(path, dbKey, (keyed) => {
      expect(keyed).toBe(false);
      return auditKey;
    });
    expect(store.db.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all()).toEqual(['old.1', 'old.2', 'old.3']);
    expect(verifyAuditChain(store.db)).toBeNull();
    appendAudit(store.db, { actor: 'station', action: 'new' });
    expect(verifyAuditChain(store.db)).toBeNull();
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
  });

  it('keeps a break of the old chain visible instead of re-chaining over it', () => {
    const path = join(tempDir(), 'station.db');
    const dbKey = randomBytes(32);
    const old = openStationDatabase({ path, key: dbKey, migrations: migrations.slice(0, 1), auditKey: () => randomBytes(32) });
    old.db.prepare("DELETE FROM station_meta WHERE key = 'audit-key-id'").run();
    legacyEntries(old, 4, 3);
    old.close();
    const store = open(path, dbKey, randomBytes(32));
    expect(verifyAuditChain(store.db)).toBe(3);
  });

  it('refuses another audit key for a keyed database at once, and tells the loader the chain is keyed', () => {
    const path = join(tempDir(), 'station.db');
    const dbKey = randomBytes(32);
    const auditKey = randomBytes(32);
    const first = open(path, dbKey, auditKey);
    appendAudit(first.db, { actor: 'station', action: 'x' });
    first.close();
    stores.pop();
    expect(() => openStationDatabase({ path, key: dbKey, auditKey: randomBytes(32) })).toThrow(AuditKeyMismatchError);
    const seen: boolean[] = [];
    open(path, dbKey, (keyed) => (seen.push(keyed), auditKey));
    expect(seen).toEqual([true]);
  });

  it('verifies from an entry already verified, and notices that entry gone or a number skipped', () => {
    const store = open(join(tempDir(), 'station.db'), randomBytes(32), randomBytes(32));
    for (let i = 0; i < 5; i++) appendAudit(store.db, { actor: 'station', action: `a${i}` });
    const head = auditHead(store.db)!;
    appendAudit(store.db, { actor: 'station', action: 'after' });
    expect(verifyAuditChain(store.db, head)).toBeNull();
    store.db.exec('DROP TRIGGER audit_log_no_delete');
    store.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(head.seq);
    expect(verifyAuditChain(store.db, head)).toBe(head.seq);
    expect(verifyAuditChain(store.db)).toBe(head.seq + 1);
  });
});

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { appendAudit, verifyAuditChain } from '../audit-log';
import { openStationDatabase } from '../database';
import { migration0001 } from './0001_initial';

const tempDir = useTempDir();

describe('migration 0001 (initial)', () => {
  const open = () => openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32), migrations: [migration0001] });

  it('creates station_meta and the audit log', () => {
    const store = open();
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['audit_log', 'station_meta']);
    expect(store.db.pragma('user_version', { simple: true })).toBe(1);
    store.close();
  });

  it('makes the audit log append-only and hash-chained', () => {
    const store = open();
    appendAudit(store.db, { actor: 'station', action: 'station.start' });
    appendAudit(store.db, { actor: 'member', action: 'card.read', subject: 'session-1' });
    const third = appendAudit(store.db, { actor: 'staff:c-17', action: 'booklet.book', subject: 'sub-9', detail: 'fields=3' });
    expect(third.seq).toBe(3);
    expect(verifyAuditChain(store.db)).toBeNull();

    expect(() => store.db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    store.close();
  });

  it('detects a tampered entry in the chain', () => {
    const store = open();
    appendAudit(store.db, { actor: 'station', action: 'a' });
    appendAudit(store.db, { actor: 'station', action: 'b' });
    appendAudit(store.db, { actor: 'station', action: 'c' });
    // Someone with the key rewrites history by dropping the triggers first.
    store.db.exec('DROP TRIGGER audit_log_no_update');
    store.db.prepare("UPDATE audit_log SET action = 'forged' WHERE seq = 2").run();
    expect(verifyAuditChain(store.db)).toBe(2);
    store.close();
  });
});

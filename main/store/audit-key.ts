import { createHash, createHmac } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { auditGenesis, auditMac, setAuditKey } from './audit-log';

/** Where a station's audit key comes from: the key itself, or a loader told whether the chain is keyed already. */
export type AuditKeySource = Buffer | ((chainKeyed: boolean) => Buffer);

export class AuditKeyMismatchError extends Error {
  constructor() {
    super('The audit key does not belong to this station database (its audit log was chained with another key). Restore the station\'s own audit key; nothing was changed.');
    this.name = 'AuditKeyMismatchError';
  }
}

const keyIdMeta = 'audit-key-id';

/** A short fingerprint of the audit key, kept in the database so that a wrong key is an error at once, not a "broken" chain later. */
function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('bonus-station audit key id').digest('hex').slice(0, 16);
}

/**
 * For callers that hold only the database key (tests, benchmarks): a key made from it. A station
 * never uses it: the entry points load a key of their own (key file or the OS key store), since a
 * key made from the database key protects nothing against whoever has that.
 */
export function auditKeyFromDatabaseKey(dbKey: Buffer): Buffer {
  return createHmac('sha256', dbKey).update('bonus-station audit chain, key made from the database key').digest();
}

/**
 * Binds the audit key to an opened database. A database whose log was chained before keys existed
 * (plain SHA-256) is re-chained with the key once, in one transaction, as far as its old chain is
 * intact: from the first broken entry on the old hashes stay, so the break still shows.
 */
export function bindAuditKey(db: Database, source: AuditKeySource): void {
  const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get() !== undefined;
  if (!hasLog) return;
  const storedId = db.prepare('SELECT value FROM station_meta WHERE key = ?').pluck().get(keyIdMeta) as string | undefined;
  const key = typeof source === 'function' ? source(storedId !== undefined) : source;
  if (storedId !== undefined) {
    if (storedId !== keyId(key)) throw new AuditKeyMismatchError();
    setAuditKey(db, key);
    return;
  }
  db.transaction(() => {
    rechainLegacy(db, key);
    db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)').run(keyIdMeta, keyId(key));
  }).immediate();
  setAuditKey(db, key);
}

type Row = { seq: number; at: string; actor: string; action: string; subject: string | null; detail: string | null; prev_hash: string; hash: string };

function legacyHash(prev: string, row: Row): string {
  return createHash('sha256').update(JSON.stringify([prev, row.at, row.actor, row.action, row.subject, row.detail])).digest('hex');
}

function rechainLegacy(db: Database, key: Buffer): void {
  const rows = db.prepare('SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq').all() as Row[];
  if (rows.length === 0) return;
  // The append-only trigger is lifted inside this one transaction only.
  db.exec('DROP TRIGGER audit_log_no_update');
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  let oldPrev = auditGenesis;
  let newPrev = auditGenesis;
  for (const row of rows) {
    if (row.prev_hash !== oldPrev || row.hash !== legacyHash(oldPrev, row)) break;
    const hash = auditMac(key, newPrev, row.at, { actor: row.actor, action: row.action, subject: row.subject ?? undefined, detail: row.detail ?? undefined });
    update.run(newPrev, hash, row.seq);
    oldPrev = row.hash;
    newPrev = hash;
  }
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
}

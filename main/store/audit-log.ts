import { createHmac } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface AuditEntry {
  /** Who acted: "member" (kiosk session), "staff:<id>", "station", "sync". Never a name or KVNR. */
  actor: string;
  /** What happened, as a stable code: "card.read", "booklet.view", "staff.signin", … */
  action: string;
  /** Pseudonymous reference to the data touched (e.g. a submission id or a hashed member reference). */
  subject?: string;
  detail?: string;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'subject' | 'detail'>> {
  seq: number;
  at: string;
  subject: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

/** The newest entry: what the station reports to the service so that a cut-off chain shows. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export const auditGenesis = '0'.repeat(64);

/**
 * The chain is keyed: each entry's hash is an HMAC-SHA-256 over the previous hash and the entry,
 * with a key the station holds apart from the database key (main/store/audit-key.ts). Whoever
 * has only the database key can read the log but cannot rewrite an entry without breaking the
 * chain. The key belongs to the open database handle, so that every module appends with it.
 */
const keys = new WeakMap<Database, Buffer>();

export function setAuditKey(db: Database, key: Buffer): void {
  if (key.length !== 32) throw new Error('The audit key must be 32 bytes');
  keys.set(db, key);
}

function keyOf(db: Database): Buffer {
  const key = keys.get(db);
  if (!key) throw new Error('This database was opened without its audit key');
  return key;
}

export function auditMac(key: Buffer, prevHash: string, at: string, entry: AuditEntry): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([prevHash, at, entry.actor, entry.action, entry.subject ?? null, entry.detail ?? null]))
    .digest('hex');
}

/** Appends an entry linked to the previous one by its keyed hash; the table itself refuses updates and deletes. */
export function appendAudit(db: Database, entry: AuditEntry, now: Date = new Date()): AuditRow {
  const key = keyOf(db);
  return db.transaction(() => {
    const last = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
    const prevHash = last?.hash ?? auditGenesis;
    const at = now.toISOString();
    const hash = auditMac(key, prevHash, at, entry);
    const info = db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(at, entry.actor, entry.action, entry.subject ?? null, entry.detail ?? null, prevHash, hash);
    return { seq: Number(info.lastInsertRowid), at, actor: entry.actor, action: entry.action, subject: entry.subject ?? null, detail: entry.detail ?? null, prevHash, hash };
  }).immediate();
}

type StoredRow = { seq: number; at: string; actor: string; action: string; subject: string | null; detail: string | null; prevHash: string; hash: string };
const rowColumns = 'seq, at, actor, action, subject, detail, prev_hash AS prevHash, hash';

/**
 * Recomputes the chain, from the start or from an entry already verified (`from`, whose own hash
 * is taken as it is); returns the first broken sequence number, or null when intact. Sequence
 * numbers must follow one another: a row deleted from the middle breaks the chain too.
 */
export function verifyAuditChain(db: Database, from?: AuditHead): number | null {
  let at = from ?? null;
  for (;;) {
    const segment = verifyAuditSegment(db, at, Number.MAX_SAFE_INTEGER);
    if (segment.broken !== null || segment.done) return segment.broken;
    at = segment.last;
  }
}

/**
 * Verifies at most `limit` entries after `from` (null: from the start): the first broken entry,
 * or the last one verified and whether the end was reached. Lets a caller verify a long log in
 * steps without holding the event loop (main/sync/audit-head.ts).
 */
export function verifyAuditSegment(db: Database, from: AuditHead | null, limit: number): { broken: number | null; last: AuditHead | null; done: boolean } {
  const key = keyOf(db);
  let prev = from?.hash ?? auditGenesis;
  let expectedSeq = (from?.seq ?? 0) + 1;
  let last = from;
  if (from) {
    const anchor = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(from.seq) as { hash: string } | undefined;
    if (anchor?.hash !== from.hash) return { broken: from.seq, last, done: true };
  }
  let seen = 0;
  const rows = db.prepare(`SELECT ${rowColumns} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`).iterate(from?.seq ?? 0, limit) as Iterable<StoredRow>;
  for (const row of rows) {
    const expected = auditMac(key, prev, row.at, { actor: row.actor, action: row.action, subject: row.subject ?? undefined, detail: row.detail ?? undefined });
    if (row.seq !== expectedSeq || row.prevHash !== prev || row.hash !== expected) return { broken: row.seq, last, done: true };
    prev = row.hash;
    expectedSeq = row.seq + 1;
    last = { seq: row.seq, hash: row.hash };
    seen++;
  }
  return { broken: null, last, done: seen < limit };
}

/** The newest entry's number and hash; null for an empty log. */
export function auditHead(db: Database): AuditHead | null {
  return (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined) ?? null;
}

/** The hash of one entry, or null when there is no such entry. */
export function auditHashAt(db: Database, seq: number): string | null {
  return (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(seq) as string | undefined) ?? null;
}

import { createHash } from 'node:crypto';
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

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, at: string, entry: AuditEntry): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, at, entry.actor, entry.action, entry.subject ?? null, entry.detail ?? null]))
    .digest('hex');
}

/** Appends an entry linked to the previous one by hash; the table itself refuses updates and deletes. */
export function appendAudit(db: Database, entry: AuditEntry, now: Date = new Date()): AuditRow {
  return db.transaction(() => {
    const last = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
    const prevHash = last?.hash ?? GENESIS;
    const at = now.toISOString();
    const hash = entryHash(prevHash, at, entry);
    const info = db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(at, entry.actor, entry.action, entry.subject ?? null, entry.detail ?? null, prevHash, hash);
    return { seq: Number(info.lastInsertRowid), at, actor: entry.actor, action: entry.action, subject: entry.subject ?? null, detail: entry.detail ?? null, prevHash, hash };
  }).immediate();
}

/** Recomputes the chain; returns the first broken sequence number, or null when intact. */
export function verifyAuditChain(db: Database): number | null {
  let prev = GENESIS;
  const rows = db.prepare('SELECT seq, at, actor, action, subject, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq').iterate() as Iterable<{
    seq: number;
    at: string;
    actor: string;
    action: string;
    subject: string | null;
    detail: string | null;
    prevHash: string;
    hash: string;
  }>;
  for (const row of rows) {
    const expected = entryHash(prev, row.at, { actor: row.actor, action: row.action, subject: row.subject ?? undefined, detail: row.detail ?? undefined });
    if (row.prevHash !== prev || row.hash !== expected) return row.seq;
    prev = row.hash;
  }
  return null;
}
